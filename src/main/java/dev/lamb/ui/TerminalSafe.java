package dev.lamb.ui;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Text from a function, an HTTP client or the cloud is untrusted: shown on a terminal, it must not move
 * the cursor, clear the screen, set the window title, ring the bell, break a line, or reorder text (bidi
 * controls). Every control character but the tab, the Unicode line and paragraph separators, and every
 * formatting control that reorders text is shown escaped as {@code \}{@code uXXXX}; ESC then starts no
 * sequence, so none is interpreted. Logs, traces, invoke, serve and error lines all use this one rule.
 */
public final class TerminalSafe {
    private TerminalSafe() {}

    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** The same, line by line: the line breaks stay, for a block of text such as an answer's body. */
    public static String escapeLines(String text) {
        return Arrays.stream(text.split("\n", -1)).map(TerminalSafe::escape).collect(Collectors.joining("\n"));
    }

    static boolean unsafe(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
