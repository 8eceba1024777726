package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.LambProcess;
import dev.lamb.ui.Terminals;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** `lamb destroy` against lamb's local cloud, each result read back through the SDK. */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DestroyCommandIT {
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    Path tmp;

    @Test
    void destroyLeavesNothingBehind() {
        Path project = DeployedCloud.init(tmp, "doomed");
        cloud.deploy(project);

        Lamb.Run refused = cloud.lamb("destroy", "--dir", project.toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().contains("--yes"), refused.err());

        Lamb.Run plan = cloud.lamb("destroy", "--dry-run", "--dir", project.toString());
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().startsWith("would destroy doomed in us-east-1 (nothing was changed):\n"), plan.out());
        assertNotNull(cloud.aws().lambda().getFunction(r -> r.functionName("doomed")), "the dry run removed nothing");
        assertTrue(api("doomed").isPresent());

        Lamb.Run run = cloud.lamb("destroy", "--yes", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("destroyed doomed in us-east-1:\n"), run.out());
        assertTrue(run.out().contains("  deleted REST API doomed (id "), run.out());
        assertTrue(run.out().contains("  deleted function doomed (version 1; alias dev and its permissions)\n"), run.out());
        assertTrue(run.out().contains("  deleted role lamb-doomed-us-east-1 (inline policies lamb-logs, lamb-xray)\n"), run.out());
        assertTrue(run.out().contains("  deleted log group /aws/lambda/doomed\n"), run.out());
        assertFalse(run.err().contains("deleted"), "each removal is said once, on stdout: " + run.err());

        assertNothingLeft("doomed");
        Lamb.Run again = cloud.lamb("destroy", "--yes", "--dir", project.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals("nothing to destroy\n", again.out());
    }

    @Test
    void onATerminalItAsksAndKeepsTheLogsWhenToldTo() {
        Path project = DeployedCloud.init(tmp, "asked");
        cloud.deploy(project);

        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Lamb.Run declined = cloud.lamb(terminal("no\n", screen), "destroy", "--dir", project.toString());
        // Issue 11 §10: declining is an answer, not a failure: exit 0, "nothing was removed" (README, lamb destroy).
        assertEquals(0, declined.exitCode(), declined.err());
        assertTrue(declined.err().endsWith("destroy cancelled: nothing was removed\n"), declined.err());
        assertTrue(screen.toString(StandardCharsets.UTF_8).contains("Destroy asked? (yes/no)"), screen.toString(StandardCharsets.UTF_8));
        assertTrue(declined.err().contains("function asked (version 1; alias dev and its permissions)"),
                "the list of what would go comes before the question: " + declined.err());
        assertNotNull(cloud.aws().lambda().getFunction(r -> r.functionName("asked")), "declined: nothing removed");

        // An inline policy put on the role while the question waits: the plan did not show it, so it is not deleted unasked.
        // IAM's DeleteRole answers DeleteConflict while a role has one (IAM API reference): destroy keeps the role, names the
        // policy, and the next destroy shows it in its plan and finishes.
        String role = "lamb-asked-us-east-1";
        Runnable meanwhile = () -> cloud.aws().iam().putRolePolicy(r -> r.roleName(role).policyName("theirs").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"));
        Lamb.Run run = cloud.lamb(terminal("yes\n", new ByteArrayOutputStream(), meanwhile), "destroy", "--keep-logs",
                "--dir", project.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("destroy failed at step 'role': role " + role + " has policies the plan did not show, put "
                + "since it was read: theirs; kept them and the role"), run.err());
        assertTrue(run.err().contains("run 'lamb destroy' again to finish"), run.err());
        assertEquals("theirs", cloud.aws().iam().getRolePolicy(r -> r.roleName(role).policyName("theirs")).policyName());
        Lamb.Run again = cloud.lamb("destroy", "--yes", "--keep-logs", "--dir", project.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("  kept log group /aws/lambda/asked (--keep-logs)\n"), again.out());
        assertTrue(again.out().contains("  deleted role " + role + " (inline policy theirs)\n"), again.out());
        assertThrows(NoSuchEntityException.class, () -> cloud.aws().iam().getRole(r -> r.roleName(role)));
        assertThrows(ResourceNotFoundException.class, () -> cloud.aws().lambda().getFunction(r -> r.functionName("asked")));
        assertEquals(14, logGroup("asked").orElseThrow().retentionInDays(), "the log group is still there, as it was");
    }

    @Test
    void destroyFinishesWhatAHalfFinishedDeployLeft() {
        Path project = DeployedCloud.init(tmp, "half");
        cloud.deploy(project);
        cloud.aws().apiGateway().deleteRestApi(r -> r.restApiId(api("half").orElseThrow().id()));
        cloud.aws().lambda().deleteFunction(r -> r.functionName("half"));

        Lamb.Run run = cloud.lamb("destroy", "--yes", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        // The stage's alarms first (issue 16), in DescribeAlarms' order of names.
        assertEquals("destroyed half in us-east-1:\n  deleted alarm lamb-half-dev-error_rate\n  deleted alarm lamb-half-dev-p99_of_timeout\n"
                + "  deleted alarm lamb-half-dev-throttles\n  deleted role lamb-half-us-east-1 (inline policies lamb-logs, lamb-xray)\n"
                + "  deleted log group /aws/lambda/half\n", run.out());
        assertNothingLeft("half");
    }

    @Test
    void aRoleWithoutLambsTagIsKept() {
        Path project = DeployedCloud.init(tmp, "borrowed");
        cloud.deploy(project);
        // The tag taken off by hand: destroy can no longer tell the role is lamb's, so it stays.
        cloud.aws().iam().untagRole(r -> r.roleName("lamb-borrowed-us-east-1").tagKeys("lamb:function"));

        Lamb.Run run = cloud.lamb("destroy", "--yes", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("  kept role lamb-borrowed-us-east-1 (not made by lamb, left alone)\n"), run.out());
        assertNotNull(cloud.aws().iam().getRole(r -> r.roleName("lamb-borrowed-us-east-1")).role());
        assertThrows(ResourceNotFoundException.class, () -> cloud.aws().lambda().getFunction(r -> r.functionName("borrowed")));
    }

    /** Issue 11, section 6: Ctrl-C of a destroy (SIGINT to a real lamb process) says where it stood, and exits 130. */
    @Test
    void ctrlCSaysWhereTheDestroyStoodAndExits130() {
        Path project = DeployedCloud.init(tmp, "stopped");
        cloud.deploy(project);
        // DeleteFunction waits 5 s in the cloud: the destroy is in step 'function' when the signal comes.
        cloud.local().faults().add("lambda", "DELETE /2015-03-31/functions/stopped$", "latency", null, 5000L, 1);
        LambProcess.Result run;
        try {
            // Destroy lists what it removed once, at the end: the REST API gone from the cloud says where it stands.
            run = LambProcess.interruptedWhen(() -> api("stopped").isEmpty(), 500, "destroy", "--yes",
                    "--dir", project.toString(), "--endpoint-url", cloud.endpoint(), "--region", "us-east-1");
        } finally {
            cloud.local().faults().clear();
        }
        assertEquals(130, run.exitCode(), run.all());
        assertEquals("interrupted during step 'function' (done: deleted alarm lamb-stopped-dev-error_rate, deleted alarm "
                + "lamb-stopped-dev-p99_of_timeout, deleted alarm lamb-stopped-dev-throttles, deleted REST API stopped); "
                + "run 'lamb destroy' again to finish", run.last(), run.all());
        Lamb.Run again = cloud.lamb("destroy", "--yes", "--dir", project.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertNothingLeft("stopped");
    }

    private static void assertNothingLeft(String function) {
        assertThrows(ResourceNotFoundException.class, () -> cloud.aws().lambda().getFunction(r -> r.functionName(function)));
        assertFalse(api(function).isPresent(), "no REST API");
        assertThrows(NoSuchEntityException.class, () -> cloud.aws().iam().getRole(r -> r.roleName("lamb-" + function + "-us-east-1")));
        assertFalse(logGroup(function).isPresent(), "no log group");
        assertTrue(cloud.aws().cloudWatch().describeAlarms(r -> r.alarmNamePrefix("lamb-" + function + "-")).metricAlarms().isEmpty(),
                "no alarm");
    }

    private static Optional<RestApi> api(String function) {
        return cloud.aws().apiGateway().getRestApis(r -> r.limit(500)).items().stream().filter(a -> a.name().equals(function)).findFirst();
    }

    private static Optional<LogGroup> logGroup(String function) {
        String name = "/aws/lambda/" + function;
        return cloud.aws().logs().describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name)).findFirst();
    }

    private static Terminals terminal(String keys, ByteArrayOutputStream screen) {
        return Terminals.scripted(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen);
    }

    /** Keys read only once {@code meanwhile} has happened: what someone does while the question waits. */
    private static Terminals terminal(String keys, ByteArrayOutputStream screen, Runnable meanwhile) {
        AtomicBoolean happened = new AtomicBoolean();
        return Terminals.scripted(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read() {
                if (happened.compareAndSet(false, true)) {
                    meanwhile.run();
                }
                return super.read();
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (happened.compareAndSet(false, true)) {
                    meanwhile.run();
                }
                return super.read(b, off, len);
            }
        }, screen);
    }
}
