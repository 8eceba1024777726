package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.lambda.ReportLine;
import dev.lamb.testing.DeployedCloud;

/**
 * Issue 13 §3: tune reads REPORT lines from CloudWatch through the one reader, which rides out what the
 * SDK's own retries (six attempts) give up on. Before, the cold-start rate and the cross-check each read
 * Logs by themselves and fell back at the SDK's first give-up. The faults are the local cloud's 500/503
 * answers, which the SDK retries as AWS's standard retry mode says.
 */
class ColdStartRateIT {
    @TempDir
    static Path work;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @BeforeAll
    static void start() {
        cloud.deployed(work, "rate", TuneSteps.handler("1", ""));
        // One cold start in 25 invocations of the released version, as TuneCommandIT's flat function.
        for (int i = 0; i < 25; i++) {
            cloud.aws().lambda().invoke(r -> r.functionName("rate").qualifier("dev"));
        }
    }

    @Test
    void theColdStartRateIsReadThroughMoreServerErrorsThanTheSdkRetries() {
        cloud.local().faults().add("logs", "FilterLogEvents", "error", 1.0, null, 7);
        List<String> progress = new CopyOnWriteArrayList<>();
        try {
            Optional<Double> rate = RecentColdStarts.rate(cloud.aws().lambda(), cloud.aws().logs(), "rate", "/aws/lambda/rate",
                    progress::add);
            assertEquals(Optional.of(0.04), rate, progress.toString());
        } finally {
            cloud.local().faults().clear();
        }
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("tune: cold-start rate 4.0% (1 of 25 invocations")),
                progress.toString());
    }

    /** {@code invocations} measured on version 1 (the release), as the sweep records them. */
    private static Measured released(int invocations) {
        ReportLine line = ReportLine.parse("REPORT RequestId: r\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB"
                + "\tMax Memory Used: 20 MB\t").orElseThrow();
        return new Measured(128, "x86_64", "1", null, Collections.nCopies(invocations, line), List.of(), List.of(), List.of(),
                false, null, null);
    }

    @Test
    void theCrossCheckCountsTheSweepsReportLinesThroughServerErrors() {
        cloud.local().faults().add("logs", "FilterLogEvents", "error", 1.0, null, 7);
        List<String> progress = new CopyOnWriteArrayList<>();
        try {
            SweepLogs.crossCheck(cloud.aws().logs(), "/aws/lambda/rate", Instant.now().minusSeconds(600), Instant.now(),
                    List.of(released(25)), progress::add);
        } finally {
            cloud.local().faults().clear();
        }
        assertEquals(List.of("tune: CloudWatch Logs has the REPORT line of every invocation measured (25)"), progress);
    }
}
