package dev.lamb.local.cloud.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;

/**
 * Alarm operations of one region's CloudWatch, called as boto3 calls them (awsJson1_0): what PutMetricAlarm refuses at
 * once, and tags on an alarm that another request deletes meanwhile. Expected codes from botocore's
 * cloudwatch/2010-08-01 model (ResourceNotFoundException on TagResource, UntagResource and ListTagsForResource).
 */
class AlarmOperationsTest {
    private static final String ARN = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:";
    private final CloudWatchService cw = new CloudWatchService("us-east-1", Clock.systemUTC());

    @AfterEach
    void close() {
        cw.close();
    }

    private CloudResponse call(String operation, String body) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("X-Amz-Target", List.of(CloudWatchProtocol.TARGET_PREFIX + "." + operation));
        headers.put("Content-Type", List.of("application/x-amz-json-1.0"));
        return cw.handle(new CloudRequest("POST", "/", Map.of(), headers, body.getBytes(StandardCharsets.UTF_8), "us-east-1"));
    }

    private static String mathAlarm(String name, String expression) {
        return "{\"AlarmName\":\"" + name + "\",\"EvaluationPeriods\":1,\"Threshold\":1,\"ComparisonOperator\":\"GreaterThanThreshold\","
                + "\"Metrics\":[{\"Id\":\"errors\",\"ReturnData\":false,\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Lambda\","
                + "\"MetricName\":\"Errors\"},\"Period\":60,\"Stat\":\"Sum\"}},{\"Id\":\"e\",\"Expression\":\"" + expression + "\"}]}";
    }

    @Test
    void metricMathTheLocalCloudCannotEvaluateIsRefusedAtPutNamingTheFunction() {
        for (String function : List.of("DIFF", "RATE")) {
            CloudResponse refused = call("PutMetricAlarm", mathAlarm("a-" + function, function + "(errors)"));
            String body = new String(refused.body(), StandardCharsets.UTF_8);
            assertEquals(400, refused.status(), body);
            assertTrue(body.contains("NotImplemented") && body.contains(function), body);
        }
        CloudResponse unknown = call("PutMetricAlarm", mathAlarm("a-unknown", "errors / nobody"));
        String body = new String(unknown.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("InvalidParameterValue") && body.contains("nobody"), body);
        assertTrue(cw.alarmStore().all().isEmpty(), "no alarm stored that every evaluation would fail on");
        assertEquals(200, call("PutMetricAlarm", mathAlarm("a-fine", "100 * FILL(errors, 0)")).status());
    }

    /** PutMetricAlarm's Period (the model): "Valid values are 10, 20, 30, and any multiple of 60", for one metric or in Metrics. */
    @Test
    void anAlarmsPeriodIsTenTwentyThirtyOrMinutes() {
        for (int period : List.of(1, 5)) {
            String put = "{\"AlarmName\":\"p\",\"Namespace\":\"N\",\"MetricName\":\"M\",\"Statistic\":\"Sum\",\"Period\":" + period
                    + ",\"EvaluationPeriods\":1,\"Threshold\":1,\"ComparisonOperator\":\"GreaterThanThreshold\"}";
            String body = new String(call("PutMetricAlarm", put).body(), StandardCharsets.UTF_8);
            assertTrue(body.contains("InvalidParameterValue") && body.contains("Period"), body);
            String math = new String(call("PutMetricAlarm", mathAlarm("m", "100 * errors").replace("\"Period\":60", "\"Period\":" + period))
                    .body(), StandardCharsets.UTF_8);
            assertTrue(math.contains("InvalidParameterValue") && math.contains("Period"), math);
        }
        assertTrue(cw.alarmStore().all().isEmpty());
        assertEquals(200, call("PutMetricAlarm", mathAlarm("m", "100 * errors").replace("\"Period\":60", "\"Period\":10")).status());
    }

    /** The alarm is deleted between TagResource's check and its change: never an internal error, only 200 or 404. */
    @Test
    void taggingAnAlarmDeletedMeanwhileIsNotFoundNotAnInternalError() throws Exception {
        String put = "{\"AlarmName\":\"raced\",\"Namespace\":\"N\",\"MetricName\":\"M\",\"Statistic\":\"Sum\",\"Period\":60,"
                + "\"EvaluationPeriods\":1,\"Threshold\":1,\"ComparisonOperator\":\"GreaterThanThreshold\"}";
        String tag = "{\"ResourceARN\":\"" + ARN + "raced\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}";
        String untag = "{\"ResourceARN\":\"" + ARN + "raced\",\"TagKeys\":[\"k\"]}";
        Set<String> answers = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        Thread tagger = new Thread(() -> {
            while (!done.get()) {
                for (String[] op : List.of(new String[] {"TagResource", tag}, new String[] {"UntagResource", untag},
                        new String[] {"ListTagsForResource", untag})) {
                    try {
                        answers.add(op[0] + " " + call(op[0], op[1]).status());
                    } catch (RuntimeException e) {
                        answers.add(op[0] + " " + e);
                    }
                }
            }
        });
        tagger.start();
        for (int i = 0; i < 2000; i++) {
            call("PutMetricAlarm", put);
            call("DeleteAlarms", "{\"AlarmNames\":[\"raced\"]}");
        }
        done.set(true);
        tagger.join();
        assertTrue(Set.of("TagResource 200", "TagResource 404", "UntagResource 200", "UntagResource 404", "ListTagsForResource 200",
                "ListTagsForResource 404").containsAll(answers), answers.toString());
    }
}
