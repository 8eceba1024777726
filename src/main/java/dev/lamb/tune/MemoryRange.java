package dev.lamb.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.LambException;

/**
 * The memory sizes a tuning run measures first, parsed from RANGE: {@code 128..1024} (a geometric ladder),
 * {@code 128..1024:128} (a linear step) or {@code 128,256,512} (a list). Every size is checked against
 * Lambda's rule before any call is made, so a typo costs nothing.
 *
 * @param sizes the sizes in MB, ascending, without duplicates
 */
public record MemoryRange(List<Integer> sizes) {
    public static final int MIN_MB = 128;
    public static final int MAX_MB = 10240;
    /** Lambda accepts any whole MB, but 64 MB is as fine as tuning goes: closer sizes differ by noise. */
    public static final int STEP_MB = 64;
    /** Enough points to see the shape of the cost curve; the refinement adds detail where it matters. */
    static final int LADDER_POINTS = 7;
    /** A guard against sweeps nobody meant (128..10240:1 is ten thousand versions); a 64 MB grid fits. */
    static final int MAX_SIZES = 200;
    /** More sizes than this make a sweep of hours (each is a version, measured apart): allowed, with a warning. */
    public static final int MANY_SIZES = 40;

    private static final String FORMS = "write LOW..HIGH, LOW..HIGH:STEP or a list like 128,256,512";
    private static final String RULE = "memory is a whole number of MB in " + MIN_MB + ".." + MAX_MB;
    private static final Pattern SPAN = Pattern.compile("(\\S+?)\\.\\.(\\S+?)(?::(\\S+))?");

    public MemoryRange {
        sizes = List.copyOf(sizes);
    }

    public static MemoryRange parse(String text) {
        String spec = text == null ? "" : text.strip();
        if (spec.isEmpty()) {
            throw LambException.usage("no memory range given: " + FORMS);
        }
        Matcher span = SPAN.matcher(spec);
        if (span.matches()) {
            int low = size(span.group(1), spec);
            int high = size(span.group(2), spec);
            if (low > high) {
                throw LambException.usage("memory range '" + spec + "' runs backwards: LOW must not exceed HIGH");
            }
            return span.group(3) == null ? ladder(low, high) : linear(low, high, step(span.group(3), spec), spec);
        }
        TreeSet<Integer> sizes = new TreeSet<>();
        for (String item : spec.split(",", -1)) {
            sizes.add(size(item.strip(), spec));
        }
        return new MemoryRange(new ArrayList<>(sizes));
    }

    public int min() {
        return sizes.get(0);
    }

    public int max() {
        return sizes.get(sizes.size() - 1);
    }

    /**
     * Points equally spaced on a log scale, because cost curves change fastest at small sizes (CPU share is
     * proportional to memory). The ends stay exact, as the user wrote them; the points between are rounded
     * to 64 MB, which may merge some of them in a narrow range.
     */
    private static MemoryRange ladder(int low, int high) {
        TreeSet<Integer> sizes = new TreeSet<>(List.of(low, high));
        double ratio = (double) high / low;
        for (int i = 1; i < LADDER_POINTS - 1; i++) {
            int rounded = roundToStep(low * Math.pow(ratio, (double) i / (LADDER_POINTS - 1)));
            if (rounded > low && rounded < high) {
                sizes.add(rounded);
            }
        }
        return new MemoryRange(new ArrayList<>(sizes));
    }

    /** LOW, LOW+STEP, ... and HIGH itself even when the step does not land on it: the user named both ends. */
    private static MemoryRange linear(int low, int high, int step, String spec) {
        if ((long) (high - low) / step + 2 > MAX_SIZES) {
            throw LambException.usage("memory range '" + spec + "' has more than " + MAX_SIZES
                    + " sizes: use a larger STEP");
        }
        TreeSet<Integer> sizes = new TreeSet<>();
        for (int m = low; m < high; m += step) {
            sizes.add(m);
        }
        sizes.add(high);
        return new MemoryRange(new ArrayList<>(sizes));
    }

    static int roundToStep(double mb) {
        return (int) Math.round(mb / STEP_MB) * STEP_MB;
    }

    private static int size(String item, String spec) {
        int mb = integer(item, spec, RULE);
        if (mb < MIN_MB || mb > MAX_MB) {
            throw LambException.usage("memory " + item + where(item, spec) + " is out of range: " + RULE);
        }
        return mb;
    }

    private static int step(String item, String spec) {
        String rule = "STEP is a whole number of MB, at least 1";
        int step = integer(item, spec, rule);
        if (step < 1) {
            throw LambException.usage("step " + item + where(item, spec) + " is not allowed: " + rule);
        }
        return step;
    }

    private static int integer(String item, String spec, String rule) {
        try {
            return Integer.parseInt(item);
        } catch (NumberFormatException e) {
            if (item.isEmpty()) {
                throw LambException.usage("an empty value in '" + spec + "': " + FORMS);
            }
            throw LambException.usage("memory range '" + item + "'" + where(item, spec) + " is not understood: " + rule
                    + "; " + FORMS);
        }
    }

    private static String where(String item, String spec) {
        return item.equals(spec) ? "" : " in '" + spec + "'";
    }
}
