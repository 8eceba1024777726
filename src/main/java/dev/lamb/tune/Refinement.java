package dev.lamb.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The search after the first pass: which sizes to measure next around the best one, so the tuner finds the
 * optimum to within 64 MB without measuring every 64 MB step.
 *
 * <p>Cost against memory is usually unimodal (it falls while the function is CPU-bound, then rises once more
 * memory stops buying time), so the optimum lies between the best size's two measured neighbours. Each
 * round measures the midpoint on each side; the tuner calls again with the new results, until the
 * neighbours are one step apart or the budget is spent. A failing neighbour is bisected too: the boundary
 * between failing and feasible is where the cheapest feasible size often is.
 */
public final class Refinement {
    private final int stepMb;

    public Refinement(int stepMb) {
        if (stepMb < 1) {
            throw new IllegalArgumentException("step must be at least 1 MB, got " + stepMb);
        }
        this.stepMb = stepMb;
    }

    public static Refinement standard() {
        return new Refinement(MemoryRange.STEP_MB);
    }

    /**
     * The sizes to measure next, ascending; empty when the search is done, nothing is recommendable, or the
     * budget is spent. With room for one size only, the side of the cheaper neighbour goes first: on a
     * unimodal curve the minimum leans that way. A failing neighbour's side goes before either, since a
     * function that fails below some size is usually cheapest just above it.
     *
     * @param measured one architecture's sizes, any verdict
     * @param strategy what "best" means: the size it chooses is the one refined around
     * @param budget   how many more sizes may be measured
     */
    public List<Integer> next(List<SizeResult> measured, Strategy strategy, int budget) {
        if (measured.stream().map(SizeResult::architecture).distinct().count() > 1) {
            throw new IllegalArgumentException("refine one architecture at a time");
        }
        if (budget <= 0) {
            return List.of();
        }
        SizeResult best = strategy.choose(measured).orElse(null);
        if (best == null) {
            return List.of();
        }
        TreeMap<Integer, SizeResult> byMemory = new TreeMap<>();
        measured.forEach(s -> byMemory.put(s.memoryMb(), s));

        record Candidate(int memoryMb, double order) {}
        List<Candidate> candidates = new ArrayList<>();
        Integer below = byMemory.lowerKey(best.memoryMb());
        Integer above = byMemory.higherKey(best.memoryMb());
        if (below != null) {
            between(below, best.memoryMb()).ifPresent(m -> candidates.add(new Candidate(m, sideOrder(byMemory.get(below)))));
        }
        if (above != null) {
            between(best.memoryMb(), above).ifPresent(m -> candidates.add(new Candidate(m, sideOrder(byMemory.get(above)))));
        }
        return candidates.stream()
                .sorted(Comparator.comparingDouble(Candidate::order).thenComparingInt(Candidate::memoryMb))
                .limit(budget)
                .map(Candidate::memoryMb)
                .sorted()
                .toList();
    }

    /** The step multiple nearest the midpoint, strictly between the two sizes; none when they are one step apart. */
    OptionalInt between(int low, int high) {
        int m = (int) Math.round((low + high) / 2.0 / stepMb) * stepMb;
        if (m <= low) {
            m += stepMb;
        } else if (m >= high) {
            m -= stepMb;
        }
        return m > low && m < high ? OptionalInt.of(m) : OptionalInt.empty();
    }

    /** Which side to measure first: a failing neighbour's, then the cheaper neighbour's. */
    private static double sideOrder(SizeResult neighbour) {
        return neighbour.recommendable() ? neighbour.costPerInvocation() : Double.NEGATIVE_INFINITY;
    }
}
