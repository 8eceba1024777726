package dev.lamb.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * What lamb may do with the user's terminal: prompt only when a person is there to answer, colour
 * only when a person is there to see it. Tests hand in a scripted terminal instead of the system's.
 */
public abstract class Terminals {
    /** True when a person can answer prompts: stdin and stdout are a terminal. */
    public abstract boolean interactive();

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

    /** No terminal at all, as in CI or a pipe. */
    public static Terminals none() {
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
