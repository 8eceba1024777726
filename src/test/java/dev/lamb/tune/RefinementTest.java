package dev.lamb.tune;

import static dev.lamb.tune.SizeFixtures.of;
import static dev.lamb.tune.SizeFixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.lamb.tune.SizeResult.Verdict;

class RefinementTest {
    private static final Strategy COST = Strategy.cost();
    private final Refinement refinement = Refinement.standard();

    /** A cost curve with its minimum at 600 MB: among 64 MB steps, 576 is the cheapest. */
    private static SizeResult measure(int memoryMb) {
        double cost = 1e-6 * (1 + Math.pow((memoryMb - 600) / 100.0, 2));
        return of(memoryMb, "x86_64", cost, 50, 60, 0, Verdict.OK);
    }

    private static List<SizeResult> measure(int... sizes) {
        return IntStream.of(sizes).mapToObj(RefinementTest::measure).toList();
    }

    @Test
    void bisectsBothSidesOfAnInteriorOptimum() {
        assertEquals(List.of(384, 768), refinement.next(measure(128, 256, 512, 1024), COST, 10));
        assertEquals(List.of(448, 640), refinement.next(measure(128, 256, 384, 512, 768, 1024), COST, 10));
    }

    @Test
    void refinesDownTo64MbAndFindsTheOptimumOfThe64MbGrid() {
        List<SizeResult> measured = new ArrayList<>(measure(128, 256, 512, 1024));
        List<List<Integer>> rounds = new ArrayList<>();
        for (List<Integer> next = refinement.next(measured, COST, 20); !next.isEmpty();
                next = refinement.next(measured, COST, 20)) {
            rounds.add(next);
            next.forEach(m -> measured.add(measure(m)));
        }
        assertEquals(List.of(List.of(384, 768), List.of(448, 640), List.of(576, 704)), rounds);
        int gridBest = IntStream.rangeClosed(2, 16).map(i -> i * 64).boxed()
                .min(Comparator.comparingDouble(m -> measure(m).costPerInvocation())).orElseThrow();
        assertEquals(576, gridBest);
        assertEquals(gridBest, COST.choose(measured).orElseThrow().memoryMb());
        // Ten sizes measured where the 64 MB grid of 128..1024 has fifteen.
        assertEquals(10, measured.size());
    }

    @Test
    void aBudgetOfOneGoesToTheCheaperNeighboursSide() {
        // 256 costs 12.8 units, 1024 costs 19: the optimum is more likely below 512.
        assertEquals(List.of(384), refinement.next(measure(128, 256, 512, 1024), COST, 1));
        assertEquals(List.of(), refinement.next(measure(128, 256, 512, 1024), COST, 0));
    }

    @Test
    void anOptimumAtTheEdgeIsRefinedOnItsOnlySide() {
        List<SizeResult> cheapestSmallest = List.of(
                of(128, "x86_64", 1e-6, 50, 60, 0, Verdict.OK), of(256, "x86_64", 2e-6, 50, 60, 0, Verdict.OK),
                of(512, "x86_64", 4e-6, 50, 60, 0, Verdict.OK));
        assertEquals(List.of(192), refinement.next(cheapestSmallest, COST, 10));
        List<SizeResult> done = new ArrayList<>(cheapestSmallest);
        done.add(of(192, "x86_64", 1.5e-6, 50, 60, 0, Verdict.OK));
        assertEquals(List.of(), refinement.next(done, COST, 10));
    }

    @Test
    void aFailingNeighbourIsBisectedTooToFindTheBoundary() {
        List<SizeResult> sizes = new ArrayList<>(measure(128, 256, 512));
        sizes.set(0, with(sizes.get(0), Verdict.INFEASIBLE, "out of memory"));
        sizes.set(2, measure(2048));
        // 256 is the cheaper feasible size; 128 failed, so 192 may be the cheapest that does not, and comes first.
        assertEquals(List.of(192, 1152), refinement.next(sizes, COST, 10));
        assertEquals(List.of(192), refinement.next(sizes, COST, 1));
    }

    @Test
    void nothingToRefineWhenNoSizeIsRecommendable() {
        List<SizeResult> failing = measure(128, 256).stream().map(s -> with(s, Verdict.INFEASIBLE, "timeout")).toList();
        assertTrue(refinement.next(failing, COST, 10).isEmpty());
    }

    @Test
    void midpointsAreStepMultiplesStrictlyBetween() {
        assertEquals(OptionalInt.of(192), refinement.between(128, 256));
        assertEquals(OptionalInt.of(576), refinement.between(200, 1000));
        assertEquals(OptionalInt.of(256), refinement.between(200, 300));
        assertEquals(OptionalInt.empty(), refinement.between(448, 512));
        assertEquals(OptionalInt.empty(), refinement.between(200, 256));
        assertEquals(OptionalInt.of(10176), refinement.between(10112, 10240));
    }

    @Test
    void oneArchitectureAtATime() {
        List<SizeResult> mixed = List.of(measure(128), of(256, "arm64", 1e-6, 50, 60, 0, Verdict.OK));
        assertThrows(IllegalArgumentException.class, () -> refinement.next(mixed, COST, 10));
    }
}
