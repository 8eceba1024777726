package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.lamb.aws.AwsClients;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/**
 * The stage's CloudWatch alarms ({@link AlarmRules}): created, updated to lamb.toml, or, for a rule turned off, deleted.
 * One DescribeAlarms (by the stage's name prefix, a {@link DeployReads} read made with the deploy's others) reads them all
 * before the deploy's first write; an alarm's tags are read only where a write would touch it. An alarm of lamb's name
 * without lamb's tag is refused, or with --adopt taken over ({@link #unowned}); one of a rule turned off is left alone
 * unless it is lamb's.
 */
final class AlarmsStep {
    static final String STEP = "alarms";

    private final AwsClients aws;
    private final DeployNames names;
    private final List<AlarmSpec> wanted;
    /** The stage's alarms of lamb's names, by name, as read before the first write. */
    private final Map<String, MetricAlarm> found;
    private final Map<String, Boolean> lambs = new LinkedHashMap<>();

    private AlarmsStep(AwsClients aws, DeployNames names, List<AlarmSpec> wanted, Map<String, MetricAlarm> found) {
        this.aws = aws;
        this.names = names;
        this.wanted = wanted;
        this.found = found;
    }

    /**
     * What exists of the stage's alarms: the DescribeAlarms {@code reads} made (ahead, with the deploy's other reads), and
     * ListTagsForResource for each that a write would touch (none when nothing changed).
     */
    static AlarmsStep read(AwsClients aws, DeployReads reads, List<AlarmSpec> wanted) {
        DeployNames names = reads.names();
        AlarmsStep step = new AlarmsStep(aws, names, wanted, reads.alarms.get());
        Map<String, AlarmSpec> byName = wanted.stream().collect(Collectors.toMap(AlarmSpec::name, a -> a));
        step.found.forEach((name, alarm) -> {
            AlarmSpec want = byName.get(name);
            if (want == null || !want.equals(AlarmSpec.of(alarm))) {
                step.lambs.put(name, isLambs(aws.cloudWatch(), alarm, names));
            }
        });
        return step;
    }

    /** The alarms this deploy would change that lamb did not make: refused, or adopted (tagged) with --adopt. */
    List<Ownership.Unowned> unowned() {
        List<Ownership.Unowned> unowned = new ArrayList<>();
        for (AlarmSpec want : wanted) {
            MetricAlarm alarm = found.get(want.name());
            if (alarm != null && Boolean.FALSE.equals(lambs.get(want.name()))) {
                unowned.add(new Ownership.Unowned(STEP, "alarm " + want.name(), DeployNames.TAG + "=" + names.function(), Map.of(),
                        () -> aws.cloudWatch().tagResource(r -> r.resourceARN(alarm.alarmArn()).tags(AlarmSpec.sdkTags(names.tags())))));
            }
        }
        return unowned;
    }

    /** Brings each alarm up to lamb.toml, after {@link #unowned} was refused or adopted. */
    void apply(DeployRun run) {
        CloudWatchClient cloudWatch = aws.cloudWatch();
        for (AlarmSpec want : wanted) {
            MetricAlarm alarm = found.get(want.name());
            if (alarm == null) {
                run.write(STEP, Change.Action.CREATE, "alarm " + want.name(), threshold(want),
                        () -> cloudWatch.putMetricAlarm(want.toRequest(names.tags())));
                continue;
            }
            List<String> diff = want.differences(AlarmSpec.of(alarm));
            if (diff.isEmpty()) {
                run.unchanged(STEP, "alarm " + want.name());
            } else {
                run.write(STEP, Change.Action.UPDATE, "alarm " + want.name(), String.join(", ", diff),
                        () -> cloudWatch.putMetricAlarm(want.toRequest(Map.of())));
            }
        }
        List<String> kept = wanted.stream().map(AlarmSpec::name).toList();
        List<String> formerNames = AlarmRules.formerNames(names.function(), names.stage());
        for (String name : found.keySet()) {
            if (!kept.contains(name) && lambs.get(name)) {
                String why = formerNames.contains(name) ? "an older lamb's name for it" : "its rule is off in lamb.toml";
                run.write(STEP, Change.Action.DELETE, "alarm " + name, why, () -> delete(cloudWatch, name));
            }
        }
    }

    /**
     * For destroy: the names of lamb's alarms for this project, of one stage or (null) of all, and, in {@code others},
     * those of lamb's names that lamb did not make.
     */
    static List<String> lambsAlarms(AwsClients aws, DeployNames names, String stage, List<String> others) {
        CloudWatchClient cloudWatch = aws.cloudWatch();
        List<MetricAlarm> alarms = stage == null ? alarms(cloudWatch, AlarmRules.prefix(names.function()))
                : List.copyOf(stageAlarms(cloudWatch, names.function(), stage).values());
        List<String> lambs = new ArrayList<>();
        for (MetricAlarm alarm : alarms) {
            Map<String, String> tags = tags(cloudWatch, alarm);
            if (Ownership.isLambs(tags, names)) {
                lambs.add(alarm.alarmName());
            } else if (!tags.containsKey(DeployNames.TAG) && AlarmRules.isName(alarm.alarmName(), names.function())) {
                others.add(alarm.alarmName());
            }
        }
        return lambs;
    }

    /**
     * For destroy: false when the alarm is already gone. DeleteAlarms' own error for that is ResourceNotFound, which the
     * SDK has no class for (its ResourceNotFoundException is the tagging operations'), so the code tells.
     */
    static boolean delete(CloudWatchClient cloudWatch, String name) {
        try {
            cloudWatch.deleteAlarms(r -> r.alarmNames(name));
            return true;
        } catch (CloudWatchException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (e instanceof ResourceNotFoundException || "ResourceNotFound".equals(code)) {
                return false;
            }
            throw e;
        }
    }

    private static String threshold(AlarmSpec want) {
        return "threshold " + AlarmSpec.number(want.threshold());
    }

    /**
     * The stage's alarms of lamb's rule names, today's and an older lamb's (a longer name that shares the prefix is not one
     * of them). One of a former name counts only with lamb's tag: deploy and destroy delete it then, else leave it alone.
     */
    static Map<String, MetricAlarm> stageAlarms(CloudWatchClient cloudWatch, String function, String stage) {
        List<String> ours = new ArrayList<>(AlarmRules.names(function, stage));
        ours.addAll(AlarmRules.formerNames(function, stage));
        Map<String, MetricAlarm> found = new LinkedHashMap<>();
        alarms(cloudWatch, AlarmRules.prefix(function, stage)).stream().filter(a -> ours.contains(a.alarmName()))
                .forEach(a -> found.put(a.alarmName(), a));
        return found;
    }

    private static List<MetricAlarm> alarms(CloudWatchClient cloudWatch, String prefix) {
        return cloudWatch.describeAlarmsPaginator(r -> r.alarmNamePrefix(prefix)).metricAlarms().stream().toList();
    }

    private static boolean isLambs(CloudWatchClient cloudWatch, MetricAlarm alarm, DeployNames names) {
        return Ownership.isLambs(tags(cloudWatch, alarm), names);
    }

    private static Map<String, String> tags(CloudWatchClient cloudWatch, MetricAlarm alarm) {
        return cloudWatch.listTagsForResource(r -> r.resourceARN(alarm.alarmArn())).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
