package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;

/**
 * Issue 13 §3: AWS's errors are translated once, where a failure reaches the command line, and no longer
 * by each reader. Every command whose reader used to translate by itself still ends a failed AWS call
 * with one line in lamb's words ("SERVICE CODE: message (request ID)") and the README's exit code: 1
 * for a service error (the local cloud's error fault answers Lambda's 500 ServiceException or 503
 * ServiceUnavailableException, after the SDK's six attempts), 1 for CloudWatch Logs'
 * InvalidParameterException on a bad filter pattern (FilterLogEvents' API reference). Never "unexpected
 * error", never the hint to rerun with --verbose, which are for failures lamb did not foresee.
 */
class SdkErrorsIT {
    private static final Pattern SERVICE_ERROR = Pattern.compile("lamb: (Lambda|XRay) (ServiceException: lamb local fault: "
            + "service error|ServiceUnavailableException: lamb local fault: service unavailable) \\(request [^)]+\\)");

    @TempDir
    static Path work;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();
    static Path project;

    @BeforeAll
    static void start() {
        project = DeployedCloud.init(work, "failing");
        cloud.deploy(project);
    }

    @AfterEach
    void clearFaults() {
        cloud.local().faults().clear();
    }

    private static Lamb.Run lamb(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", project.toString()));
        return cloud.lamb(all.toArray(String[]::new));
    }

    /** The last stderr line is lamb's one line for the failure, and nothing says it was unforeseen. */
    private static void failsWith(Pattern line, Lamb.Run run) {
        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.err().strip().lines().toList();
        assertTrue(line.matcher(lines.get(lines.size() - 1)).matches(), run.err());
        assertFalse(run.err().contains("unexpected error") || run.err().contains("--verbose"), run.err());
    }

    private static void lambdaFails() {
        cloud.local().faults().add("lambda", null, "error", 1.0, null, null);
    }

    @Test
    void statusRollbackAndDestroyReadingLambda() {
        lambdaFails();
        failsWith(SERVICE_ERROR, lamb("status"));
        failsWith(SERVICE_ERROR, lamb("rollback"));
        failsWith(SERVICE_ERROR, lamb("destroy", "--yes"));
        cloud.local().faults().clear();
        assertEquals(List.of("$LATEST", "1"), cloud.versions("failing"), "the failed destroy removed nothing");
    }

    /** Deploy's first reads (who owns what) come before any step: the line names no step. */
    @Test
    void deployReadingWhatExists() {
        lambdaFails();
        Lamb.Run run = lamb("deploy");
        failsWith(SERVICE_ERROR, run);
        assertFalse(run.err().contains("at step"), run.err());
    }

    @Test
    void invokeOfTheDeployedFunction() {
        cloud.local().faults().add("lambda", "POST .*/invocations$", "error", 1.0, null, null);
        failsWith(SERVICE_ERROR, lamb("invoke"));
    }

    @Test
    void tracesReadingLambdaThenXRay() {
        lambdaFails();
        failsWith(SERVICE_ERROR, lamb("traces"));
        cloud.local().faults().clear();
        cloud.local().faults().add("xray", null, "error", 1.0, null, null);
        failsWith(SERVICE_ERROR, lamb("traces"));
        failsWith(SERVICE_ERROR, lamb("traces", "--id", "1-5f84c7a1-0123456789abcdef01234567"));
    }

    @Test
    void logsFindingTheGroupAndReadingIt() {
        lambdaFails();
        failsWith(SERVICE_ERROR, lamb("logs"));
        cloud.local().faults().clear();
        Pattern badFilter = Pattern.compile("lamb: CloudWatchLogs InvalidParameterException: Invalid filter pattern: "
                + "\"unterminated \\(request [^)]+\\)");
        failsWith(badFilter, lamb("logs", "--filter", "\"unterminated"));
        failsWith(badFilter, lamb("logs", "--follow", "--poll", "--filter", "\"unterminated"));
    }
}
