package dev.lamb.tune;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.lamb.LambException;

/**
 * How the tuner picks a size among those it measured. Only sizes that are {@link SizeResult#recommendable()}
 * take part: a size that failed or came within 10% of its memory is never the answer.
 *
 * <ul>
 * <li>{@code cost}: the cheapest; sizes within 0.5% of it tie, and the faster of them wins. Overlapping
 * confidence intervals are not taken as ties: with a few invocations nearly every neighbour overlaps,
 * and "the faster of the indistinguishable" drifted the answer well away from the cheapest point (832 MB
 * for a curve whose optimum is 512 MB); the interval goes into the recommendation's "±" instead.
 * <li>{@code speed}: the lowest median duration; sizes within 0.5% of it tie, and the cheaper wins.
 * <li>{@code balanced}: the lowest W·ln(cost) + (1 − W)·ln(median), which is the lowest cost^W × median^(1−W).
 * Power Tuning divides by the largest cost and duration among the sizes tested, so adding a size to the
 * sweep can change which of the others wins. A logarithm needs no reference point at all: changing units
 * only adds a constant to every score, the order of two sizes depends on those two sizes alone, and the
 * meaning of W is fixed: at W = 0.5 a 10% saving in cost is worth exactly a 10% rise in latency.
 * W = 1 is {@code cost} and W = 0 is {@code speed}. Scores within 0.5% tie, and the cheaper wins.
 * <li>{@code --max-p95 MS} narrows any of these to sizes whose p95 is at most MS; with {@code cost}, the
 * default, that is the cheapest size meeting the bound.
 * </ul>
 * Remaining ties fall to the smaller memory, then the architecture's name, so the answer is deterministic.
 */
public final class Strategy {
    public enum Goal { COST, SPEED, BALANCED }

    /** Differences smaller than this share are not worth acting on, whatever the intervals say. */
    static final double TIE = 0.005;
    static final double DEFAULT_WEIGHT = 0.5;

    private static final Comparator<SizeResult> LAST_RESORT =
            Comparator.comparingInt(SizeResult::memoryMb).thenComparing(SizeResult::architecture);
    private static final Comparator<SizeResult> BY_COST =
            Comparator.comparingDouble(SizeResult::costPerInvocation).thenComparingDouble(SizeResult::medianMs)
                    .thenComparing(LAST_RESORT);
    private static final Comparator<SizeResult> BY_SPEED =
            Comparator.comparingDouble(SizeResult::medianMs).thenComparingDouble(SizeResult::costPerInvocation)
                    .thenComparing(LAST_RESORT);

    private final Goal goal;
    private final double weight;
    private final Double maxP95Ms;

    private Strategy(Goal goal, double weight, Double maxP95Ms) {
        this.goal = goal;
        this.weight = weight;
        this.maxP95Ms = maxP95Ms;
    }

    public static Strategy cost() {
        return new Strategy(Goal.COST, 1, null);
    }

    public static Strategy speed() {
        return new Strategy(Goal.SPEED, 0, null);
    }

    public static Strategy balanced(double weight) {
        if (!(weight >= 0 && weight <= 1)) {
            throw LambException.usage("--weight " + weight + " is out of range: the weight of cost is in 0..1");
        }
        return new Strategy(Goal.BALANCED, weight, null);
    }

    /** The strategy the flags ask for: {@code --optimize}, {@code --weight} (balanced only), {@code --max-p95}. */
    public static Strategy of(String optimize, Double weight, Double maxP95Ms) {
        Strategy strategy = switch (optimize == null ? "cost" : optimize.strip().toLowerCase(Locale.ROOT)) {
            case "cost" -> cost();
            case "speed" -> speed();
            case "balanced" -> balanced(weight == null ? DEFAULT_WEIGHT : weight);
            default -> throw LambException.usage("--optimize " + optimize + " is not a strategy: choose cost, speed or balanced");
        };
        return maxP95Ms == null ? strategy : strategy.withMaxP95(maxP95Ms);
    }

    /** The same strategy among the sizes whose p95 is at most {@code ms}. */
    public Strategy withMaxP95(double ms) {
        if (!(ms > 0) || Double.isInfinite(ms)) {
            throw LambException.usage("--max-p95 " + ms + " is not a latency bound: give milliseconds, above 0");
        }
        return new Strategy(goal, weight, ms);
    }

    public Goal goal() {
        return goal;
    }

    public double weight() {
        return weight;
    }

    public OptionalDouble maxP95Ms() {
        return maxP95Ms == null ? OptionalDouble.empty() : OptionalDouble.of(maxP95Ms);
    }

    /** Empty when no size is recommendable, or none meets the p95 bound. */
    public Optional<SizeResult> choose(List<SizeResult> sizes) {
        List<SizeResult> candidates = sizes.stream()
                .filter(SizeResult::recommendable)
                .filter(s -> maxP95Ms == null || s.p95Ms() <= maxP95Ms)
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (goal) {
            case COST -> cheapestOrFasterTie(candidates);
            case SPEED -> fastestOrCheaperTie(candidates);
            case BALANCED -> balancedOrCheaperTie(candidates);
        });
    }

    private SizeResult cheapestOrFasterTie(List<SizeResult> candidates) {
        SizeResult cheapest = candidates.stream().min(BY_COST).orElseThrow();
        return candidates.stream()
                .filter(s -> s.costPerInvocation() - cheapest.costPerInvocation() <= TIE * cheapest.costPerInvocation())
                .min(BY_SPEED).orElseThrow();
    }

    private static SizeResult fastestOrCheaperTie(List<SizeResult> candidates) {
        SizeResult fastest = candidates.stream().min(BY_SPEED).orElseThrow();
        return candidates.stream()
                .filter(s -> s.medianMs() - fastest.medianMs() <= TIE * fastest.medianMs())
                .min(BY_COST).orElseThrow();
    }

    private SizeResult balancedOrCheaperTie(List<SizeResult> candidates) {
        Comparator<SizeResult> byScore = Comparator.<SizeResult>comparingDouble(this::score).thenComparing(BY_COST);
        double best = score(candidates.stream().min(byScore).orElseThrow());
        return candidates.stream()
                .filter(s -> score(s) - best <= Math.log1p(TIE))
                .min(BY_COST).orElseThrow();
    }

    /** W·ln(cost) + (1 − W)·ln(median); the units (USD, ms) only shift every score by the same constant. */
    double score(SizeResult size) {
        return weight * Math.log(size.costPerInvocation()) + (1 - weight) * Math.log(size.medianMs());
    }

    /** For the output: "cost", "balanced (weight 0.7)", "speed, p95 <= 200 ms". */
    public String describe() {
        String name = goal.name().toLowerCase(Locale.ROOT);
        if (goal == Goal.BALANCED) {
            name += String.format(Locale.ROOT, " (weight %s)", trim(weight));
        }
        return maxP95Ms == null ? name : name + ", p95 <= " + trim(maxP95Ms) + " ms";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
