package dev.lamb.local.cloud.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import software.amazon.awssdk.services.cloudwatchlogs.model.TooManyTagsException;

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

    /** Issue 14: filter patterns as CloudWatch Logs' "Filter pattern syntax" reference defines them (its examples). */
    @Test
    void jsonAndSpaceDelimitedFilterPatterns() {
        logs.createLogGroup(r -> r.logGroupName("/sdk/patterns"));
        logs.createLogStream(r -> r.logGroupName("/sdk/patterns").logStreamName("s"));
        long now = System.currentTimeMillis();
        List<String> messages = List.of("{\"level\":\"error\",\"n\":5,\"a\":{\"b\":[\"x\"]}}", "{\"level\":\"info\",\"n\":1}",
                "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534",
                "127.0.0.1 - bob [10/Oct/2000:13:25:16 -0700] \"GET /x HTTP/1.0\" 503 12");
        List<InputLogEvent> batch = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            batch.add(InputLogEvent.builder().timestamp(now + i).message(messages.get(i)).build());
        }
        logs.putLogEvents(r -> r.logGroupName("/sdk/patterns").logStreamName("s").logEvents(batch));

        assertEquals(List.of(messages.get(0)), filter("{ $.level = \"error\" }"));
        assertEquals(List.of(messages.get(0)), filter("{ $.n > 3 }"));
        assertEquals(List.of(messages.get(0)), filter("{ $.a.b[0] = * }"));
        assertEquals(messages.subList(0, 2), filter("{ $.level = \"error\" || ($.n < 3 && $.level = i*) }"));
        assertEquals(messages.subList(0, 2), filter("{ $.missing NOT EXISTS }"));
        assertEquals(List.of(messages.get(3)), filter("[ip, user, username, timestamp, request, status = 5*, bytes]"));
        assertEquals(List.of(messages.get(2)), filter("[..., status = 200, bytes > 1000]"));
        assertEquals(List.of(messages.get(3)), filter("[ip, user = \"-\", username = bob, ...]"));
        InvalidParameterException invalid = assertThrows(InvalidParameterException.class, () -> filter("{ $.n > }"));
        assertTrue(invalid.getMessage().contains("{ $.n > }"), invalid.getMessage());
        logs.deleteLogGroup(r -> r.logGroupName("/sdk/patterns"));
    }

    private static List<String> filter(String pattern) {
        List<String> found = new ArrayList<>();
        logs.filterLogEventsPaginator(r -> r.logGroupName("/sdk/patterns").filterPattern(pattern).limit(1))
                .events().forEach(e -> found.add(e.message()));
        return found;
    }

    /** Issue 14: the tagging operations of botocore's logs/2014-03-28 model, current and older, on one group. */
    @Test
    void tagsByArnAndByName() {
        logs.createLogGroup(r -> r.logGroupName("/sdk/tags").tags(Map.of("a", "1")));
        String arn = logs.describeLogGroups(r -> r.logGroupNamePrefix("/sdk/tags")).logGroups().get(0).logGroupArn();
        assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:/sdk/tags", arn);
        logs.tagResource(r -> r.resourceArn(arn).tags(Map.of("b", "2")));
        logs.tagLogGroup(r -> r.logGroupName("/sdk/tags").tags(Map.of("c", "3")));
        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), logs.listTagsForResource(r -> r.resourceArn(arn)).tags());
        logs.untagResource(r -> r.resourceArn(arn).tagKeys("a"));
        logs.untagLogGroup(r -> r.logGroupName("/sdk/tags").tags("c"));
        assertEquals(Map.of("b", "2"), logs.listTagsLogGroup(r -> r.logGroupName("/sdk/tags")).tags());
        // The arn with :* (DescribeLogGroups' arn) is refused as AWS refuses it (boto/boto3#4104).
        CloudWatchLogsException starred = assertThrows(CloudWatchLogsException.class,
                () -> logs.listTagsForResource(r -> r.resourceArn(arn + ":*")));
        assertEquals("ValidationException", starred.awsErrorDetails().errorCode());
        assertThrows(ResourceNotFoundException.class, () -> logs.untagResource(r -> r.resourceArn(arn + "x").tagKeys("b")));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("k" + i, "v");
        }
        assertThrows(TooManyTagsException.class, () -> logs.tagResource(r -> r.resourceArn(arn).tags(many)));
        logs.deleteLogGroup(r -> r.logGroupName("/sdk/tags"));
    }

    /** Issue 14 §2: a script that deletes what each page showed still sees every stream, in order. */
    @Test
    void describeLogStreamsPagesWhileStreamsAreDeleted() {
        logs.createLogGroup(r -> r.logGroupName("/sdk/paging"));
        for (int i = 0; i < 5; i++) {
            String name = "s" + i;
            logs.createLogStream(r -> r.logGroupName("/sdk/paging").logStreamName(name));
        }
        List<String> seen = new ArrayList<>();
        for (var page : logs.describeLogStreamsPaginator(r -> r.logGroupName("/sdk/paging").limit(2).descending(true))) {
            page.logStreams().forEach(s -> {
                seen.add(s.logStreamName());
                logs.deleteLogStream(r -> r.logGroupName("/sdk/paging").logStreamName(s.logStreamName()));
            });
        }
        assertEquals(List.of("s4", "s3", "s2", "s1", "s0"), seen);
        logs.deleteLogGroup(r -> r.logGroupName("/sdk/paging"));
    }

    /**
     * Issue 14 §2: a GetLogEvents token names the event a page ended at, so events that retention deletes between
     * pages skip none of the rest (an offset would now point past two of them).
     */
    @Test
    void getLogEventsResumesAfterTheLastEventWhenOlderOnesExpire() {
        logs.createLogGroup(r -> r.logGroupName("/sdk/expiring"));
        logs.createLogStream(r -> r.logGroupName("/sdk/expiring").logStreamName("s"));
        long now = System.currentTimeMillis();
        long twoDaysAgo = now - 2 * 86_400_000L;
        logs.putLogEvents(r -> r.logGroupName("/sdk/expiring").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(twoDaysAgo).message("old 1").build(),
                InputLogEvent.builder().timestamp(twoDaysAgo + 1).message("old 2").build()));
        logs.putLogEvents(r -> r.logGroupName("/sdk/expiring").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now - 3).message("new 1").build(),
                InputLogEvent.builder().timestamp(now - 2).message("new 2").build(),
                InputLogEvent.builder().timestamp(now - 1).message("new 3").build()));
        var first = logs.getLogEvents(r -> r.logGroupName("/sdk/expiring").logStreamName("s").startFromHead(true).limit(2));
        assertEquals(List.of("old 1", "old 2"), first.events().stream().map(OutputLogEvent::message).toList());
        logs.putRetentionPolicy(r -> r.logGroupName("/sdk/expiring").retentionInDays(1));
        var next = logs.getLogEvents(r -> r.logGroupName("/sdk/expiring").logStreamName("s").startFromHead(true).limit(2)
                .nextToken(first.nextForwardToken()));
        assertEquals(List.of("new 1", "new 2"), next.events().stream().map(OutputLogEvent::message).toList());
        var back = logs.getLogEvents(r -> r.logGroupName("/sdk/expiring").logStreamName("s").limit(1)
                .nextToken(next.nextBackwardToken()));
        assertEquals(List.of(), back.events().stream().map(OutputLogEvent::message).toList(), "the older ones expired");
        logs.deleteLogGroup(r -> r.logGroupName("/sdk/expiring"));
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
