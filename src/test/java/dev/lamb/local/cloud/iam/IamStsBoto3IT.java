package dev.lamb.local.cloud.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lamb.local.cloud.sts.StsService;
import dev.lamb.testing.Moto;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;

/**
 * IAM's policies and STS through boto3 (src/test/resources/boto3/iam_policies.py and sts_roundtrips.py, whose
 * expected values come from botocore's service models and the IAM and STS API references), against the local cloud
 * and, as a second opinion, against moto's server. Against moto, the checks where it answers otherwise than the
 * reference print a "moto differs" line (in the test's output) instead of failing: the reference wins.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IamStsBoto3IT {
    private static final Path SCRIPTS = Path.of("src/test/resources/boto3").toAbsolutePath();

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> {
        IamService iam = new IamService(data);
        return List.of(iam, new StsService(iam::assumableRole, iam::decide));
    });

    @TempDir
    static Path work;

    static Path python;
    static Moto moto;

    @BeforeAll
    static void boto3() {
        python = RequiredTools.requirePythonModule("boto3", "boto3");
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    private static Processes.Result run(String script, String... args) {
        // No profile of the developer's reaches the scripts: they name the endpoint and test keys themselves.
        Map<String, String> env = Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "PYTHONDONTWRITEBYTECODE", "1");
        List<String> command = new ArrayList<>(List.of(python.toString(), SCRIPTS.resolve(script).toString()));
        command.addAll(List.of(args));
        return Processes.run(work, env, 120, command);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"iam_policies.py, ok iam policies", "sts_roundtrips.py, ok sts"})
    void asTheReferenceSaysAgainstTheLocalCloud(String script, String ok) {
        Processes.Result run = run(script, cloud.endpoint(), "000000000000");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(ok, run.output().strip(), run.output());
    }

    /**
     * moto passes the same checks but those it answers otherwise than the reference (moto 5: it deletes a policy
     * still attached, does not page ListRolePolicies, skips roles and tags when they are deleted while paging, fails on a
     * marker it did not issue, and hands out credentials for a role that does not exist or past its
     * MaxSessionDuration).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"iam_policies.py, ok iam policies", "sts_roundtrips.py, ok sts"})
    void theSameChecksAgainstMoto(String script, String ok) {
        if (moto == null) {
            moto = Moto.start();
        }
        moto.reset();
        Processes.Result run = run(script, moto.endpoint().toString(), Moto.ACCOUNT, "moto");
        assertEquals(0, run.exitCode(), run.output() + "\n" + moto.logTail());
        assertTrue(run.output().strip().endsWith(ok), run.output());
        System.out.println("moto, " + script + ":\n" + run.output());
    }
}
