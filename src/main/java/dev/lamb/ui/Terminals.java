package dev.lamb.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.exec.ExecTerminalProvider;
import org.jline.terminal.spi.SystemStream;

/**
 * What lamb may do with the user's terminal: prompt only when a person is there to answer, colour
 * only when a person is there to see it. Tests hand in a scripted terminal instead of the system's.
 */
public abstract class Terminals {
    /** True when a person can answer prompts: stdin and stdout are a terminal. */
    public abstract boolean interactive();

    /**
     * True when a progress bar, which redraws its line on stderr, may be drawn: a person watches ({@link #interactive()})
     * and stderr is a terminal too, not a log file it is sent to ({@code 2>deploy.log}).
     */
    public boolean progress() {
        return interactive();
    }

    /** True when stdin is a terminal: a person types there, so lamb never reads a secret from it as from a pipe. */
    public boolean stdinIsTerminal() {
        return interactive();
    }

    /** Standard input: what a pipe sends lamb ({@code printf %s VALUE | lamb secrets set NAME}). */
    public InputStream stdin() {
        return System.in;
    }

    /** True when colour may be written: a terminal, and NO_COLOR is not set. */
    public abstract boolean colour();

    /** A JLine terminal for prompts; only called when {@link #interactive()} is true. */
    public abstract Terminal open() throws IOException;

    public static Terminals system() {
        return new Terminals() {
            @Override
            public boolean interactive() {
                return System.console() != null;
            }

            @Override
            public boolean progress() {
                return interactive() && stderrIsTerminal();
            }

            @Override
            public boolean stdinIsTerminal() {
                return interactive() || isTerminal(SystemStream.Input);
            }

            @Override
            public boolean colour() {
                String noColor = System.getenv("NO_COLOR");
                return System.console() != null && (noColor == null || noColor.isEmpty())
                        && !"dumb".equals(System.getenv("TERM"));
            }

            @Override
            public Terminal open() throws IOException {
                return TerminalBuilder.builder().system(true).build();
            }
        };
    }

    /**
     * Whether this process's stderr is a terminal. System.console() answers for stdin and stdout only; JLine's exec
     * provider asks `test -t 2`, which inherits the stream, as it does for its own terminals.
     */
    private static boolean stderrIsTerminal() {
        return isTerminal(SystemStream.Error);
    }

    private static boolean isTerminal(SystemStream stream) {
        try {
            return new ExecTerminalProvider().isSystemStream(stream);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** No terminal at all, as in CI or a pipe; nothing is piped in (and a test's JVM keeps its own stdin to itself). */
    public static Terminals none() {
        return piped(InputStream.nullInputStream());
    }

    /** No terminal, and {@code stdin} as standard input: a pipe into lamb, as tests send one. */
    public static Terminals piped(InputStream stdin) {
        return new Terminals() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public boolean colour() {
                return false;
            }

            @Override
            public InputStream stdin() {
                return stdin;
            }

            @Override
            public Terminal open() {
                throw new IllegalStateException("no terminal");
            }
        };
    }

    /** A dumb JLine terminal reading the given keystrokes: how tests drive the prompts. */
    public static Terminals scripted(InputStream keys, OutputStream screen) {
        return new Terminals() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public boolean colour() {
                return false;
            }

            @Override
            public Terminal open() {
                // The keys are all there at once and JLine reads them on its own thread as soon as the
                // terminal exists, so Ctrl-C must reach the prompt as a key from the start.
                Attributes attributes = new Attributes();
                attributes.setLocalFlag(Attributes.LocalFlag.ISIG, false);
                try {
                    return TerminalBuilder.builder().system(false).type(Terminal.TYPE_DUMB)
                            .attributes(attributes).streams(keys, screen).build();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
