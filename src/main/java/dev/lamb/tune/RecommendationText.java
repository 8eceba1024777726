package dev.lamb.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one line a tuning run ends with: what to set, and what it changes against the current configuration
 * (cost per million invocations and median latency), with how sure the measurement is.
 *
 * <p>The confidence is the 95% interval of the ratio of the two sizes' billed means, from their relative
 * half-widths combined as independent errors (the root of the sum of squares) and rounded up: "±3%" says
 * the new figure is known to within 3% of itself. Without a current size it is the best size's own.
 */
public final class RecommendationText {
    private RecommendationText() {}

    /**
     * @param recommended what the strategy chose, empty when nothing qualified
     * @param current     the function's own configuration as measured, or null when it was not
     * @param sizes       every size measured
     */
    public static String of(Optional<SizeResult> recommended, SizeResult current, List<SizeResult> sizes,
            Strategy strategy) {
        if (recommended.isEmpty()) {
            return nothingToRecommend(sizes, strategy);
        }
        SizeResult best = recommended.get();
        boolean showArch = Stream.concat(sizes.stream(), Stream.ofNullable(current))
                .map(SizeResult::architecture).distinct().count() > 1;
        if (current != null && current.verdict() == SizeResult.Verdict.INFEASIBLE) {
            return "set " + setting(best, showArch) + " (now " + current.memoryMb() + " MB, where it fails: " + current.reason()
                    + "): " + money(best.costPerMillion()) + " per million invocations, median " + ms(best.medianMs()) + ", "
                    + confidence(best, null);
        }
        if (current == null) {
            return "set " + setting(best, showArch) + ": " + money(best.costPerMillion()) + " per million invocations, median "
                    + ms(best.medianMs()) + ", " + confidence(best, null) + " (the current configuration was not measured)";
        }
        if (best.memoryMb() == current.memoryMb() && best.architecture().equals(current.architecture())) {
            return "keep " + best.memoryMb() + " MB" + (showArch ? " on " + best.architecture() : "")
                    + ": the current configuration is already the best measured (" + money(best.costPerMillion())
                    + " per million invocations, median " + ms(best.medianMs()) + ", " + confidence(best, null) + ")";
        }
        return "set " + setting(best, showArch) + " (now " + current.memoryMb() + " MB"
                + (showArch ? " " + current.architecture() : "") + "): "
                + signedMoney(best.costPerMillion() - current.costPerMillion()) + " per million invocations ("
                + change(best.costPerMillion(), current.costPerMillion()) + "), median " + ms(current.medianMs())
                + " -> " + ms(best.medianMs()) + " (" + change(best.medianMs(), current.medianMs()) + "), "
                + confidence(best, current);
    }

    private static String nothingToRecommend(List<SizeResult> sizes, Strategy strategy) {
        List<SizeResult> usable = sizes.stream().filter(SizeResult::recommendable).toList();
        if (usable.isEmpty() || strategy.maxP95Ms().isEmpty()) {
            return "no size to recommend: every size measured failed or came within 10% of its memory";
        }
        SizeResult lowest = usable.stream()
                .min(Comparator.comparingDouble(SizeResult::p95Ms).thenComparingInt(SizeResult::memoryMb)).orElseThrow();
        return "no size meets p95 <= " + ms(strategy.maxP95Ms().orElseThrow()) + ": the lowest p95 was "
                + ms(lowest.p95Ms()) + ", at " + lowest.memoryMb() + " MB " + lowest.architecture();
    }

    private static String setting(SizeResult best, boolean showArch) {
        return "memory to " + best.memoryMb() + " MB" + (showArch ? " and architecture to " + best.architecture() : "");
    }

    private static String confidence(SizeResult a, SizeResult b) {
        double ra = a.relativeCi();
        double rb = b == null ? 0 : b.relativeCi();
        double combined = Math.sqrt(ra * ra + rb * rb);
        if (!Double.isFinite(combined)) {
            return "confidence unknown (too few samples)";
        }
        return "±" + (long) Math.ceil(combined * 100 - 1e-9) + "% at 95% confidence";
    }

    private static String change(double now, double before) {
        long percent = Math.round((now - before) / before * 100);
        return (percent > 0 ? "+" : "") + percent + "%";
    }

    static String ms(double ms) {
        String pattern = ms < 10 ? "%.2f ms" : ms < 100 ? "%.1f ms" : "%.0f ms";
        return String.format(Locale.ROOT, pattern, ms);
    }

    /** Cents where they matter, three significant digits for the sub-dime costs of small functions. */
    static String money(double usd) {
        if (usd >= 0.1 || usd == 0) {
            return String.format(Locale.ROOT, "$%.2f", usd);
        }
        return "$" + new BigDecimal(usd).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String signedMoney(double usd) {
        return (usd < 0 ? "-" : "+") + money(Math.abs(usd));
    }
}
