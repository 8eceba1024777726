package dev.lamb.audit.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Shannon entropy of the long base64 and hex runs in a text, as truffleHog v2 (truffleHog/truffleHog.py) measures it:
 * runs of more than 20 characters of one alphabet, flagged above 4.5 bits a character for base64 and above 3.0 for hex,
 * the defaults detect-secrets' Base64HighEntropyString and HexHighEntropyString keep too. A random 32-character hex
 * key scores about 3.8, a random 40-character base64 key about 5.0; an English phrase or a path stays under 4.2.
 */
final class Entropy {
    static final int LONGER_THAN = 20;
    static final double BASE64_LIMIT = 4.5;
    static final double HEX_LIMIT = 3.0;

    /** A run that crossed its alphabet's limit. */
    record Run(String text, boolean hex, double bits) {}

    private Entropy() {}

    /**
     * The runs of {@code text} over their limit, a run of hex digits judged by the hex limit. A run of decimal digits only
     * is a number, not a key (detect-secrets lowers their entropy for the same reason).
     */
    static List<Run> highRuns(String text) {
        List<Run> found = new ArrayList<>();
        for (String run : runs(text, Entropy::isBase64)) {
            if (run.chars().allMatch(c -> c >= '0' && c <= '9')) {
                continue;
            }
            boolean hex = run.chars().allMatch(Entropy::isHex);
            double bits = bits(run);
            if (bits > (hex ? HEX_LIMIT : BASE64_LIMIT)) {
                found.add(new Run(run, hex, bits));
            }
        }
        return found;
    }

    /** Bits a character: minus the sum of p log2 p over the characters that occur. */
    static double bits(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double bits = 0;
        for (int count : counts) {
            bits -= term(count, s.length());
        }
        return bits - term(other, s.length());
    }

    private static double term(int count, int length) {
        if (count == 0) {
            return 0;
        }
        double p = (double) count / length;
        return p * Math.log(p) / Math.log(2);
    }

    private static List<String> runs(String text, IntPredicate alphabet) {
        List<String> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean in = i < text.length() && alphabet.test(text.charAt(i));
            if (in && start < 0) {
                start = i;
            } else if (!in && start >= 0) {
                if (i - start > LONGER_THAN) {
                    runs.add(text.substring(start, i));
                }
                start = -1;
            }
        }
        return runs;
    }

    /** truffleHog's BASE64_CHARS: the standard alphabet and its padding (RFC 4648 §4). */
    static boolean isBase64(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=';
    }

    static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

}
