package dev.lamb.local.cloud.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A space-delimited filter pattern, {@code [ip, user, ..., status = 5* || status = 4*, bytes > 1000]}: one
 * entry per field of the event (fields are split at spaces; "quoted" and [bracketed] text is one field),
 * each a name, optionally with comparisons of that field joined by {@code &&} and {@code ||}; {@code ...}
 * stands for any number of fields. Without {@code ...} the event must have exactly as many fields.
 */
final class SpaceDelimitedPattern {
    /** One entry: a field's test, or the ellipsis (null test). */
    private record Entry(Predicate<String> test) {
        boolean isEllipsis() {
            return test == null;
        }
    }

    private SpaceDelimitedPattern() {}

    static Predicate<String> parse(String pattern) {
        PatternText text = new PatternText(pattern);
        text.expect("[");
        List<Entry> entries = new ArrayList<>();
        if (!text.peek().is("]")) {
            do {
                entries.add(entry(text));
            } while (text.takeIf(","));
        }
        text.expect("]");
        if (text.peek().kind() != PatternText.Kind.END) {
            throw text.invalid("nothing may follow the closing ] " + text.where(text.peek()));
        }
        return message -> matches(entries, 0, fields(message.strip()), 0);
    }

    private static Entry entry(PatternText text) {
        PatternText.Token first = text.peek();
        if (first.kind() == PatternText.Kind.WORD && first.text().equals("...")) {
            text.take();
            return new Entry(null);
        }
        if (first.kind() == PatternText.Kind.QUOTED) {
            // A literal in place of a name: the field must be that text.
            text.take();
            ValueTest literal = new ValueTest("=", first.text(), null, null);
            return new Entry(value -> literal.test(value, false));
        }
        Predicate<String> test = or(text);
        return new Entry(test);
    }

    private static Predicate<String> or(PatternText text) {
        return text.orOfAnds(() -> comparison(text));
    }

    private static Predicate<String> comparison(PatternText text) {
        PatternText.Token name = text.take();
        if (name.kind() != PatternText.Kind.WORD || name.text().equals("...")) {
            throw text.invalid("expected a field name " + text.where(name));
        }
        if (!ValueTest.isOperator(text.peek())) {
            return value -> true;
        }
        ValueTest test = ValueTest.read(text, text.take().text());
        return value -> test.test(value, ValueTest.number(value) != null);
    }

    private static boolean matches(List<Entry> entries, int e, List<String> fields, int f) {
        if (e == entries.size()) {
            return f == fields.size();
        }
        Entry entry = entries.get(e);
        if (entry.isEllipsis()) {
            for (int k = f; k <= fields.size(); k++) {
                if (matches(entries, e + 1, fields, k)) {
                    return true;
                }
            }
            return false;
        }
        return f < fields.size() && entry.test().test(fields.get(f)) && matches(entries, e + 1, fields, f + 1);
    }

    /** The event's fields: split at spaces, with "quoted" text (quotes removed) and [bracketed] text as one field. */
    static List<String> fields(String message) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < message.length()) {
            char c = message.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            char close = c == '"' ? '"' : c == '[' ? ']' : 0;
            int end = close == 0 ? -1 : message.indexOf(close, i + 1);
            if (end > 0) {
                out.add(message.substring(i + 1, end));
                i = end + 1;
                continue;
            }
            int stop = i;
            while (stop < message.length() && !Character.isWhitespace(message.charAt(stop))) {
                stop++;
            }
            out.add(message.substring(i, stop));
            i = stop;
        }
        return out;
    }
}
