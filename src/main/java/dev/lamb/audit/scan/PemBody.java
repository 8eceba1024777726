package dev.lamb.audit.scan;

/**
 * Whether key material follows a "-----BEGIN … PRIVATE KEY-----" line: code that reads or writes keys (cryptography,
 * node-forge, paramiko) holds that line as a constant, and only a block with a body is a key. Between the line and the
 * body may come line breaks, written out or escaped ("\n" in JSON, as a service-account key has them), and RFC 1421's
 * or RFC 4880's header lines (Proc-Type, DEK-Info, Version, Comment).
 */
final class PemBody {
    /** Base64 characters that make a body: a 256-bit EC key's DER alone is about 160. */
    static final int LEAST = 16;

    private PemBody() {}

    static boolean follows(String text, int at) {
        int i = skipBreaks(text, at);
        while (isHeaderLine(text, i)) {
            int end = text.indexOf('\n', i);
            int escaped = text.indexOf("\\n", i);
            end = end < 0 ? escaped : escaped < 0 ? end : Math.min(end, escaped);
            if (end < 0) {
                return false;
            }
            i = skipBreaks(text, end);
        }
        int body = i;
        while (i < text.length() && Entropy.isBase64(text.charAt(i))) {
            i++;
        }
        return i - body >= LEAST;
    }

    private static int skipBreaks(String text, int at) {
        int i = at;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                i++;
            } else if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == 'n' || text.charAt(i + 1) == 'r')) {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** "Proc-Type: 4,ENCRYPTED": a word of letters and dashes, a colon, a space. */
    private static boolean isHeaderLine(String text, int at) {
        int i = at;
        while (i < text.length() && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '-')) {
            i++;
        }
        return i > at && i + 1 < text.length() && text.charAt(i) == ':' && text.charAt(i + 1) == ' ';
    }
}
