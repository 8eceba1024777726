package dev.lamb.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The runtime table (runtimes.tsv): AWS's identifiers and dates as shared/reference/research-2026.md gives them
 * (from AWS's Lambda runtimes page), and the two rules deploy takes from it.
 */
class LambdaRuntimesTest {

    @Test
    void eachFamilysNewestIsIssue15sCurrentRuntime() {
        assertEquals("python3.14", LambdaRuntimes.newest("python").id());
        assertEquals("nodejs24.x", LambdaRuntimes.newest("nodejs").id());
        assertEquals("java25", LambdaRuntimes.newest("java").id());
        assertEquals("provided.al2023", LambdaRuntimes.newest("provided").id());
        assertEquals("python3.14, nodejs24.x or java25", LambdaRuntimes.newestOf("python", "nodejs", "java"));
    }

    /** Every runtime the local cloud took before the table (its own list then), and the families the engine knows. */
    @Test
    void holdsEveryRuntimeTheLocalCloudTookBefore() {
        List<String> before = List.of("nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x", "python3.9", "python3.10",
                "python3.11", "python3.12", "python3.13", "python3.14", "java8.al2", "java11", "java17", "java21", "java25",
                "dotnet8", "ruby3.2", "ruby3.3", "ruby3.4", "provided", "provided.al2", "provided.al2023");
        assertTrue(LambdaRuntimes.ids().containsAll(before), LambdaRuntimes.ids().toString());
        assertEquals(Optional.of("java"), LambdaRuntimes.family("java8.al2"));
        assertEquals(Optional.empty(), LambdaRuntimes.family("python2.7"));
        assertEquals(List.of("x86_64"), LambdaRuntimes.find("provided").orElseThrow().architectures());
    }

    /** The reference's dates: python3.11 is deprecated 2027-06-30, creating blocked from 07-31 and updating from 08-31. */
    @Test
    void datesAreTheReferencesAndUnknownOnesStayUnknown() {
        LambdaRuntime python311 = LambdaRuntimes.find("python3.11").orElseThrow();
        assertEquals(Optional.of(LocalDate.parse("2027-06-30")), python311.deprecation());
        assertEquals(Optional.of(LocalDate.parse("2027-07-31")), python311.blockCreate());
        assertEquals(Optional.of(LocalDate.parse("2027-08-31")), python311.blockUpdate());
        // AWS's runtime table: python3.12 is deprecated 2028-10-31, creating blocked from 2028-11-30, updating from 2029-01-10.
        LambdaRuntime python312 = LambdaRuntimes.find("python3.12").orElseThrow();
        assertEquals(List.of("2028-10-31", "2028-11-30", "2029-01-10"), List.of(python312.deprecationText(),
                python312.blockCreate().orElseThrow().toString(), python312.blockUpdate().orElseThrow().toString()));
        // java25's block-create date is not confirmed: it is never refused on it.
        LambdaRuntime java25 = LambdaRuntimes.find("java25").orElseThrow();
        assertEquals(Optional.empty(), java25.blockCreate());
        assertEquals(Optional.empty(), java25.blockedSince(LocalDate.parse("2099-01-01"), false));
        LambdaRuntime unknown = new LambdaRuntime("python3.99", "python", List.of("x86_64"), Optional.empty(), Optional.empty(),
                Optional.empty());
        assertEquals("unknown", unknown.deprecationText());
        assertFalse(unknown.deprecatedSoon(LocalDate.parse("2099-01-01")), "an unknown date never warns");
        // endoflife.date's aws-lambda page: Node.js 22's standard support ends 2027-04-30, within 180 days of today.
        assertTrue(LambdaRuntimes.find("nodejs22.x").orElseThrow().deprecatedSoon(LocalDate.parse("2026-12-06")));
        assertEquals("2026-10-31", LambdaRuntimes.find("python3.10").orElseThrow().deprecationText());
    }

    @Test
    void deployWarnsFrom180DaysBeforeTheDeprecation() {
        LambdaRuntime java17 = LambdaRuntimes.find("java17").orElseThrow();
        assertFalse(java17.deprecatedSoon(LocalDate.parse("2027-06-30").minusDays(181)));
        assertTrue(java17.deprecatedSoon(LocalDate.parse("2027-06-30").minusDays(180)));
        assertTrue(java17.deprecatedSoon(LocalDate.parse("2027-07-15")), "and after it");
    }

    @Test
    void creatingIsBlockedFromOneDateAndUpdatingFromAnother() {
        LambdaRuntime java11 = LambdaRuntimes.find("java11").orElseThrow();
        LocalDate create = LocalDate.parse("2027-07-31");
        LocalDate update = LocalDate.parse("2027-08-31");
        assertEquals(Optional.empty(), java11.blockedSince(create.minusDays(1), false));
        assertEquals(Optional.of(create), java11.blockedSince(create, false));
        assertEquals(Optional.empty(), java11.blockedSince(create, true), "a function on it can still be updated");
        assertEquals(Optional.of(update), java11.blockedSince(update, true));
    }
}
