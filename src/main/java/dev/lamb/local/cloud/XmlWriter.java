package dev.lamb.local.cloud;

import java.util.ArrayDeque;
import java.util.Deque;

/** A small writer of well-formed XML: elements open and close in order, text is always escaped. */
public final class XmlWriter {
    private final StringBuilder out = new StringBuilder();
    private final Deque<String> open = new ArrayDeque<>();

    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    /** Opens the document's root element with its namespace. */
    public XmlWriter startRoot(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"").append(escape(namespace)).append("\">");
        open.push(name);
        return this;
    }

    public XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** An element holding text; nothing is written when the value is null. */
    public XmlWriter element(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(value.toString())).append("</").append(name).append('>');
        }
        return this;
    }

    public String finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        // Not allowed in XML 1.0 even as a character reference: drop it.
                        continue;
                    }
                    if (c == '\r' || c == '\n' || c == '\t') {
                        sb.append("&#").append((int) c).append(';');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
