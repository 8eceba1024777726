package dev.lamb.logs;

import java.util.Optional;
import java.util.function.Consumer;

import dev.lamb.aws.AwsClients;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Follows one log group until stopped: waits (saying so once) until the group exists, then Live Tail
 * joined to a backfill from --since, or polling when Live Tail is refused or --poll asks; a group deleted
 * under it is waited for again. Every event goes through one {@link SeenEvents}, so that none of the
 * roads prints an event twice.
 */
final class GroupFollow {
    private final AwsClients aws;
    private final Calls calls;
    private final LogsReader.Settings settings;
    private final LogGroupRef group;
    private final LogQuery query;
    private final Consumer<LogEvent> sink;
    private final SeenEvents seen = new SeenEvents();

    GroupFollow(AwsClients aws, Calls calls, LogsReader.Settings settings, LogGroupRef group, LogQuery query,
            Consumer<LogEvent> sink) {
        this.aws = aws;
        this.calls = calls;
        this.settings = settings;
        this.group = group;
        this.query = query;
        this.sink = sink;
    }

    void run(boolean poll) {
        StopSignal stop = calls.stop();
        Consumer<LogEvent> deliver = event -> {
            if (seen.firstTime(event) && !stop.stopped()) {
                sink.accept(event);
            }
        };
        Backfill backfill = new Backfill(aws.logs(), calls);
        long from = query.sinceMillis();
        boolean live = !poll;
        boolean saidWaiting = false;
        while (!stop.stopped()) {
            try {
                Optional<String> arn = LogGroups.arnOf(calls, aws, group.name());
                if (arn.isEmpty()) {
                    if (!saidWaiting) {
                        saidWaiting = true;
                        calls.notice().accept("waiting for log group " + group.name() + " to exist (it appears with the "
                                + "function's first log line)");
                    }
                    stop.await(settings.pollIntervalMillis());
                    continue;
                }
                if (saidWaiting) {
                    calls.notice().accept("log group " + group.name() + " exists now");
                    saidWaiting = false;
                }
                LogGroupRef found = group.withArn(arn.get());
                if (live) {
                    try {
                        new LiveTailFollower(aws.logsLiveTail(), backfill, stop, found, query, deliver, calls.notice(),
                                settings.renewAfter()).run(from);
                        return;
                    } catch (LiveTailFollower.Refused refused) {
                        calls.notice().accept("Live Tail is not available for " + group.name() + " (" + refused.getMessage()
                                + "): polling every second instead");
                        live = false;
                        from = Math.min(from, refused.resumeFrom);
                    }
                }
                new PollingFollower(backfill, stop, found, query, deliver, settings.pollIntervalMillis(),
                        settings.overlapMillis()).run(from);
                return;
            } catch (Calls.Stopped e) {
                return;
            } catch (SdkException e) {
                if (!Calls.notFound(e)) {
                    throw e;
                }
                calls.notice().accept("log group " + group.name() + " is gone: waiting for it to come back");
                saidWaiting = true;
                from = System.currentTimeMillis() - LiveTailFollower.GAP_SLACK_MILLIS;
            }
        }
    }
}
