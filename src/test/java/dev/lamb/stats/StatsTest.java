package dev.lamb.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianAndNearestRankP95() {
        Stats odd = Stats.of(List.of(5, 1, 4, 2, 3));
        assertEquals(3, odd.median());
        assertEquals(5, odd.p95());
        Stats even = Stats.of(List.of(4.0, 1.0, 3.0, 2.0));
        assertEquals(2.5, even.median());
        List<Integer> hundred = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            hundred.add(i);
        }
        assertEquals(95, Stats.of(hundred).p95());
        assertEquals(50.5, Stats.of(hundred).median());
        // 20 samples: rank ceil(19) = 19, the second largest; a single outlier does not set p95.
        List<Integer> twenty = new ArrayList<>(Collections.nCopies(19, 10));
        twenty.add(500);
        assertEquals(10, Stats.of(twenty).p95());
    }

    @Test
    void trimsTwentyPercentFromEachEndButKeepsAtLeastThree() {
        // Ten samples: two cut from each end, the mean of the six left.
        assertEquals(14.0, Stats.of(List.of(12, 15, 11, 14, 30, 13, 16, 12, 14, 90)).trimmedMean(), 1e-12);
        // Five: one cut from each end (Power Tuning's num=5 case).
        assertEquals(3.0, Stats.of(List.of(1, 2, 3, 4, 100)).trimmedMean(), 1e-12);
        // Four: 20% would cut none (floor 0.8), and cutting one would leave two, so all four count.
        assertEquals(26.75, Stats.of(List.of(1, 2, 4, 100)).trimmedMean(), 1e-12);
        assertEquals(7, Stats.of(List.of(7)).trimmedMean());
    }

    @Test
    void withoutTrimmingTheIntervalIsStudentsT() {
        // R: t.test(c(10, 12, 14, 16)) gives the 95% interval 8.891 to 17.109; mean 13, s = 2.582, t(3) = 3.182.
        Stats s = Stats.of(List.of(10, 12, 14, 16));
        assertEquals(13, s.trimmedMean(), 1e-12);
        assertEquals(17.1085 - 13, s.halfWidth(), 0.001);
        assertEquals(4.1085 / 13, s.relativeHalfWidth(), 0.0001);
    }

    @Test
    void theTrimmedMeansIntervalIsTukeyMcLaughlinsWithTheWinsorizedDeviation() {
        // Sorted: 11 12 12 13 14 14 15 16 30 90. Winsorized (two each end): 12 12 12 13 14 14 15 16 16 16,
        // mean 14, squares 4+4+4+1+0+0+1+4+4+4 = 26, s_w = sqrt(26/9) = 1.6997.
        // se = 1.6997 / (0.6 × sqrt(10)) = 0.8958; six kept so df 5, t = 2.571: half-width 2.3031.
        // scipy.stats.mstats.trimmed_mean_ci(x, limits=(0.2, 0.2)) gives 11.6973..16.3027 (exact t, 2.5706).
        Stats s = Stats.of(List.of(12, 15, 11, 14, 30, 13, 16, 12, 14, 90));
        assertEquals(2.3031, s.halfWidth(), 0.0005);
        assertEquals(2.3027, s.halfWidth(), 0.001);
    }

    @Test
    void smallSamplesUseTheirOwnDegreesOfFreedom() {
        // Five samples keep three: df 2, t = 4.303. Winsorized 2 2 3 4 4: s_w = 1; se = 1 / (0.6 × sqrt 5).
        Stats five = Stats.of(List.of(1, 2, 3, 4, 5));
        assertEquals(4.303 / (0.6 * Math.sqrt(5)), five.halfWidth(), 1e-9);
        // Two samples: s = sqrt 2, se = s / sqrt 2 = 1, df 1, t = 12.706.
        assertEquals(12.706, Stats.of(List.of(9, 11)).halfWidth(), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, Stats.of(List.of(9)).halfWidth());
    }

    @Test
    void theTTableEndsConservativelyAt1Point98() {
        assertEquals(12.706, Stats.tQuantile(1));
        assertEquals(2.042, Stats.tQuantile(30));
        assertEquals(2.042, Stats.tQuantile(35));
        assertEquals(2.021, Stats.tQuantile(40));
        assertEquals(2.000, Stats.tQuantile(60));
        assertEquals(1.980, Stats.tQuantile(5000));
        assertThrows(IllegalArgumentException.class, () -> Stats.tQuantile(0));
    }

    @Test
    void convergesOnceTheIntervalIsWithinTheTolerance() {
        List<Integer> steady = List.of(100, 101, 99, 100, 102, 98, 100, 101, 99, 100);
        assertTrue(Stats.of(steady).converged(0.05));
        assertFalse(Stats.of(List.of(100, 150, 60, 120, 80)).converged(0.05));
        // Identical billed durations give a zero interval, but too few samples never count as converged.
        assertFalse(Stats.of(List.of(2, 2, 2)).converged(0.05));
        assertTrue(Stats.of(List.of(2, 2, 2, 2, 2)).converged(0.05));
        assertEquals(0, Stats.of(List.of(0, 0, 0)).relativeHalfWidth());
    }

    @Test
    void refusesNoSamples() {
        assertThrows(IllegalArgumentException.class, () -> Stats.of(List.of()));
    }
}
