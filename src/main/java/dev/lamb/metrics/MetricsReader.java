package dev.lamb.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.AwsTarget;
import dev.lamb.aws.CallCounter;
import dev.lamb.deploy.AlarmRules;
import dev.lamb.deploy.StatusReader;
import dev.lamb.logs.LogGroups;
import dev.lamb.metrics.WindowReports.Reported;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Reads a window of metrics for each target: the deployed settings (GetFunction), one GetMetricData request carrying
 * every query of every target (paged when CloudWatch splits its answer), the window's REPORT lines through the one
 * REPORT reader, and lamb's alarms (one DescribeAlarms by name prefix). With --by version, the versions come from
 * ListMetrics: those Lambda published an ExecutedVersion for, so a version replaced within the window is there too.
 */
public final class MetricsReader {
    /** The newest versions split out at most: each costs 12 queries of the 500 a request takes. */
    static final int MAX_VERSIONS = 10;

    private final AwsClients aws;
    private final AwsTarget target;
    private final Consumer<String> notice;

    public MetricsReader(AwsClients aws, AwsTarget target, Consumer<String> notice) {
        this.aws = aws;
        this.target = target;
        this.notice = notice;
    }

    public MetricsReport read(List<MetricsTarget> targets, MetricsWindow window, boolean byVersion, Instant now) {
        CallCounter calls = aws.calls();
        int before = calls.byOperation().getOrDefault("CloudWatch.GetMetricData", 0);
        Map<String, Integer> callsBefore = calls.byOperation();
        List<Deployed> deployed = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (MetricsTarget t : targets) {
            GetFunctionResponse function = function(t);
            deployed.add(new Deployed(function.configuration().version(), function.configuration().timeout(),
                    function.configuration().memorySize(), function.concurrency() == null ? null
                            : function.concurrency().reservedConcurrentExecutions()));
            groups.add(LogGroups.of(t.function(), function.configuration().loggingConfig() == null ? null
                    : function.configuration().loggingConfig().logGroup()));
        }
        List<List<String>> versions = targets.stream().map(t -> byVersion ? versions(t) : List.<String>of()).toList();
        MetricQueries queries = MetricQueries.of(targets, versions, window);
        MetricAnswers answers = metricData(queries);
        double seconds = Math.max(1, Duration.between(window.from(), now.isBefore(window.until()) ? now : window.until())
                .getSeconds());
        List<FunctionMetrics> functions = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            functions.add(function(i, targets.get(i), deployed.get(i), groups.get(i), versions.get(i), answers, window, seconds));
        }
        Map<String, Integer> byOperation = new LinkedHashMap<>();
        calls.byOperation().forEach((op, n) -> {
            int made = n - callsBefore.getOrDefault(op, 0);
            if (made > 0) {
                byOperation.put(op, made);
            }
        });
        int reads = byOperation.entrySet().stream().filter(e -> CallCounter.isRead(e.getKey())).mapToInt(Map.Entry::getValue).sum();
        int all = byOperation.values().stream().mapToInt(Integer::intValue).sum();
        MetricsReport.Calls counted = new MetricsReport.Calls(calls.byOperation().getOrDefault("CloudWatch.GetMetricData", 0) - before,
                reads, all - reads, byOperation);
        return new MetricsReport(window.from().toString(), window.until().toString(), window.periodSeconds(),
                window.periodStarts().stream().map(Instant::toString).toList(), functions, counted, answers.messages());
    }

    private FunctionMetrics function(int i, MetricsTarget t, Deployed deployed, String group, List<String> versions,
            MetricAnswers answers, MetricsWindow window, double seconds) {
        List<Measure> measures = new ArrayList<>(Measure.lambda());
        if (t.apiName() != null) {
            measures.addAll(Measure.api());
        }
        Figures figures = figures(answers, i, measures, null, seconds);
        List<Series> series = series(answers, i, measures, null, window);
        List<Reported> lines = WindowReports.read(aws.logs(), group, window, notice);
        Set<String> served = t.stage() == null ? Set.of() : new StatusReader(aws, target).servedVersions(t.project());
        ReportFigures report = ReportFigures.of(lines.stream().filter(l -> served.isEmpty() || served.contains(l.version()))
                .map(Reported::line).toList(), lines.size() >= WindowReports.MAX_LINES);
        List<VersionMetrics> split = new ArrayList<>();
        for (String version : versions) {
            Figures vf = figures(answers, i, Measure.BY_VERSION, version, seconds);
            if (vf.count(Measure.INVOCATIONS) == 0) {
                continue;
            }
            ReportFigures vr = ReportFigures.of(lines.stream().filter(l -> version.equals(l.version())).map(Reported::line).toList(),
                    lines.size() >= WindowReports.MAX_LINES);
            Deployed at = version.equals(deployed.version()) ? deployed : null;
            split.add(new VersionMetrics(version, vf, series(answers, i, Measure.BY_VERSION, version, window), vr,
                    Flag.of(vf, at, vr, t.alarms())));
        }
        boolean async = t.asyncConfigured() || figures.any(group(Measure.Group.ASYNC));
        boolean provisioned = t.provisionedConfigured() || figures.any(group(Measure.Group.PROVISIONED));
        return new FunctionMetrics(t.function(), t.stage(), t.resource(), t.apiName(), deployed, figures, series, report,
                List.copyOf(new TreeSet<>(served)), split, alarms(t), Flag.of(figures, deployed, report, t.alarms()), async, provisioned);
    }

    private static Figures figures(MetricAnswers answers, int target, List<Measure> measures, String version, double seconds) {
        Map<Measure, Double> measured = new EnumMap<>(Measure.class);
        measures.forEach(m -> measured.put(m, answers.whole(target, m, version)));
        return Figures.of(measured, seconds);
    }

    private static List<Series> series(MetricAnswers answers, int target, List<Measure> measures, String version, MetricsWindow window) {
        return measures.stream().map(m -> new Series(m.id(), m.stat(), answers.series(target, m, version, window))).toList();
    }

    private static List<Measure> group(Measure.Group group) {
        return Measure.lambda().stream().filter(m -> m.group() == group).toList();
    }

    /** The target's function as deployed: at the stage's alias when there is one. Not deployed is exit 4. */
    private GetFunctionResponse function(MetricsTarget t) {
        try {
            return aws.lambda().getFunction(r -> r.functionName(t.function()).qualifier(t.stage()));
        } catch (ResourceNotFoundException e) {
            if (t.stage() == null) {
                throw new LambException(ExitCode.NOT_FOUND, "no function " + t.function() + " in " + target.region()
                        + ": check the name and --region", e);
            }
            try {
                aws.lambda().getFunction(r -> r.functionName(t.function()));
            } catch (ResourceNotFoundException missing) {
                throw new LambException(ExitCode.NOT_FOUND, t.function() + " is not deployed: deploy it with 'lamb deploy'", missing);
            }
            throw new LambException(ExitCode.NOT_FOUND, "stage " + t.stage() + " has no alias: run 'lamb deploy --stage " + t.stage()
                    + "' first", e);
        }
    }

    /** The versions Lambda published ExecutedVersion metrics for, newest first, at most MAX_VERSIONS. */
    private List<String> versions(MetricsTarget t) {
        Set<String> found = new TreeSet<>((a, b) -> versionOrder(b) != versionOrder(a) ? Long.compare(versionOrder(b), versionOrder(a))
                : b.compareTo(a));
        aws.cloudWatch().listMetricsPaginator(r -> r.namespace(Measure.INVOCATIONS.source().namespace)
                .metricName(Measure.INVOCATIONS.metric()).dimensions(DimensionFilter.builder().name("FunctionName").value(t.function())
                        .build(), DimensionFilter.builder().name("ExecutedVersion").build())).metrics()
                .forEach(m -> m.dimensions().stream().filter(d -> d.name().equals("ExecutedVersion")).forEach(d -> found.add(d.value())));
        if (found.size() > MAX_VERSIONS) {
            notice.accept("lamb: " + t.function() + " has " + found.size() + " versions with metrics; showing the newest " + MAX_VERSIONS);
        }
        return found.stream().limit(MAX_VERSIONS).toList();
    }

    private static long versionOrder(String version) {
        return version.chars().allMatch(Character::isDigit) && !version.isEmpty() ? Long.parseLong(version) : Long.MAX_VALUE;
    }

    private MetricAnswers metricData(MetricQueries queries) {
        MetricAnswers answers = new MetricAnswers(queries);
        String token = null;
        do {
            GetMetricDataResponse page = aws.cloudWatch().getMetricData(queries.request(token));
            answers.add(page);
            token = page.nextToken() == null || page.nextToken().isEmpty() || page.nextToken().equals(token) ? null : page.nextToken();
        } while (token != null);
        return answers;
    }

    /**
     * lamb's alarms of the target, by name; for a whole function, those whose metrics are that function's. Alarms that
     * cannot be read (no cloudwatch:DescribeAlarms, an emulator without alarms) are said in one line and left out, null,
     * rather than costing the figures.
     */
    private List<AlarmStatus> alarms(MetricsTarget t) {
        try {
            return readAlarms(t);
        } catch (CloudWatchException e) {
            notice.accept("lamb: could not read the alarms of " + t.function() + ": " + AwsErrors.translate(e).getMessage());
            return null;
        }
    }

    private List<AlarmStatus> readAlarms(MetricsTarget t) {
        List<AlarmStatus> alarms = new ArrayList<>();
        // A stage's alarms by their exact names (a prefix would take in another function's, say api-prod-worker's for api
        // at prod); a whole function's by the names' shape and, as a stage may hold dashes, by their metrics.
        SdkIterable<MetricAlarm> found = t.stage() != null
                ? aws.cloudWatch().describeAlarmsPaginator(r -> r.alarmNames(AlarmRules.names(t.function(), t.stage()))).metricAlarms()
                : aws.cloudWatch().describeAlarmsPaginator(r -> r.alarmNamePrefix(AlarmRules.prefix(t.function()))).metricAlarms();
        for (MetricAlarm alarm : found) {
            if (t.stage() == null && !(AlarmRules.isName(alarm.alarmName(), t.function()) && ofFunction(alarm, t.function()))) {
                continue;
            }
            Instant changed = alarm.stateTransitionedTimestamp() != null ? alarm.stateTransitionedTimestamp() : alarm.stateUpdatedTimestamp();
            alarms.add(new AlarmStatus(alarm.alarmName(), alarm.stateValueAsString(), changed == null ? null : changed.toString(),
                    alarm.stateReason()));
        }
        return alarms;
    }

    private static boolean ofFunction(MetricAlarm alarm, String function) {
        boolean direct = alarm.dimensions().stream().anyMatch(d -> d.name().equals("FunctionName") && d.value().equals(function));
        return direct || alarm.metrics().stream().anyMatch(q -> q.metricStat() != null && q.metricStat().metric().dimensions().stream()
                .anyMatch(d -> d.name().equals("FunctionName") && d.value().equals(function)));
    }
}
