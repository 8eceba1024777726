package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.MovableClock;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * Issue 16 §2 and §3 on lamb's local cloud: the error_rate alarm `lamb deploy` made (lamb-FUNCTION-STAGE-error_rate) goes
 * to ALARM after a burst of errors and back to OK after good traffic, as the AWS CLI v2's describe-alarms shows
 * (StateValue, one of OK, ALARM and INSUFFICIENT_DATA in the CloudWatch API reference). The alarm needs 2 of its last 3
 * one-minute periods breaching, so the burst spans a minute boundary: the test moves the cloud's clock (Lambda's
 * invocation stamps and CloudWatch's now) a minute on between its halves instead of waiting for the next minute. The local
 * cloud evaluates alarms every 0.6 s (its delay scale, 0.01 of AWS's minute).
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AlarmsLocalCloudIT {
    static final MovableClock CLOCK = new MovableClock();
    @RegisterExtension
    static final DeployedCloud CLOUD = DeployedCloud.perClass().asyncDelayScale(0.01).clock(CLOCK);
    private static final String FAILING_HANDLER = """
            def handler(event, context):
                if event.get("fail"):
                    raise ValueError("failing on purpose")
                return {"statusCode": 200, "body": "ok"}
            """;

    @TempDir
    Path work;

    @Test
    void aBurstOfErrorsRaisesTheErrorRateAlarmAndGoodTrafficClearsIt() throws IOException, InterruptedException {
        RequiredTools.require(AwsCli.PATH);
        Path dir = DeployedCloud.init(work, "alarmed");
        Files.writeString(dir.resolve("handler.py"), FAILING_HANDLER);
        // Above 50% of invocations in error: 2 errors then 3 good ones bring a minute back under it.
        Files.writeString(dir.resolve("lamb.toml"), Files.readString(dir.resolve("lamb.toml"))
                + "\n[alarms]\nerror_rate = 50\nthrottles = false\np99_of_timeout = false\n");
        CLOUD.deploy(dir);
        String alarm = "lamb-alarmed-dev-error_rate";

        // Each half inside one minute of the cloud's: the first from the top of a minute, the second a minute on.
        Instant now = CLOCK.instant();
        CLOCK.advance(Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1))));
        invoke(true, 2);
        CLOCK.advance(Duration.ofMinutes(1));
        invoke(true, 2);
        awaitState(alarm, "ALARM");
        assertEquals("ALARM", describedByTheAwsCli(alarm).path("StateValue").asText());

        invoke(false, 3);
        awaitState(alarm, "OK");
        JsonNode described = describedByTheAwsCli(alarm);
        assertEquals("OK", described.path("StateValue").asText(), described.toString());
    }

    /**
     * Alarms are on by default, so every deploy reads them: DescribeAlarms is one of the reads {@link Deployer#readAhead}
     * starts together while the project is packaged, not a round trip after the others, and a no-op deploy still makes
     * it once and writes nothing.
     */
    @Test
    void aNoOpDeployReadsTheAlarmsAheadWithItsOtherReads() throws IOException, InterruptedException, NoSuchAlgorithmException {
        Path dir = DeployedCloud.init(work, "readahead");
        CLOUD.deploy(dir);
        ProjectConfig config = ProjectConfigLoader.load(dir);
        byte[] zip = Files.readAllBytes(dir.resolve(".lamb/readahead.zip"));
        Deployer.Code code = new Deployer.Code(zip, Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip)));
        AwsTarget target = AwsTarget.localCloud(URI.create(CLOUD.endpoint()));
        try (AwsClients aws = new AwsClients(target)) {
            Deployer deployer = new Deployer(aws, target, line -> {});
            deployer.readAhead(config);
            String describe = "CloudWatch.DescribeAlarms";
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!aws.calls().byOperation().containsKey(describe) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(aws.calls().byOperation().containsKey(describe), "read ahead: " + aws.calls().byOperation());

            DeployResult result = deployer.deploy(config, code, new Deployer.Options(false, false, false));
            assertEquals(0, result.writeCalls(), result.toString());
            assertEquals(1, aws.calls().byOperation().get(describe), aws.calls().byOperation().toString());
        }
    }

    private static void invoke(boolean fail, int times) {
        for (int i = 0; i < times; i++) {
            CLOUD.aws().lambda().invoke(r -> r.functionName("alarmed").qualifier("dev")
                    .payload(SdkBytes.fromUtf8String(fail ? "{\"fail\": true}" : "{}")));
        }
    }

    /** Polls DescribeAlarms through the SDK (cheap) until the alarm is in {@code state}. */
    private static void awaitState(String alarm, String state) throws InterruptedException {
        String seen = "";
        for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); System.nanoTime() < deadline; Thread.sleep(200)) {
            MetricAlarm found = CLOUD.aws().cloudWatch().describeAlarms(r -> r.alarmNames(alarm)).metricAlarms().get(0);
            seen = found.stateValueAsString();
            if (seen.equals(state)) {
                return;
            }
        }
        throw new AssertionError(alarm + " stayed " + seen + ", never " + state);
    }

    private JsonNode describedByTheAwsCli(String alarm) {
        return AwsCli.json(work, CLOUD.endpoint(), "cloudwatch", "describe-alarms", "--alarm-names", alarm, "--region", "us-east-1")
                .path("MetricAlarms").get(0);
    }
}
