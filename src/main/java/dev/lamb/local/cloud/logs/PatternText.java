package dev.lamb.local.cloud.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * The tokens of a JSON or space-delimited filter pattern: selectors and names, quoted strings, bare values
 * ({@code 5*}, {@code 123.0.*}), {@code %regular expressions%}, and the operators and brackets between them.
 * A reader walks them; what it did not expect is an InvalidParameterException naming the pattern.
 */
final class PatternText {
    enum Kind { WORD, QUOTED, REGEX, SYMBOL, END }

    record Token(Kind kind, String text, int at) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    private static final List<String> SYMBOLS = List.of("&&", "||", "!=", "<=", ">=", "=", "<", ">", "(", ")", "{", "}",
            "[", "]", ",");

    private final String pattern;
    private final List<Token> tokens;
    private int next;

    PatternText(String pattern) {
        this.pattern = pattern;
        this.tokens = tokenize(pattern);
    }

    Token peek() {
        return tokens.get(next);
    }

    Token take() {
        Token t = tokens.get(next);
        if (t.kind() != Kind.END) {
            next++;
        }
        return t;
    }

    boolean takeIf(String symbol) {
        if (peek().is(symbol)) {
            next++;
            return true;
        }
        return false;
    }

    void expect(String symbol) {
        Token t = take();
        if (!t.is(symbol)) {
            throw invalid("expected " + symbol + " " + where(t));
        }
    }

    /** The next word if it is {@code word} (IS, NULL, NOT, EXISTS, TRUE, FALSE; any case). */
    boolean takeWord(String word) {
        Token t = peek();
        if (t.kind() == Kind.WORD && t.text().equalsIgnoreCase(word)) {
            next++;
            return true;
        }
        return false;
    }

    /**
     * Terms joined by {@code &&} and {@code ||}, {@code &&} binding first, as both structured patterns join
     * their comparisons; {@code term} reads one.
     */
    <T> Predicate<T> orOfAnds(Supplier<Predicate<T>> term) {
        Predicate<T> any = allOf(term);
        while (takeIf("||")) {
            any = any.or(allOf(term));
        }
        return any;
    }

    private <T> Predicate<T> allOf(Supplier<Predicate<T>> term) {
        Predicate<T> all = term.get();
        while (takeIf("&&")) {
            all = all.and(term.get());
        }
        return all;
    }

    String where(Token t) {
        return t.kind() == Kind.END ? "at the end" : "at '" + t.text() + "' (character " + (t.at() + 1) + ")";
    }

    AwsServiceException invalid(String reason) {
        return LogsService.invalid("Invalid filter pattern " + pattern + ": " + reason);
    }

    private List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '"' || c == '%') {
                int end = i + 1;
                StringBuilder sb = new StringBuilder();
                while (end < text.length() && text.charAt(end) != c) {
                    if (text.charAt(end) == '\\' && end + 1 < text.length() && c == '"') {
                        end++;
                    }
                    sb.append(text.charAt(end));
                    end++;
                }
                if (end >= text.length()) {
                    throw invalid("the " + (c == '"' ? "quote" : "regular expression") + " opened at character "
                            + (i + 1) + " is not closed");
                }
                out.add(new Token(c == '"' ? Kind.QUOTED : Kind.REGEX, sb.toString(), i));
                i = end + 1;
                continue;
            }
            String symbol = symbolAt(text, i);
            if (symbol != null) {
                out.add(new Token(Kind.SYMBOL, symbol, i));
                i += symbol.length();
                continue;
            }
            int end = i;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && symbolAt(text, end) == null
                    && text.charAt(end) != '"') {
                end++;
            }
            out.add(new Token(Kind.WORD, text.substring(i, end), i));
            i = end;
        }
        out.add(new Token(Kind.END, "", text.length()));
        return out;
    }

    /** The operator at i; a [ or ] inside a selector ($.a[0]) belongs to the selector's word. */
    private static String symbolAt(String text, int i) {
        for (String s : SYMBOLS) {
            if (text.startsWith(s, i)) {
                boolean inSelector = (s.equals("[") || s.equals("]")) && i > 0 && inSelector(text, i);
                return inSelector ? null : s;
            }
        }
        return null;
    }

    private static boolean inSelector(String text, int i) {
        int start = i;
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1)) && "=!<>&|(),{".indexOf(text.charAt(start - 1)) < 0) {
            start--;
        }
        return text.charAt(start) == '$';
    }
}
