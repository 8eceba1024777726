package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.Architecture;

class PriceTableTest {
    private final PriceTable standard = PriceTable.standard();

    @Test
    void awsPublishedOnDemandPrices() {
        assertEquals(new PriceTable.Price(0.0000166667, 0.0000002), standard.price(Architecture.X86_64));
        assertEquals(new PriceTable.Price(0.0000133334, 0.0000002), standard.price(Architecture.ARM64));
        // AWS's rounded "per 1 ms at 128 MB" figures follow from the GB-second ones.
        assertEquals(0.0000000021, standard.price(Architecture.X86_64).perGbSecond() / 8000, 0.00000000005);
        assertEquals(0.0000000017, standard.price(Architecture.ARM64).perGbSecond() / 8000, 0.00000000005);
    }

    @Test
    void overridesReplaceOnlyWhatIsGiven() {
        PriceTable compute = standard.with(0.00002, null);
        assertEquals(new PriceTable.Price(0.00002, 0.0000002), compute.price(Architecture.X86_64));
        assertEquals(new PriceTable.Price(0.00002, 0.0000002), compute.price(Architecture.ARM64));
        PriceTable requests = standard.with(null, 0.0);
        assertEquals(new PriceTable.Price(0.0000133334, 0), requests.price(Architecture.ARM64));
        assertEquals(standard.price(Architecture.X86_64), standard.with(null, null).price(Architecture.X86_64));
    }

    @Test
    void refusesPricesThatAreNotPrices() {
        LambException e = assertThrows(LambException.class, () -> standard.with(0.0, null));
        assertEquals("--price-gb-s 0.0 is not a price: give USD per GB-second, above 0", e.getMessage());
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertThrows(LambException.class, () -> standard.with(Double.NaN, null));
        assertThrows(LambException.class, () -> standard.with(null, -0.1));
        assertThrows(LambException.class, () -> standard.with(null, Double.POSITIVE_INFINITY));
    }

    @Test
    void notesRegionsKnownToBePricedDifferentlyUntilTheUserGivesAPrice() {
        assertTrue(standard.note("us-east-1").isEmpty());
        assertTrue(standard.note("eu-west-1").isEmpty());
        assertTrue(standard.note("ap-east-1").orElseThrow().contains("pass --price-gb-s"));
        assertTrue(standard.note("cn-north-1").isPresent());
        assertTrue(standard.note("us-gov-west-1").isPresent());
        assertTrue(standard.with(0.00002, null).note("ap-east-1").isEmpty());
    }
}
