package dev.lamb.local.cloud.cloudwatch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.OperationTable;

/**
 * CloudWatch (metrics and alarms) as the local cloud serves it in one region, signed for as {@code monitoring}. It
 * speaks the three protocols of its model ({@link CloudWatchProtocol}); its operations see each request's members as
 * one tree and answer one tree. The metrics are in a {@link MetricStore}, which Lambda's and API Gateway's own
 * figures are recorded into ({@link #recorder}).
 */
public final class CloudWatchService implements AwsService {
    /** An operation: the request's members in, the answer's members out (null for an operation with no output). */
    @FunctionalInterface
    interface Handler {
        ObjectNode run(CloudWatchService service, CloudWatchInput input);
    }

    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byAction("CloudWatch")
            .add("PutMetricData", MetricOperations::putMetricData)
            .add("GetMetricData", MetricOperations::getMetricData)
            .add("GetMetricStatistics", MetricOperations::getMetricStatistics)
            .add("ListMetrics", MetricOperations::listMetrics)
            .add("PutMetricAlarm", AlarmOperations::putMetricAlarm)
            .add("DescribeAlarms", AlarmOperations::describeAlarms)
            .add("DescribeAlarmsForMetric", AlarmOperations::describeAlarmsForMetric)
            .add("DeleteAlarms", AlarmOperations::deleteAlarms)
            .add("SetAlarmState", AlarmOperations::setAlarmState)
            .add("DescribeAlarmHistory", AlarmOperations::describeAlarmHistory)
            .add("EnableAlarmActions", AlarmOperations::enableAlarmActions)
            .add("DisableAlarmActions", AlarmOperations::disableAlarmActions)
            .add("TagResource", AlarmOperations::tagResource)
            .add("UntagResource", AlarmOperations::untagResource)
            .add("ListTagsForResource", AlarmOperations::listTagsForResource)
            .build();

    private final String region;
    private final MetricStore metrics;
    private final MetricQueries queries;
    private final MetricRecorder recorder;
    private final AlarmStore alarms;
    private final AlarmEvaluator evaluator;

    /** A region's CloudWatch whose alarms are kept in memory only, evaluated every minute. */
    public CloudWatchService(String region) {
        this(region, Clock.systemUTC());
    }

    CloudWatchService(String region, Clock clock) {
        this(region, clock, null, 1.0, System.err::println);
    }

    /**
     * A region's CloudWatch whose alarms are kept under {@code dataDir} and evaluated every minute times
     * {@code delayScale} (the local cloud's delay scale, which tests set to a hundredth), saying failures in {@code log}.
     */
    public CloudWatchService(String region, Path dataDir, double delayScale, Consumer<String> log) {
        this(region, Clock.systemUTC(), dataDir, delayScale, log);
    }

    /** The same on {@code clock}: what its metrics, alarms and their evaluation take as now. */
    public CloudWatchService(String region, Clock clock, Path dataDir, double delayScale, Consumer<String> log) {
        this.region = region;
        this.metrics = new MetricStore(clock);
        this.queries = new MetricQueries(metrics);
        this.recorder = new MetricRecorder(metrics);
        this.alarms = new AlarmStore(dataDir, clock.instant());
        this.evaluator = new AlarmEvaluator(alarms, this::alarmDatapoints, clock::instant, delayScale, log);
        if (!alarms.isEmpty()) {
            evaluator.start();
        }
    }

    @Override
    public String signingName() {
        return "monitoring";
    }

    @Override
    public OperationTable<?> operations() {
        return OPERATIONS;
    }

    /** The operations this service serves, without an instance of it (for `lamb local operations`). */
    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    public String region() {
        return region;
    }

    /** The region's metrics: what GetMetricData reads and alarms are evaluated on. */
    public MetricStore metrics() {
        return metrics;
    }

    /** GetMetricData's engine over this region's metrics (metric stats and metric math), for alarms too. */
    public MetricQueries queries() {
        return queries;
    }

    /** The region's metric alarms and their history. */
    AlarmStore alarmStore() {
        return alarms;
    }

    AlarmEvaluator alarmEvaluator() {
        return evaluator;
    }

    Instant now() {
        return metrics.clock().instant();
    }

    /** An alarm's datapoints by period: GetMetricData's first result for its metric or its metric math. */
    private Map<Instant, Double> alarmDatapoints(AlarmDefinition alarm, Instant start, Instant end) {
        List<MetricDataResult> results = queries.run(alarm.queries(), start, end);
        Map<Instant, Double> points = new HashMap<>();
        if (!results.isEmpty()) {
            MetricDataResult first = results.get(0);
            for (int i = 0; i < first.timestamps().size(); i++) {
                points.put(first.timestamps().get(i), first.values().get(i));
            }
        }
        return points;
    }

    /** Where Lambda and API Gateway record their own metrics in this region. */
    public MetricRecorder recorder() {
        return recorder;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        CloudWatchProtocol protocol = CloudWatchProtocol.of(request);
        try {
            String operation = protocol.operation(request);
            ObjectNode output = OPERATIONS.named(operation).run(this, new CloudWatchInput(protocol.input(request)));
            return protocol.respond(operation, output);
        } catch (AwsServiceException e) {
            return protocol.error(e);
        }
    }

    /**
     * CloudWatch's actions are {@code cloudwatch:<Operation>}. As the Service Authorization Reference lists them, the
     * operations on named alarms ask for each alarm's ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME), so that a policy
     * scoped to {@code alarm:lamb-*} works as on AWS; metrics, listings and history without a name have no resource ({@code *}).
     */
    @Override
    public List<IamAction> iamActions(CloudRequest request) {
        try {
            CloudWatchProtocol protocol = CloudWatchProtocol.of(request);
            String operation = protocol.operation(request);
            String action = "cloudwatch:" + operation;
            CloudWatchInput in = new CloudWatchInput(protocol.input(request));
            List<String> arns = switch (operation) {
                case "PutMetricAlarm", "SetAlarmState", "DescribeAlarmHistory" ->
                        in.text("AlarmName").map(this::alarmArn).stream().toList();
                case "DeleteAlarms", "EnableAlarmActions", "DisableAlarmActions" ->
                        in.texts("AlarmNames").stream().map(this::alarmArn).toList();
                case "TagResource", "UntagResource", "ListTagsForResource" -> in.text("ResourceARN").stream().toList();
                default -> List.of();
            };
            return arns.isEmpty() ? List.of(IamAction.onAny(action)) : arns.stream().map(arn -> new IamAction(action, arn)).toList();
        } catch (AwsServiceException e) {
            return List.of();
        }
    }

    /** The ARN of this region's alarm of that name. */
    String alarmArn(String name) {
        return arnPrefix() + "alarm:" + name;
    }

    @Override
    public CloudResponse error(AwsServiceException e) {
        return CloudWatchProtocol.QUERY.error(e);
    }

    @Override
    public CloudResponse error(CloudRequest head, AwsServiceException e) {
        return CloudWatchProtocol.of(head).error(e);
    }

    @Override
    public Map<String, Integer> counts() {
        return Map.of("metrics", metrics.metricsPutSince(Instant.EPOCH).size(), "alarms", alarms.all().size());
    }

    @Override
    public void close() {
        evaluator.close();
        alarms.close();
    }

    /** The ARN prefix of this region's CloudWatch resources (alarms). */
    public String arnPrefix() {
        return "arn:aws:cloudwatch:" + region + ":" + LocalAccount.ID + ":";
    }
}
