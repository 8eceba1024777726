package dev.lamb.local.cloud.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.ClientScripts;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.MovableClock;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceModels;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The local CloudWatch's metric alarms as the AWS CLI v2 (query protocol), the Java SDK (CBOR) and boto3 (its script,
 * cloudwatch_alarms.py) call them, on one cloud whose evaluation minute is scaled to 0.6 s (issue 16, section 3). The shapes and error codes
 * are those of botocore's cloudwatch/2010-08-01 model; states, reasons and history as the CloudWatch user guide
 * describes alarm evaluation. Datapoints are put with PutMetricData at fixed timestamps of the last two minutes, so the
 * 3-period window sees them however the minute turns while the test runs. The CLI makes the calls users type; the
 * SDK, in-process and cheap, polls and checks the rest. The cloud's clock (Lambda's invocation stamps, CloudWatch's now)
 * is one the function alarm's test moves to the top of a minute; it runs last, as boto3's script stamps with its own now.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudWatchAlarmsIT {
    private static final String ARN_PREFIX = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:";
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:oncall";

    /** Fails when the event says so. */
    private static final String FAILS_ON_DEMAND = "def handler(event, context):\n    if event.get('fail'):\n"
            + "        raise Exception('failing on purpose')\n    return {'ok': True}\n";

    static final MovableClock CLOCK = new MovableClock();
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass().asyncDelayScale(0.01).clock(CLOCK);
    @TempDir
    static Path work;
    static CloudWatchClient sdk;

    @BeforeAll
    static void tools() {
        RequiredTools.require(AwsCli.PATH);
        sdk = CloudWatchClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build()).build();
    }

    @AfterAll
    static void close() {
        if (sdk != null) {
            sdk.close();
        }
    }

    private static JsonNode cli(String... args) {
        return AwsCli.json(work, cloud.endpoint(), args);
    }

    private static String errorRate(String function) {
        String dims = "\"Dimensions\":[{\"Name\":\"FunctionName\",\"Value\":\"" + function + "\"}]";
        return "[{\"Id\":\"e\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"Lamb/Test\",\"MetricName\":\"Errors\"," + dims
                + "},\"Period\":60,\"Stat\":\"Sum\"},\"ReturnData\":false},"
                + "{\"Id\":\"i\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"Lamb/Test\",\"MetricName\":\"Invocations\"," + dims
                + "},\"Period\":60,\"Stat\":\"Sum\"},\"ReturnData\":false},"
                + "{\"Id\":\"rate\",\"Expression\":\"100 * e / i\",\"Label\":\"error rate\",\"ReturnData\":true}]";
    }

    /** The error rate of a function as metric math, for the SDK: 100 * Errors / Invocations, each a Sum a minute. */
    private static List<MetricDataQuery> errorRate(String namespace, String function) {
        Dimension fn = Dimension.builder().name("FunctionName").value(function).build();
        MetricStat errors = MetricStat.builder().period(60).stat("Sum")
                .metric(m -> m.namespace(namespace).metricName("Errors").dimensions(fn)).build();
        MetricStat invocations = errors.toBuilder().metric(m -> m.namespace(namespace).metricName("Invocations").dimensions(fn)).build();
        return List.of(MetricDataQuery.builder().id("e").metricStat(errors).returnData(false).build(),
                MetricDataQuery.builder().id("i").metricStat(invocations).returnData(false).build(),
                MetricDataQuery.builder().id("rate").expression("100 * e / i").returnData(true).build());
    }

    /** Invocations and errors of {@code function} in the minute before this one and in this one (PutMetricData). */
    private static void traffic(String function, Instant minute, int invocations, int errors) {
        Dimension fn = Dimension.builder().name("FunctionName").value(function).build();
        List<MetricDatum> data = new ArrayList<>();
        for (Instant at : List.of(minute.minusSeconds(55), minute.plusSeconds(5))) {
            data.add(MetricDatum.builder().metricName("Invocations").dimensions(fn).timestamp(at).value((double) invocations).build());
            data.add(MetricDatum.builder().metricName("Errors").dimensions(fn).timestamp(at).value((double) errors).build());
        }
        sdk.putMetricData(r -> r.namespace("Lamb/Test").metricData(data));
    }

    /** Polls through the Java SDK until the alarm is in {@code state}. */
    private static MetricAlarm awaitState(String name, StateValue state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        MetricAlarm alarm;
        do {
            alarm = sdk.describeAlarms(r -> r.alarmNames(name)).metricAlarms().get(0);
            if (alarm.stateValue() == state) {
                return alarm;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(name + " did not reach " + state + ": " + alarm);
    }

    @Test
    void anErrorRateAlarmReachesAlarmAfterABurstAndOkAfterGoodTraffic() throws Exception {
        Instant minute = CLOCK.instant().truncatedTo(ChronoUnit.MINUTES);
        cli("cloudwatch", "put-metric-alarm", "--alarm-name", "lamb-fn-dev-error_rate", "--metrics", errorRate("fn"),
                "--evaluation-periods", "3", "--datapoints-to-alarm", "2", "--threshold", "1",
                "--comparison-operator", "GreaterThanThreshold", "--treat-missing-data", "notBreaching",
                "--alarm-actions", TOPIC, "--tags", "Key=lamb,Value=fn-dev");
        // No datapoints, missing data not breaching: OK at the first evaluation.
        awaitState("lamb-fn-dev-error_rate", StateValue.OK);

        traffic("fn", minute, 10, 5);
        MetricAlarm alarm = awaitState("lamb-fn-dev-error_rate", StateValue.ALARM);
        String reason = alarm.stateReason();
        assertTrue(reason.startsWith("Threshold Crossed: 2 out of the last 3 datapoints [50.0 ("), reason);
        assertTrue(reason.endsWith("were greater than the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition)."), reason);
        JsonNode reasonData = new ObjectMapper().readTree(alarm.stateReasonData());
        assertEquals("[50.0,50.0]", reasonData.path("recentDatapoints").toString());
        assertEquals(alarm.stateUpdatedTimestamp(), alarm.stateTransitionedTimestamp());

        // Good traffic in the same minutes brings the rate to 5 / 1000 = 0.5%.
        traffic("fn", minute, 990, 0);
        awaitState("lamb-fn-dev-error_rate", StateValue.OK);
        JsonNode ok = cli("cloudwatch", "describe-alarms", "--alarm-names", "lamb-fn-dev-error_rate").path("MetricAlarms").get(0);
        assertEquals("OK", ok.path("StateValue").asText());
        assertTrue(ok.path("StateReason").asText().contains("were not greater than the threshold (1.0)"), ok.toString());
        assertEquals(3, ok.path("Metrics").size());
        assertEquals("100 * e / i", ok.path("Metrics").get(2).path("Expression").asText());
        assertEquals(60, ok.path("Metrics").get(0).path("MetricStat").path("Period").asInt());

        JsonNode history = cli("cloudwatch", "describe-alarm-history", "--alarm-name", "lamb-fn-dev-error_rate",
                "--history-item-type", "StateUpdate").path("AlarmHistoryItems");
        List<String> summaries = new ArrayList<>();
        history.forEach(i -> summaries.add(i.path("HistorySummary").asText()));
        // Newest first, DescribeAlarmHistory's default ScanBy (TimestampDescending).
        assertEquals(List.of("Alarm updated from ALARM to OK", "Alarm updated from OK to ALARM",
                "Alarm updated from INSUFFICIENT_DATA to OK"), summaries);
        List<AlarmHistoryItem> actions = sdk.describeAlarmHistory(r -> r.alarmName("lamb-fn-dev-error_rate")
                .historyItemType(HistoryItemType.ACTION)).alarmHistoryItems();
        assertEquals(1, actions.size(), actions.toString());
        assertTrue(actions.get(0).historySummary().startsWith("Failed to execute action " + TOPIC), actions.toString());

        // Every member answered is one the model's shape has (botocore's cloudwatch/2010-08-01).
        JsonNode model = ServiceModels.of("cloudwatch", "2010-08-01").path("shapes");
        assertMembers(model, "MetricAlarm", ok);
        assertMembers(model, "AlarmHistoryItem", history.get(0));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void anAlarmOnAFunctionsErrorsReachesAlarmAfterFailedInvocationsAndOkAfterGoodOnes() throws Exception {
        cloud.deployed(work, "alarm-fn", FAILS_ON_DEMAND);
        // The alarm judges the minute now running: its failures and good invocations must fall in one minute of the
        // cloud's, so its clock goes to the top of the next minute (instead of waiting for it).
        Instant now = CLOCK.instant();
        CLOCK.advance(Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1))));
        sdk.putMetricAlarm(r -> r.alarmName("alarm-fn-error-rate").metrics(errorRate("AWS/Lambda", "alarm-fn"))
                .evaluationPeriods(1).threshold(50.0).comparisonOperator("GreaterThanThreshold").treatMissingData("notBreaching"));
        awaitState("alarm-fn-error-rate", StateValue.OK);
        invoke("alarm-fn", "{\"fail\": true}", 3);
        awaitState("alarm-fn-error-rate", StateValue.ALARM);
        JsonNode alarming = cli("cloudwatch", "describe-alarms", "--alarm-names", "alarm-fn-error-rate").path("MetricAlarms").get(0);
        assertEquals("ALARM", alarming.path("StateValue").asText(), alarming.toString());
        assertTrue(alarming.path("StateReason").asText().startsWith("Threshold Crossed: 1 out of the last 1 datapoints [100.0 ("),
                alarming.toString());

        invoke("alarm-fn", "{}", 7);
        awaitState("alarm-fn-error-rate", StateValue.OK);
        JsonNode ok = cli("cloudwatch", "describe-alarms", "--alarm-names", "alarm-fn-error-rate").path("MetricAlarms").get(0);
        assertEquals("OK", ok.path("StateValue").asText(), ok.toString());
        // The reason holds the datapoint of the evaluation that turned it OK: after 3 to 7 of the good invocations, 50% down
        // to 30% errors, depending on when the evaluator ran (a reason changes only with the state).
        Matcher reason = Pattern.compile("Threshold Crossed: 1 out of the last 1 datapoints \\[([0-9.]+) \\(.*")
                .matcher(ok.path("StateReason").asText());
        assertTrue(reason.matches() && Double.parseDouble(reason.group(1)) <= 50 && Double.parseDouble(reason.group(1)) >= 30,
                ok.toString());
    }

    private static void invoke(String function, String payload, int times) {
        for (int i = 0; i < times; i++) {
            cloud.aws().lambda().invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
        }
    }

    private static void assertMembers(JsonNode shapes, String shape, JsonNode answer) {
        Set<String> model = new HashSet<>();
        shapes.path(shape).path("members").fieldNames().forEachRemaining(model::add);
        Set<String> answered = new HashSet<>();
        answer.fieldNames().forEachRemaining(answered::add);
        assertTrue(model.containsAll(answered), shape + " answered " + answered + ", the model has " + model);
    }

    @Test
    void setAlarmStateAndTagsThroughTheCli() throws Exception {
        cli("cloudwatch", "put-metric-alarm", "--alarm-name", "cli-throttles", "--namespace", "Lamb/Test", "--metric-name", "Throttles",
                "--dimensions", "Name=FunctionName,Value=quiet", "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1",
                "--threshold", "0", "--comparison-operator", "GreaterThanThreshold", "--tags", "Key=lamb,Value=yes");
        MetricAlarm created = sdk.describeAlarms(r -> r.alarmNamePrefix("cli-")).metricAlarms().get(0);
        assertEquals(ARN_PREFIX + "cli-throttles", created.alarmArn());
        assertEquals("Sum", created.statisticAsString());
        assertEquals(List.of(Dimension.builder().name("FunctionName").value("quiet").build()), created.dimensions());

        cli("cloudwatch", "set-alarm-state", "--alarm-name", "cli-throttles", "--state-value", "ALARM", "--state-reason", "testing");
        List<AlarmHistoryItem> set = sdk.describeAlarmHistory(r -> r.alarmName("cli-throttles")
                .historyItemType(HistoryItemType.STATE_UPDATE).scanBy(ScanBy.TIMESTAMP_ASCENDING)).alarmHistoryItems();
        assertTrue(set.stream().anyMatch(i -> i.historySummary().endsWith(" to ALARM") && i.historyData().contains("\"stateReason\":\"testing\"")),
                set.toString());
        // No datapoints and missing data treated as missing (the default): back to INSUFFICIENT_DATA at the next evaluation.
        awaitState("cli-throttles", StateValue.INSUFFICIENT_DATA);

        cli("cloudwatch", "tag-resource", "--resource-arn", ARN_PREFIX + "cli-throttles", "--tags", "Key=team,Value=core");
        sdk.untagResource(r -> r.resourceARN(ARN_PREFIX + "cli-throttles").tagKeys("lamb"));
        JsonNode tags = cli("cloudwatch", "list-tags-for-resource", "--resource-arn", ARN_PREFIX + "cli-throttles").path("Tags");
        assertEquals("[{\"Key\":\"team\",\"Value\":\"core\"}]", tags.toString());

        // Error codes from the model: ResourceNotFound (SetAlarmState), InvalidFormat (its StateReasonData), and
        // InvalidParameterCombination (names with a prefix); boto3's script checks DeleteAlarms' and the tags' own.
        assertEquals("ResourceNotFound", code(() -> sdk.setAlarmState(r -> r.alarmName("nobody").stateValue("OK").stateReason("x"))));
        assertEquals("InvalidFormat", code(() -> sdk.setAlarmState(r -> r.alarmName("cli-throttles").stateValue("OK").stateReason("x")
                .stateReasonData("{not json"))));
        assertEquals("InvalidParameterCombination", code(() -> sdk.describeAlarms(r -> r.alarmNames("a").alarmNamePrefix("a"))));
        // DescribeAlarmsForMetric (the reference): the alarms on that metric, all its dimensions given, narrowed by the
        // statistic; an alarm on metric math over it is not one of them.
        JsonNode forMetric = cli("cloudwatch", "describe-alarms-for-metric", "--namespace", "Lamb/Test", "--metric-name", "Throttles",
                "--dimensions", "Name=FunctionName,Value=quiet", "--period", "60").path("MetricAlarms");
        assertEquals(1, forMetric.size(), forMetric.toString());
        assertEquals("cli-throttles", forMetric.get(0).path("AlarmName").asText());
        assertEquals("INSUFFICIENT_DATA", forMetric.get(0).path("StateValue").asText());
        assertEquals(List.of(), sdk.describeAlarmsForMetric(r -> r.namespace("Lamb/Test").metricName("Throttles")
                .dimensions(Dimension.builder().name("FunctionName").value("quiet").build()).statistic("Average")).metricAlarms());
        assertEquals(List.of(), sdk.describeAlarmsForMetric(r -> r.namespace("Lamb/Test").metricName("Throttles")).metricAlarms());
        assertEquals(List.of(), sdk.describeAlarmsForMetric(r -> r.namespace("Lamb/Test").metricName("Errors")
                .dimensions(Dimension.builder().name("FunctionName").value("fn").build())).metricAlarms());
        sdk.deleteAlarms(r -> r.alarmNames("cli-throttles"));
        assertEquals(List.of(), sdk.describeAlarms(r -> r.alarmNames("cli-throttles")).metricAlarms());
        assertEquals("Alarm \"cli-throttles\" deleted", sdk.describeAlarmHistory(r -> r.alarmName("cli-throttles")
                .historyItemType(HistoryItemType.CONFIGURATION_UPDATE)).alarmHistoryItems().get(0).historySummary());
    }

    private static String code(Runnable call) {
        try {
            call.run();
        } catch (CloudWatchException e) {
            return e.awsErrorDetails().errorCode();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aPercentileAlarmThroughTheJavaSdk() throws Exception {
        sdk.putMetricAlarm(r -> r.alarmName("sdk-p99").namespace("Lamb/Test").metricName("Duration").extendedStatistic("p99")
                .period(60).evaluationPeriods(3).datapointsToAlarm(2).threshold(800.0).comparisonOperator("GreaterThanThreshold")
                .treatMissingData("missing").alarmDescription("p99 of the timeout"));
        MetricAlarm alarm = sdk.describeAlarms(r -> r.alarmNames("sdk-p99")).metricAlarms().get(0);
        assertEquals("p99", alarm.extendedStatistic());
        assertEquals(Integer.valueOf(2), alarm.datapointsToAlarm());
        assertEquals("missing", alarm.treatMissingData());
        Instant minute = CLOCK.instant().truncatedTo(ChronoUnit.MINUTES);
        List<MetricDatum> slow = new ArrayList<>();
        for (Instant at : List.of(minute.minusSeconds(55), minute.plusSeconds(5))) {
            slow.add(MetricDatum.builder().metricName("Duration").timestamp(at).values(100.0, 900.0).counts(98.0, 2.0).build());
        }
        sdk.putMetricData(r -> r.namespace("Lamb/Test").metricData(slow));
        MetricAlarm alarming = awaitState("sdk-p99", StateValue.ALARM);
        assertTrue(alarming.stateReasonData().contains("\"extendedStatistic\":\"p99\""), alarming.stateReasonData());
    }

    @Test
    void boto3() {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        ClientScripts.assertOk("cloudwatch alarms", work, Map.of("PYTHONDONTWRITEBYTECODE", "1"), List.of(python.toString(),
                Path.of("src/test/resources/boto3/cloudwatch_alarms.py").toAbsolutePath().toString(), cloud.endpoint()));
    }
}
