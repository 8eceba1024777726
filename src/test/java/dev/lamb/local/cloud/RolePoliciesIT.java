package dev.lamb.local.cloud;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.ClientScripts;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.RequiredTools;

/**
 * Issue 14 §4: calls signed with a role session's credentials are checked against the role's policies, each client
 * its own way: boto3 (src/test/resources/boto3/role_policies.py, whose expected codes and messages it cites), the AWS
 * CLI v2 and the Java SDK.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RolePoliciesIT {
    private static final Path SCRIPTS = Path.of("src/test/resources/boto3").toAbsolutePath();

    @RegisterExtension
    final DeployedCloud cloud = DeployedCloud.perTest();

    @TempDir
    Path work;

    @Test
    void boto3SeesWhatTheRolesPoliciesAllowAndDeny() {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        ClientScripts.assertOk("role policies", work, Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                List.of(python.toString(), SCRIPTS.resolve("role_policies.py").toString(), cloud.endpoint()));
    }
}
