package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;

/**
 * Issue 16 "Tests and proof", bad input: each is one line and exit 2 (usage), before any AWS call, so the endpoint is one
 * where nothing listens. The retention limits are CloudWatch's (User Guide, "Metrics retention").
 */
class MetricsCommandTest {
    private static Lamb.Run metrics(String... args) {
        String[] all = new String[args.length + 7];
        all[0] = "metrics";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--function", "fn", "--region", "us-east-1", "--endpoint-url",
            "http://127.0.0.1:" + Ports.free()}, 0, all, args.length + 1, 6);
        return Lamb.run(all);
    }

    private static void usage(Lamb.Run run, String start) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("lamb: " + start), run.err());
    }

    @Test
    void anUnknownPeriod() {
        usage(metrics("--period", "90"), "--period 90 is not a period: give auto, 60, 300 or 3600");
    }

    @Test
    void aWindowBeyondRetentionForThePeriod() {
        usage(metrics("--since", "16d", "--period", "60"), "--since 16d with --period 60: CloudWatch keeps 1-minute data for 15 days");
        usage(metrics("--since", "64d", "--period", "300"), "--since 64d with --period 300: CloudWatch keeps 5-minute data for 63 days");
        usage(metrics("--since", "456d"), "--since 456d: CloudWatch keeps metrics for 455 days");
    }

    @Test
    void untilBeforeSince() {
        usage(metrics("--since", "1h", "--until", "2h"), "--until 2h is not after --since 1h");
    }

    @Test
    void watchNeedsATerminal() {
        usage(metrics("--watch"), "--watch redraws a terminal, and this is not one");
    }

    @Test
    void stageIsTheProjectsAndByTakesVersion() {
        usage(metrics("--stage", "prod"), "--stage picks the project's function's stage");
        Lamb.Run by = metrics("--by", "alias");
        assertEquals(2, by.exitCode(), by.err());
        assertTrue(by.err().contains("'alias' is not one of version"), by.err());
    }
}
