package dev.lamb.local.cloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** The local CloudWatch Logs through the AWS SDK for Java v2, paginators included. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogsSdkIT {
    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> List.of(new LogsService(data)));
    static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        logs = client(cloud.local());
    }

    static CloudWatchLogsClient client(LocalCloud cloud) {
        return CloudWatchLogsClient.builder()
                .endpointOverride(URI.create(cloud.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build())
                .build();
    }

    @AfterAll
    static void stop() {
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    void basicsAndPaginators() {
        logs.createLogGroup(r -> r.logGroupName("/sdk/app"));
        assertThrows(ResourceAlreadyExistsException.class, () -> logs.createLogGroup(r -> r.logGroupName("/sdk/app")));
        logs.createLogStream(r -> r.logGroupName("/sdk/app").logStreamName("main"));
        long now = System.currentTimeMillis() - 30_000;
        List<InputLogEvent> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(InputLogEvent.builder().timestamp(now + i).message("line " + i + (i % 5 == 0 ? " fizz" : "")).build());
        }
        String token = logs.putLogEvents(r -> r.logGroupName("/sdk/app").logStreamName("main").logEvents(batch))
                .nextSequenceToken();
        assertNotNull(token);

        List<OutputLogEvent> got = new ArrayList<>();
        logs.getLogEventsPaginator(r -> r.logGroupName("/sdk/app").logStreamName("main").startFromHead(true).limit(10))
                .forEach(page -> got.addAll(page.events()));
        assertEquals(25, got.size(), "the paginator stops on the repeated forward token");
        assertEquals("line 0 fizz", got.get(0).message());
        assertEquals("line 24", got.get(24).message());

        List<FilteredLogEvent> fizz = new ArrayList<>();
        logs.filterLogEventsPaginator(r -> r.logGroupName("/sdk/app").filterPattern("fizz").limit(2))
                .forEach(page -> fizz.addAll(page.events()));
        assertEquals(5, fizz.size());
        assertEquals("line 20 fizz", fizz.get(4).message());

        List<LogGroup> groups = new ArrayList<>();
        logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix("/sdk/")).forEach(p -> groups.addAll(p.logGroups()));
        assertEquals(1, groups.size());
        assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:/sdk/app", groups.get(0).logGroupArn());

        var streams = logs.describeLogStreams(r -> r.logGroupIdentifier(groups.get(0).logGroupArn())).logStreams();
        assertEquals("main", streams.get(0).logStreamName());
        assertEquals(now + 24, streams.get(0).lastEventTimestamp());

        assertThrows(InvalidParameterException.class, () -> logs.putLogEvents(r -> r.logGroupName("/sdk/app")
                .logStreamName("main").logEvents(InputLogEvent.builder().timestamp(now + 10).message("b").build(),
                        InputLogEvent.builder().timestamp(now).message("a").build())));
        assertThrows(InvalidParameterException.class,
                () -> logs.getLogEvents(r -> r.logGroupName("/sdk/app").logStreamName("main").limit(10_001)));
        var old = logs.putLogEvents(r -> r.logGroupName("/sdk/app").logStreamName("main")
                .logEvents(InputLogEvent.builder().timestamp(now - 30L * 86_400_000).message("too old").build()));
        assertEquals(1, old.rejectedLogEventsInfo().tooOldLogEventEndIndex(), "exclusive end index, as the model says");

        logs.deleteLogStream(r -> r.logGroupName("/sdk/app").logStreamName("main"));
        assertThrows(ResourceNotFoundException.class,
                () -> logs.getLogEvents(r -> r.logGroupName("/sdk/app").logStreamName("main")));
        assertTrue(logs.describeLogStreams(r -> r.logGroupName("/sdk/app")).logStreams().isEmpty());
        logs.deleteLogGroup(r -> r.logGroupName("/sdk/app"));
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
                () -> logs.deleteLogGroup(r -> r.logGroupName("/sdk/app")));
        assertEquals("The specified log group does not exist.", missing.awsErrorDetails().errorMessage());
    }

    @Test
    void unimplementedOperationsSaySo() {
        CloudWatchLogsException e = assertThrows(CloudWatchLogsException.class,
                () -> logs.describeMetricFilters(r -> r.logGroupName("/x")));
        assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("DescribeMetricFilters"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
