package dev.lamb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class SparklineTest {
    @Test
    void scalesFromZeroToTheLargestValue() {
        assertEquals("▁▂▅▇█", Sparkline.of(List.of(0.0, 1.0, 4.0, 6.0, 8.0), 60, true));
    }

    @Test
    void anyValueAboveZeroShowsAndNothingSampledIsASpace() {
        assertEquals("▁▂█ ", Sparkline.of(Arrays.asList(0.0, 1.0, 1000.0, null), 60, false));
        assertEquals("▁▁▁", Sparkline.of(List.of(0.0, 0.0, 0.0), 60, true));
    }

    @Test
    void aLongSeriesIsBucketedCountsAddedMaximaKept() {
        List<Double> values = Arrays.asList(1.0, 1.0, 0.0, 0.0, 2.0, null);
        assertEquals("█▁█", Sparkline.of(values, 3, true));
        assertEquals("▅▁█", Sparkline.of(values, 3, false));
        assertEquals(60, Sparkline.of(Collections.nCopies(1440, 1.0), 60, true).length());
    }
}
