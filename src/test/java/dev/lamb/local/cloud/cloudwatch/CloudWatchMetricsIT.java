package dev.lamb.local.cloud.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * The local CloudWatch's metrics through the AWS CLI v2 (2.9, whose bundled botocore speaks the query protocol to
 * CloudWatch) and the Java SDK (2.57, which speaks Smithy RPC v2 CBOR): the shapes are those of the cloudwatch/2010-08-01
 * models, the statistics those the API reference defines (nearest-rank percentiles, since the local cloud keeps every
 * value). boto3 (awsJson1_0) has its script in Boto3IT.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloudWatchMetricsIT {
    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> List.of(new CloudWatchService("us-east-1")));
    @TempDir
    static Path work;

    @BeforeAll
    static void tools() {
        RequiredTools.require(AwsCli.PATH);
    }

    private static JsonNode ok(String... args) {
        return AwsCli.json(work, cloud.endpoint(), args);
    }

    @Test
    void putsThenReadsByEveryOperation() {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        String at = minute.plusSeconds(10).toString();
        // Values 1..10 once each, and 100 with a count of 10, in one minute: 20 samples, sum 1055.
        ok("cloudwatch", "put-metric-data", "--namespace", "Cli/Test", "--metric-data",
                "[{\"MetricName\":\"Latency\",\"Dimensions\":[{\"Name\":\"Api\",\"Value\":\"a\"}],\"Timestamp\":\"" + at
                        + "\",\"Values\":[1,2,3,4,5,6,7,8,9,10],\"Unit\":\"Milliseconds\"},"
                        + "{\"MetricName\":\"Latency\",\"Dimensions\":[{\"Name\":\"Api\",\"Value\":\"a\"}],\"Timestamp\":\"" + at
                        + "\",\"Values\":[100],\"Counts\":[10],\"Unit\":\"Milliseconds\"},"
                        + "{\"MetricName\":\"Calls\",\"Timestamp\":\"" + at + "\",\"Value\":3}]");

        JsonNode stats = ok("cloudwatch", "get-metric-statistics", "--namespace", "Cli/Test", "--metric-name", "Latency",
                "--dimensions", "Name=Api,Value=a", "--start-time", minute.minusSeconds(600).toString(),
                "--end-time", minute.plusSeconds(600).toString(), "--period", "60",
                "--statistics", "Sum", "SampleCount", "Maximum");
        assertEquals("Latency", stats.path("Label").asText());
        assertEquals(1, stats.path("Datapoints").size(), stats.toString());
        JsonNode point = stats.path("Datapoints").get(0);
        assertEquals(1055, point.path("Sum").asDouble());
        assertEquals(20, point.path("SampleCount").asDouble());
        assertEquals(100, point.path("Maximum").asDouble());
        assertEquals("Milliseconds", point.path("Unit").asText());
        assertEquals(minute, Instant.parse(point.path("Timestamp").asText()));

        JsonNode extended = ok("cloudwatch", "get-metric-statistics", "--namespace", "Cli/Test", "--metric-name", "Latency",
                "--dimensions", "Name=Api,Value=a", "--start-time", minute.minusSeconds(600).toString(),
                "--end-time", minute.plusSeconds(600).toString(), "--period", "300", "--extended-statistics", "p50", "p25");
        JsonNode percentiles = extended.path("Datapoints").get(0).path("ExtendedStatistics");
        // Nearest rank of 20 samples: p50 is the 10th (10), p25 the 5th (5).
        assertEquals(10, percentiles.path("p50").asDouble(), extended.toString());
        assertEquals(5, percentiles.path("p25").asDouble(), extended.toString());

        String queries = "[{\"Id\":\"lat\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"Cli/Test\",\"MetricName\":\"Latency\","
                + "\"Dimensions\":[{\"Name\":\"Api\",\"Value\":\"a\"}]},\"Period\":60,\"Stat\":\"p90\"}},"
                + "{\"Id\":\"calls\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"Cli/Test\",\"MetricName\":\"Calls\"},"
                + "\"Period\":60,\"Stat\":\"Sum\"},\"ReturnData\":false},"
                + "{\"Id\":\"perCall\",\"Expression\":\"100 * FILL(calls, 0) / 4\",\"Label\":\"per call\"}]";
        JsonNode data = ok("cloudwatch", "get-metric-data", "--metric-data-queries", queries,
                "--start-time", minute.minusSeconds(120).toString(), "--end-time", minute.plusSeconds(120).toString());
        JsonNode results = data.path("MetricDataResults");
        assertEquals(2, results.size(), data.toString());
        assertEquals("lat", results.get(0).path("Id").asText());
        assertEquals("Latency", results.get(0).path("Label").asText());
        assertEquals(100, results.get(0).path("Values").get(0).asDouble());
        assertEquals("Complete", results.get(0).path("StatusCode").asText());
        JsonNode perCall = results.get(1);
        assertEquals("per call", perCall.path("Label").asText());
        // FILL gives every minute of the 4-minute window a value, newest first (ScanBy's default, TimestampDescending).
        assertEquals(4, perCall.path("Values").size(), perCall.toString());
        assertEquals(List.of(0.0, 75.0, 0.0, 0.0), doubles(perCall.path("Values")));

        JsonNode listed = ok("cloudwatch", "list-metrics", "--namespace", "Cli/Test", "--dimensions", "Name=Api");
        assertEquals(1, listed.path("Metrics").size(), listed.toString());
        assertEquals("Latency", listed.path("Metrics").get(0).path("MetricName").asText());
        assertEquals("a", listed.path("Metrics").get(0).path("Dimensions").get(0).path("Value").asText());
        assertEquals(2, ok("cloudwatch", "list-metrics", "--namespace", "Cli/Test").path("Metrics").size());
    }

    @Test
    void refusesWhatTheApiReferenceRefuses() {
        Processes.Result reserved = AwsCli.run(work, cloud.endpoint(), "cloudwatch", "put-metric-data", "--namespace", "AWS/Lambda",
                "--metric-name", "Invocations", "--value", "1");
        assertNotEquals(0, reserved.exitCode());
        assertTrue(reserved.output().contains("InvalidParameterValue"), reserved.output());

        Processes.Result both = AwsCli.run(work, cloud.endpoint(), "cloudwatch", "get-metric-statistics", "--namespace", "X",
                "--metric-name", "Y", "--start-time", "2026-01-01T00:00:00Z", "--end-time", "2026-01-01T01:00:00Z",
                "--period", "60", "--statistics", "Sum", "--extended-statistics", "p99");
        assertTrue(both.output().contains("InvalidParameterCombination"), both.output());

        Processes.Result period = AwsCli.run(work, cloud.endpoint(), "cloudwatch", "get-metric-statistics", "--namespace", "X",
                "--metric-name", "Y", "--start-time", "2026-01-01T00:00:00Z", "--end-time", "2026-01-01T01:00:00Z",
                "--period", "45", "--statistics", "Sum");
        assertTrue(period.output().contains("InvalidParameterValue"), period.output());

        Processes.Result badMath = AwsCli.run(work, cloud.endpoint(), "cloudwatch", "get-metric-data", "--metric-data-queries",
                "[{\"Id\":\"e\",\"Expression\":\"nobody + 1\"}]", "--start-time", "2026-01-01T00:00:00Z",
                "--end-time", "2026-01-01T01:00:00Z");
        assertTrue(badMath.output().contains("InvalidParameterValue") && badMath.output().contains("nobody"), badMath.output());
    }

    @Test
    void javaSdkSpeaksCbor() {
        try (CloudWatchClient sdk = CloudWatchClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build()).build()) {
            Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
            Dimension fn = Dimension.builder().name("FunctionName").value("sdk").build();
            sdk.putMetricData(r -> r.namespace("Sdk/Test").metricData(
                    MetricDatum.builder().metricName("Errors").dimensions(fn).timestamp(minute.plusSeconds(1)).value(2.0).build(),
                    MetricDatum.builder().metricName("Invocations").dimensions(fn).timestamp(minute.plusSeconds(2))
                            .values(1.0).counts(40.0).build()));
            MetricStat errors = MetricStat.builder().period(60).stat("Sum").metric(m -> m.namespace("Sdk/Test")
                    .metricName("Errors").dimensions(fn)).build();
            MetricStat invocations = errors.toBuilder().metric(m -> m.namespace("Sdk/Test").metricName("Invocations").dimensions(fn)).build();
            GetMetricDataResponse rate = sdk.getMetricData(r -> r.startTime(minute.minusSeconds(60)).endTime(minute.plusSeconds(60))
                    .metricDataQueries(MetricDataQuery.builder().id("e").metricStat(errors).returnData(false).build(),
                            MetricDataQuery.builder().id("i").metricStat(invocations).returnData(false).build(),
                            MetricDataQuery.builder().id("rate").expression("100 * e / i").build()));
            assertEquals(1, rate.metricDataResults().size());
            assertEquals(List.of(5.0), rate.metricDataResults().get(0).values());
            assertEquals(List.of(minute), rate.metricDataResults().get(0).timestamps());
            assertEquals(StatusCode.COMPLETE, rate.metricDataResults().get(0).statusCode());

            GetMetricStatisticsResponse stats = sdk.getMetricStatistics(r -> r.namespace("Sdk/Test").metricName("Invocations")
                    .dimensions(fn).startTime(minute.minusSeconds(60)).endTime(minute.plusSeconds(60)).period(60)
                    .statisticsWithStrings("SampleCount"));
            assertEquals(40.0, stats.datapoints().get(0).sampleCount());

            // The model's error shape, its query code from x-amzn-query-error (the model is awsQueryCompatible).
            InvalidParameterValueException bad = assertThrows(InvalidParameterValueException.class,
                    () -> sdk.putMetricData(r -> r.namespace("AWS/Lambda").metricData(d -> d.metricName("x").value(1.0))));
            assertEquals("InvalidParameterValue", bad.awsErrorDetails().errorCode());
            assertEquals(400, bad.statusCode());
        }
    }

    private static List<Double> doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asDouble).toList();
    }
}
