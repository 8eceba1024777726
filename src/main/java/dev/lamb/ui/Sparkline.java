package dev.lamb.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * A series drawn in one line of block characters, lowest ▁ to highest █, scaled from 0 to the series' largest value.
 * Zero is the lowest block and any value above zero at least the second, so that one error among none still shows;
 * a period with nothing sampled is a space. A series longer than the width is drawn in buckets of neighbouring periods,
 * added up for a count and their largest for the rest.
 */
public final class Sparkline {
    private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {}

    /** {@code adds}: whether neighbouring values add up (counts) or not (maxima, percentiles). */
    public static String of(List<Double> values, int width, boolean adds) {
        List<Double> shown = fit(values, width, adds);
        double max = shown.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
        StringBuilder line = new StringBuilder(shown.size());
        for (Double v : shown) {
            if (v == null) {
                line.append(' ');
            } else if (v <= 0 || max <= 0) {
                line.append(BLOCKS[0]);
            } else {
                int level = (int) Math.ceil(v / max * (BLOCKS.length - 1));
                line.append(BLOCKS[Math.max(1, Math.min(BLOCKS.length - 1, level))]);
            }
        }
        return line.toString();
    }

    private static List<Double> fit(List<Double> values, int width, boolean adds) {
        if (values.size() <= width || width < 1) {
            return values;
        }
        List<Double> out = new ArrayList<>(width);
        for (int b = 0; b < width; b++) {
            int from = (int) ((long) b * values.size() / width);
            int to = (int) ((long) (b + 1) * values.size() / width);
            Double bucket = null;
            for (Double v : values.subList(from, to)) {
                if (v != null) {
                    bucket = bucket == null ? v : adds ? bucket + v : Math.max(bucket, v);
                }
            }
            out.add(bucket);
        }
        return out;
    }
}
