package dev.lamb.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import dev.lamb.config.Architecture;

/**
 * --auto's search for the cheapest size after the first pass (issue 18, goal 4): one size per round, and none
 * once no size left unmeasured next to the cheapest can be more than {@link #TOLERANCE} cheaper than it.
 *
 * <p>Cost against memory is taken to be convex: it falls while more memory buys time, then rises, and bends
 * only upwards (a/m + b of duration gives a + b·m; a floor under a shrinking duration gives a V). A chord of a
 * convex curve, extended past its ends, runs below the curve, so between the cheapest size and a measured
 * neighbour no size can cost less than the higher of the two extended chords that flank the gap: the one through
 * the two sizes below it and the one through the two sizes above it (drawn between their intervals' ends, see
 * {@link Chord}). The curve is the warm cost: each size's cold start is one sample, weighted in by the cold-start rate,
 * and its init time jumps from size to size by more than the tolerance, so chords through it could lift the bound above
 * the curve. Where that bound is lowest is where the
 * optimum most likely lies (on a V, where the two sides cross), so that step is measured next; a gap whose bound
 * is within the tolerance of the cheapest is left alone, which is what saves the bisection's sizes. A gap next to
 * a failing size, or flanked by one chord or none, is bisected as {@link Refinement} does.
 */
final class CheapestSearch {
    /** The recommended size's cost is to be within 2% of the optimum's: a size that could save less is not measured. */
    static final double TOLERANCE = 0.02;

    private final Refinement bisection;
    private final int stepMb;
    private final CostModel costs;

    CheapestSearch(int stepMb, CostModel costs) {
        this.bisection = new Refinement(stepMb);
        this.stepMb = stepMb;
        this.costs = costs;
    }

    static CheapestSearch standard(CostModel costs) {
        return new CheapestSearch(MemoryRange.STEP_MB, costs);
    }

    /** A size to measure and the least it can cost (negative infinity where nothing bounds it). */
    record Candidate(int memoryMb, double lowestCost) {}

    /**
     * The size to measure next, or none when the search is done.
     *
     * @param measured one architecture's sizes, any verdict
     * @param strategy the cost strategy: the size it chooses is the one searched around
     */
    Optional<Candidate> next(List<SizeResult> measured, Strategy strategy) {
        if (measured.stream().map(SizeResult::architecture).distinct().count() > 1) {
            throw new IllegalArgumentException("search one architecture at a time");
        }
        SizeResult best = strategy.choose(measured).orElse(null);
        if (best == null) {
            return Optional.empty();
        }
        TreeMap<Integer, SizeResult> all = new TreeMap<>();
        measured.forEach(s -> all.put(s.memoryMb(), s));
        TreeMap<Integer, SizeResult> feasible = new TreeMap<>();
        measured.stream().filter(SizeResult::recommendable).forEach(s -> feasible.put(s.memoryMb(), s));
        double worthIt = (1 - TOLERANCE) * warmCost(best, best.billedMeanMs());
        List<Candidate> candidates = new ArrayList<>();
        Integer below = all.lowerKey(best.memoryMb());
        Integer above = all.higherKey(best.memoryMb());
        if (below != null) {
            gap(below, best.memoryMb(), all.get(below), feasible).filter(c -> c.lowestCost() < worthIt).ifPresent(candidates::add);
        }
        if (above != null) {
            gap(best.memoryMb(), above, all.get(above), feasible).filter(c -> c.lowestCost() < worthIt).ifPresent(candidates::add);
        }
        return candidates.stream().min(Comparator.comparingDouble(Candidate::lowestCost).thenComparingInt(Candidate::memoryMb));
    }

    /** The step to measure between two measured sizes, {@code neighbour} being the one that is not the cheapest. */
    private Optional<Candidate> gap(int low, int high, SizeResult neighbour, NavigableMap<Integer, SizeResult> feasible) {
        OptionalInt middle = bisection.between(low, high);
        if (middle.isEmpty()) {
            return Optional.empty();
        }
        Chord left = chord(feasible.floorEntry(low), feasible.lowerEntry(low));
        Chord right = chord(feasible.ceilingEntry(high), feasible.higherEntry(high));
        if (!neighbour.recommendable() || left == null && right == null) {
            return Optional.of(new Candidate(middle.getAsInt(), Double.NEGATIVE_INFINITY));
        }
        Candidate lowest = null;
        for (int m = (low / stepMb + 1) * stepMb; m < high; m += stepMb) {
            double bound = Math.max(Chord.at(left, m), Chord.at(right, m));
            if (lowest == null || bound < lowest.lowestCost()) {
                lowest = new Candidate(m, bound);
            }
        }
        // One chord falls or rises across the whole gap, so its lowest point is at an edge: bisect instead of creeping.
        return Optional.of(left == null || right == null ? new Candidate(middle.getAsInt(), lowest.lowestCost()) : lowest);
    }

    /**
     * The line from a measured size next to the gap to the one beyond it, extended into the gap; null when either size
     * is missing or has no interval. Measured costs are estimates, so it runs from the near size's low end to the far
     * size's high end: the steepest line the measurements allow, a bound that a noisy pair cannot lift above the true
     * curve. Each end is the billed mean's 95% interval, taken as at most ±5%, what --auto samples for (a size stopped
     * early because it cannot win has a wide interval, and would otherwise loosen the bound into measuring sizes that
     * cannot win either). The near end is a millisecond lower still: Lambda bills each call rounded up to the
     * millisecond, which bends the curve out of convex (a 23.1 ms run bills 24), so the duration under a billed mean
     * may be up to 1 ms shorter; at 20 ms that is 5%, more than the tolerance.
     */
    private Chord chord(Map.Entry<Integer, SizeResult> near, Map.Entry<Integer, SizeResult> far) {
        if (near == null || far == null || !Double.isFinite(near.getValue().relativeCi()) || !Double.isFinite(far.getValue().relativeCi())) {
            return null;
        }
        double nearLow = warmCost(near.getValue(), Math.max(0, intervalEnd(near.getValue(), -1) - 1));
        double farHigh = warmCost(far.getValue(), intervalEnd(far.getValue(), 1));
        return new Chord(near.getKey(), nearLow, (nearLow - farHigh) / (near.getKey() - far.getKey()));
    }

    private static double intervalEnd(SizeResult size, int side) {
        return size.billedMeanMs() * (1 + side * Math.min(size.relativeCi(), MemorySweep.Sampling.AUTO_TOLERANCE));
    }

    private double warmCost(SizeResult size, double billedMs) {
        return costs.perInvocation(Architecture.parse(size.architecture()), size.memoryMb(), billedMs);
    }

    private record Chord(int memoryMb, double cost, double slope) {
        /** The chord's cost at {@code m}; negative infinity, no bound at all, without a chord. */
        static double at(Chord chord, int m) {
            return chord == null ? Double.NEGATIVE_INFINITY : chord.cost + chord.slope * (m - chord.memoryMb);
        }
    }
}
