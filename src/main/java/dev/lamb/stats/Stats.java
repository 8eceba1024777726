package dev.lamb.stats;

import java.util.List;

/**
 * Summary statistics of one size's samples (durations or billed durations, in ms): median, p95, a trimmed
 * mean and the 95% confidence interval of that trimmed mean.
 *
 * <p>The trimmed mean cuts 20% from each end, as Power Tuning does, so that a stray slow invocation does
 * not decide a recommendation; unlike Power Tuning it never keeps fewer than three values, and it comes
 * with an interval, so the tuner knows when it has sampled enough. The interval is Tukey and McLaughlin's
 * for a trimmed mean: standard error s_w / ((1 - 2g) * sqrt(n)), with s_w the winsorized standard
 * deviation, g the fraction actually cut from each end, and Student's t with h - 1 degrees of freedom for
 * the h values kept. With nothing cut it is the ordinary t interval of the mean.
 */
public final class Stats {
    static final double TRIM = 0.2;
    static final int MIN_KEPT = 3;
    /** Fewer samples than this give an interval that can be zero by luck (integer billed ms often repeat). */
    static final int MIN_FOR_CONVERGENCE = 5;

    /** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T_975 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    private final double[] sorted;
    private final int cut;

    private Stats(double[] sorted) {
        this.sorted = sorted;
        int n = sorted.length;
        this.cut = Math.max(0, Math.min((int) Math.floor(n * TRIM), (n - MIN_KEPT) / 2));
    }

    public static Stats of(List<? extends Number> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] values = samples.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        return new Stats(values);
    }

    public int n() {
        return sorted.length;
    }

    public double median() {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Nearest rank: an observed value, never an interpolation, so a p95 is a latency someone saw. */
    public double p95() {
        return percentile(0.95);
    }

    /** The {@code fraction} (0.99 for p99) percentile by nearest rank, as {@link #p95()}. */
    public double percentile(double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    public double trimmedMean() {
        double sum = 0;
        for (int i = cut; i < sorted.length - cut; i++) {
            sum += sorted[i];
        }
        return sum / kept();
    }

    /** Half-width of the 95% confidence interval of the trimmed mean; infinite with one sample. */
    public double halfWidth() {
        int n = sorted.length;
        if (n < 2) {
            return Double.POSITIVE_INFINITY;
        }
        // (1 - 2g) * sqrt(n) with g = cut / n is h / sqrt(n).
        double standardError = winsorizedSd() * Math.sqrt(n) / kept();
        return tQuantile(kept() - 1) * standardError;
    }

    /** The half-width as a fraction of the trimmed mean: 0.05 means ±5%. */
    public double relativeHalfWidth() {
        double mean = trimmedMean();
        double half = halfWidth();
        if (mean == 0) {
            return half == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return half / Math.abs(mean);
    }

    /** The --auto rule: enough samples, and the interval within ±tolerance of the mean. */
    public boolean converged(double tolerance) {
        return n() >= MIN_FOR_CONVERGENCE && relativeHalfWidth() <= tolerance;
    }

    /**
     * Beyond 30 degrees of freedom the table steps down through 40, 60 and 120, using the quantile of the
     * step below, which is slightly larger than the exact one: the interval errs wide, never narrow.
     */
    static double tQuantile(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, got " + df);
        }
        if (df <= T_975.length) {
            return T_975[df - 1];
        }
        return df < 40 ? 2.042 : df < 60 ? 2.021 : df < 120 ? 2.000 : 1.980;
    }

    private int kept() {
        return sorted.length - 2 * cut;
    }

    private double winsorizedSd() {
        int n = sorted.length;
        double low = sorted[cut];
        double high = sorted[n - 1 - cut];
        double sum = 0;
        for (double v : sorted) {
            sum += Math.min(Math.max(v, low), high);
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : sorted) {
            double d = Math.min(Math.max(v, low), high) - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (n - 1));
    }
}
