package dev.lamb;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The known word closest to a mistyped one, if any is close enough to be what was meant. */
public final class DidYouMean {
    private DidYouMean() {}

    public static Optional<String> closest(String typed, Collection<String> known) {
        int tolerance = Math.max(1, Math.min(3, typed.length() / 3));
        return known.stream()
                .filter(k -> distance(k, typed) <= tolerance)
                .min(Comparator.comparingInt((String k) -> distance(k, typed)).thenComparing(k -> k));
    }

    /** Optimal string alignment distance: a swap of two neighbours ("inti") counts as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
