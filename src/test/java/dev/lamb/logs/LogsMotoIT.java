package dev.lamb.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Moto;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * `lamb logs` against moto's server, an independent implementation of CloudWatch Logs: events put with
 * PutLogEvents read back in order, and a polling follow (moto has no Live Tail) that prints new ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogsMotoIT {
    private static final String GROUP = "/aws/lambda/moto-fn";
    Moto moto;
    AwsClients aws;

    @BeforeAll
    void start() {
        moto = Moto.start();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        aws = new AwsClients(new AwsTarget(null, "us-east-1", moto.endpoint(), true));
        aws.logs().createLogGroup(r -> r.logGroupName(GROUP));
        aws.logs().createLogStream(r -> r.logGroupName(GROUP).logStreamName("2024/08/17/[$LATEST]aaaa1111bbbb"));
        aws.logs().createLogStream(r -> r.logGroupName(GROUP).logStreamName("2024/08/17/[$LATEST]cccc2222dddd"));
    }

    @AfterAll
    void stop() {
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void readsTheWindowOldestFirstAcrossStreams() {
        String group = "/aws/lambda/moto-read";
        aws.logs().createLogGroup(r -> r.logGroupName(group));
        aws.logs().createLogStream(r -> r.logGroupName(group).logStreamName("2024/08/17/[$LATEST]aaaa1111bbbb"));
        aws.logs().createLogStream(r -> r.logGroupName(group).logStreamName("2024/08/17/[$LATEST]cccc2222dddd"));
        long now = System.currentTimeMillis();
        put(group, "2024/08/17/[$LATEST]cccc2222dddd", now - 3_000, "second\n");
        put(group, "2024/08/17/[$LATEST]aaaa1111bbbb", now - 4_000, "first\n");
        put(group, "2024/08/17/[$LATEST]aaaa1111bbbb", now - 2_000, "REPORT RequestId: r1\tDuration: 2.00 ms\tBilled Duration: 2 ms\t"
                + "Memory Size: 128 MB\tMax Memory Used: 30 MB\t\n");
        put(group, "2024/08/17/[$LATEST]aaaa1111bbbb", now - 7_200_000, "too old for --since 1h\n");
        Lamb.Run run = Lamb.run("logs", "--function", "moto-read", "--since", "1h", "--endpoint-url", moto.endpoint().toString(),
                "--region", "us-east-1");
        assertEquals(0, run.exitCode(), run.err() + moto.logTail());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertTrue(lines.get(0).endsWith(" aaaa1111 first"), run.out());
        assertTrue(lines.get(1).endsWith(" cccc2222 second"), run.out());
        assertTrue(lines.get(2).endsWith(" aaaa1111 REPORT 2.00 ms (billed 2 ms), 30 of 128 MB"), run.out());
    }

    @Test
    void pollingFollowPrintsNewEventsOnce() {
        try (Follow follow = Follow.start(aws, GROUP, System.currentTimeMillis(), true)) {
            List<String> written = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String m = "polled " + i;
                put(GROUP, i % 2 == 0 ? "2024/08/17/[$LATEST]aaaa1111bbbb" : "2024/08/17/[$LATEST]cccc2222dddd", System.currentTimeMillis(), m);
                written.add(m);
                Follow.sleep(400);
            }
            follow.awaitAll(written, Duration.ofSeconds(10));
            Follow.sleep(2500);
            List<String> printed = follow.messages().stream().filter(m -> m.startsWith("polled ")).sorted().toList();
            assertEquals(written, printed);
        }
    }

    private void put(String group, String stream, long timestamp, String message) {
        aws.logs().putLogEvents(r -> r.logGroupName(group).logStreamName(stream)
                .logEvents(InputLogEvent.builder().timestamp(timestamp).message(message).build()));
    }
}
