package dev.lamb.local.cloud;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lamb.testing.ClientScripts;
import dev.lamb.testing.DeployedCloud;
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
    @ValueSource(strings = {"lambda", "iam", "logs", "apigateway", "xray"})
    void boto3RoundTrips(String service) {
        ClientScripts.assertOk(service, work, Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                List.of(python.toString(), SCRIPTS.resolve(service + "_roundtrips.py").toString(), cloud.endpoint()));
    }
}
