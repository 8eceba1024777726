package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lamb.testing.ClientScripts;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Moto;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/**
 * boto3, as its users call it, against the local cloud: per service a script in src/test/resources/boto3
 * (create/get/list/delete round trips, errors read from ClientError's Error.Code, waiters, paginators), whose
 * expected values come from botocore's service models, waiters and paginators. The scripts assert; this runs
 * each in the python3 that has boto3, and a missing boto3 fails under LAMB_TEST_STRICT=1. One cloud serves
 * them all; no script lists what another one made.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Boto3IT {
    private static final Path SCRIPTS = Path.of("src/test/resources/boto3").toAbsolutePath();

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    static Path work;

    static Path python;

    @BeforeAll
    static void boto3() {
        python = RequiredTools.requirePythonModule("boto3", "boto3");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lambda", "iam", "logs", "apigateway", "xray", "s3", "cloudwatch", "secretsmanager", "ssm"})
    void boto3RoundTrips(String service) {
        ClientScripts.assertOk(service, work, Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                List.of(python.toString(), SCRIPTS.resolve(service + "_roundtrips.py").toString(), cloud.endpoint()));
    }

    /**
     * moto's server serves X-Ray's PutTraceSegments, GetTraceSummaries, BatchGetTraces and GetServiceGraph, so the
     * X-Ray script runs against it as a second opinion. moto answers otherwise than the reference only where known, and
     * there the reference wins (moto 5: it pages neither summaries nor traces and takes any NextToken, accepts a window
     * that ends before it starts, draws no service graph, names a segment without id MissingParam and rounds Duration
     * down; its "Not implemented yet" filter expressions are skipped).
     */
    @Test
    void xrayAgainstMotoDepartsOnlyWhereKnown() {
        List<String> known = List.of("UnprocessedTraceSegments:", "Duration:", "GetServiceGraph services:", "the first page:",
                "GetTraceSummaries with an unknown NextToken:", "BatchGetTraces, five a page:", "GetServiceGraph backwards:",
                "GetServiceGraph with an unknown NextToken:", "GetTraceSummaries backwards:");
        try (Moto moto = Moto.start()) {
            Processes.Result run = Processes.run(work, Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                    "PYTHONDONTWRITEBYTECODE", "1"), 90, List.of(python.toString(), SCRIPTS.resolve("xray_roundtrips.py").toString(),
                    moto.endpoint().toString(), Moto.ACCOUNT, "moto"));
            assertEquals(0, run.exitCode(), run.output());
            assertTrue(run.output().strip().endsWith("ok xray"), run.output());
            assertTrue(run.output().lines().filter(line -> line.startsWith("moto differs: "))
                    .allMatch(line -> known.stream().anyMatch(line.substring("moto differs: ".length())::startsWith)), run.output());
            System.out.println("moto, xray_roundtrips.py:\n" + run.output());
        }
    }
}
