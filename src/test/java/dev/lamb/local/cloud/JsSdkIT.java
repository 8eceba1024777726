package dev.lamb.local.cloud;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lamb.testing.ClientScripts;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.RequiredTools;

/**
 * The AWS SDK for JavaScript v3, as its users call it, against the local cloud: per service a script in src/test/js
 * (create/get/list/delete round trips, errors read from their name and $metadata.httpStatusCode, the SDK's
 * waiters and paginators, Invoke with its log tail, Live Tail's event stream, and the operations issue 14 added: IAM's
 * policies, Lambda's control plane and function URLs, API Gateway's PATCH operations and stage variables, Logs' filter
 * patterns and tags, X-Ray's page tokens and service graph; CloudWatch's metrics and alarms, issue 16; issue 17's Secrets Manager
 * and Parameter Store), whose expected values come from the
 * API reference and the service models the scripts name. The packages are pinned in that folder's package-lock.json
 * and installed by {@code npm ci} (.ci/run does it); a missing node or node_modules fails under LAMB_TEST_STRICT=1.
 * One cloud serves them all; no script lists what another one made.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JsSdkIT {
    private static final Path SCRIPTS = Path.of("src/test/js").toAbsolutePath();

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    static Path node;

    @BeforeAll
    static void sdk() {
        node = RequiredTools.requireNodePackages(SCRIPTS);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lambda", "iam", "logs", "apigateway", "xray", "sts", "cloudwatch", "secretsmanager", "ssm"})
    void jsSdkRoundTrips(String service) {
        // The SDK's notice that its next versions need Node 22 would only add a line to the output read here.
        ClientScripts.assertOk(service, SCRIPTS, Map.of("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true"),
                List.of(node.toString(), SCRIPTS.resolve(service + ".mjs").toString(), cloud.endpoint()));
    }
}
