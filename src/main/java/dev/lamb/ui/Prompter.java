package dev.lamb.ui;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.reader.EndOfFileException;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/** Questions asked on a terminal with JLine: a pick from a list, and a line checked as it is typed. */
public final class Prompter implements AutoCloseable {
    private enum Key { UP, DOWN, ACCEPT, INTERRUPT, OTHER }

    private final Terminal terminal;
    private final PrintWriter screen;
    private final boolean canRedraw;

    public Prompter(Terminal terminal) {
        this.terminal = terminal;
        this.screen = terminal.writer();
        this.canRedraw = !Terminal.TYPE_DUMB.equals(terminal.getType())
                && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
    }

    /** Picks one option with the arrow keys (or j/k, or its number) and Enter. */
    public <T> T choose(String question, List<T> options, T initial, Function<T, String> label) {
        int selected = Math.max(0, options.indexOf(initial));
        screen.println(question + " (arrows to move, Enter to choose)");
        draw(options, selected, label);
        KeyMap<Key> keys = keyMap(options.size());
        BindingReader reader = new BindingReader(terminal.reader());
        Attributes saved = terminal.enterRawMode();
        // Ctrl-C must arrive as a key here, not as a signal the terminal swallows.
        Attributes raw = terminal.getAttributes();
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        terminal.setAttributes(raw);
        try {
            while (true) {
                Key key = reader.readBinding(keys);
                if (key == null) {
                    throw LambException.usage("no answer to '" + question + "': input ended");
                }
                String typed = reader.getLastBinding();
                switch (key) {
                    case UP -> selected = (selected + options.size() - 1) % options.size();
                    case DOWN -> selected = (selected + 1) % options.size();
                    case INTERRUPT -> throw new LambException(ExitCode.INTERRUPTED, "interrupted");
                    case ACCEPT -> {
                        if (canRedraw) {
                            // Collapse the list into one line holding the answer.
                            screen.print("\033[" + (options.size() + 1) + "A\r\033[J" + question + " ");
                        } else {
                            screen.print("> ");
                        }
                        screen.println(label.apply(options.get(selected)));
                        screen.flush();
                        return options.get(selected);
                    }
                    case OTHER -> {
                        if (typed != null && typed.length() == 1 && Character.isDigit(typed.charAt(0))) {
                            int n = typed.charAt(0) - '1';
                            if (n >= 0 && n < options.size()) {
                                selected = n;
                            }
                        }
                    }
                }
                if (canRedraw) {
                    screen.print("\033[" + options.size() + "A\r\033[J");
                    draw(options, selected, label);
                }
            }
        } finally {
            terminal.setAttributes(saved);
        }
    }

    /** Asks for a line, shown in red while it breaks the rule; asks again until it is valid. */
    public String ask(String question, String defaultValue, Predicate<String> valid, String rule) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .highlighter(new RuleHighlighter(valid))
                .build();
        String prompt = question + (defaultValue == null ? "" : " [" + defaultValue + "]") + ": ";
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt).trim();
            } catch (UserInterruptException e) {
                throw new LambException(ExitCode.INTERRUPTED, "interrupted");
            } catch (EndOfFileException e) {
                throw LambException.usage("no answer to '" + question + "': input ended");
            }
            if (line.isEmpty() && defaultValue != null) {
                line = defaultValue;
            }
            if (valid.test(line)) {
                return line;
            }
            screen.println("  " + rule);
            screen.flush();
        }
    }

    /**
     * Asks for a secret: each key shows as '*', the line goes into no history, and '!' is a character like any other
     * (no event expansion). Returned as typed, spaces included.
     */
    public String secret(String question) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true).variable(LineReader.HISTORY_SIZE, 0).build();
        try {
            return reader.readLine(question + ": ", '*');
        } catch (UserInterruptException e) {
            throw new LambException(ExitCode.INTERRUPTED, "interrupted");
        } catch (EndOfFileException e) {
            throw LambException.usage("no answer to '" + question + "': input ended");
        }
    }

    private <T> void draw(List<T> options, int selected, Function<T, String> label) {
        for (int i = 0; i < options.size(); i++) {
            screen.println((i == selected ? "  > " : "    ") + (i + 1) + ". " + label.apply(options.get(i)));
        }
        screen.flush();
    }

    private KeyMap<Key> keyMap(int count) {
        KeyMap<Key> keys = new KeyMap<>();
        // Both escape forms of the arrows (normal and application cursor mode), so a dumb terminal works too.
        keys.bind(Key.UP, "\033[A", "\033OA", "k");
        keys.bind(Key.DOWN, "\033[B", "\033OB", "j");
        keys.bind(Key.ACCEPT, "\r", "\n");
        keys.bind(Key.INTERRUPT, KeyMap.ctrl('C'));
        for (int i = 1; i <= Math.min(count, 9); i++) {
            keys.bind(Key.OTHER, Integer.toString(i));
        }
        keys.setNomatch(Key.OTHER);
        keys.setUnicode(Key.OTHER);
        keys.setAmbiguousTimeout(100);
        return keys;
    }

    @Override
    public void close() throws IOException {
        terminal.close();
    }

    /** Colours the typed text red while it is not yet valid. */
    private record RuleHighlighter(Predicate<String> valid) implements Highlighter {
        @Override
        public AttributedString highlight(LineReader reader, String buffer) {
            AttributedStyle style = buffer.isEmpty() || valid.test(buffer.trim())
                    ? AttributedStyle.DEFAULT : AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
            return new AttributedString(buffer, style);
        }

        @Override
        public void setErrorPattern(Pattern errorPattern) {}

        @Override
        public void setErrorIndex(int errorIndex) {}
    }
}
