package dev.lamb.tune;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.RemoteInvoker;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;
import dev.lamb.lambda.ReportLine;
import dev.lamb.ui.TerminalSafe;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Invokes one tuning version: once cold (the first invocation of a new version), then warm, K at a
 * time, each with its log tail, keeping the REPORT line Lambda wrote. What is measured is the REPORT's
 * own Duration, so client-side waits (a throttled attempt the SDK retried) never enter a sample.
 */
final class VersionSampler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaClient lambda;
    private final String function;
    private final EventMix events;
    private final TuneSignals signals;
    private volatile Runnable onInvocation = () -> {};
    /** The status of each proxy response of the size being sampled (the sizes are sampled one after another). */
    private final List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());

    VersionSampler(LambdaClient lambda, String function, EventMix events, TuneSignals signals) {
        this.lambda = lambda;
        this.function = function;
        this.events = events;
        this.signals = signals;
    }

    /** Told after every invocation, from whichever thread made it: what a progress bar counts. */
    void onInvocation(Runnable tick) {
        this.onInvocation = tick;
    }

    /** The cold start; then {@code warm} more invocations, {@code concurrency} at a time. */
    Measured sample(int memoryMb, String architecture, String version, int warm, int concurrency, boolean refined) {
        return sampleUntil(memoryMb, architecture, version, warm, warm, concurrency, refined, reports -> true);
    }

    /**
     * The cold start, {@code first} warm invocations, then more in batches of {@code first} until
     * {@code enough} says so or {@code cap} is reached; a failure ends it (the size is infeasible).
     */
    Measured sampleUntil(int memoryMb, String architecture, String version, int first, int cap, int concurrency, boolean refined,
            Predicate<List<ReportLine>> enough) {
        Instant from = Instant.now();
        statuses.clear();
        events.restart();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ReportLine cold = once(version, failures);
        List<ReportLine> reports = Collections.synchronizedList(new ArrayList<>());
        List<ReportLine> otherCold = Collections.synchronizedList(new ArrayList<>());
        // Invocations that land on a new instance (K at a time start up to K of them) are cold starts
        // too: they are left out of the warm samples, which are topped up until there are enough.
        int attempts = 0;
        int target = first;
        while (failures.isEmpty() && attempts < 3 * cap) {
            int missing = target - reports.size();
            if (missing <= 0) {
                if (reports.size() >= cap || enough.test(List.copyOf(reports))) {
                    break;
                }
                target = Math.min(cap, target + first);
                continue;
            }
            more(version, missing, concurrency, reports, otherCold, failures);
            attempts += missing;
        }
        return new Measured(memoryMb, architecture, version, cold, List.copyOf(reports), List.copyOf(otherCold),
                List.copyOf(failures), List.copyOf(statuses), refined, from, Instant.now());
    }

    /** {@code count} more invocations, {@code concurrency} at a time: warm ones into {@code reports}, cold ones apart. */
    void more(String version, int count, int concurrency, List<ReportLine> reports, List<ReportLine> otherCold,
            List<String> failures) {
        if (count <= 0) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, count)));
        List<Future<ReportLine>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                calls.add(pool.submit(() -> once(version, failures)));
            }
            for (Future<ReportLine> call : calls) {
                ReportLine report = call.get();
                if (report != null) {
                    (report.cold() ? otherCold : reports).add(report);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LambException(ExitCode.INTERRUPTED, "interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            finishInFlight(pool, calls);
        }
    }

    /**
     * Lets the invocations under way end before the run goes on to delete their versions; those not yet
     * started are cancelled (after a failure; after a stop they would find it and make no call).
     */
    private static void finishInFlight(ExecutorService pool, List<Future<ReportLine>> calls) {
        calls.forEach(call -> call.cancel(false));
        pool.shutdown();
        try {
            // an invocation runs at most the function's timeout
            pool.awaitTermination(Long.MAX_VALUE, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * --cold: one invocation of each of {@code versions}, all new, so every one is a cold start, and they
     * are the samples themselves.
     */
    Measured coldSamples(int memoryMb, String architecture, List<String> versions, boolean refined) {
        Instant from = Instant.now();
        statuses.clear();
        events.restart();
        List<String> failures = new ArrayList<>();
        List<ReportLine> reports = new ArrayList<>();
        for (String version : versions) {
            ReportLine report = once(version, failures);
            if (report != null) {
                reports.add(report);
            }
        }
        return new Measured(memoryMb, architecture, versions.get(0), null, List.copyOf(reports), List.of(), List.copyOf(failures),
                List.copyOf(statuses), refined, from, Instant.now());
    }

    /** One invocation's REPORT, or null when it failed (its reason goes to {@code failures}). */
    private ReportLine once(String version, List<String> failures) {
        signals.check();
        InvocationResult result = RemoteInvoker.invoke(lambda, function, version, events.next());
        onInvocation.run();
        ReportLine report = result.report();
        if (result.failed() || report != null && !"success".equals(report.status())) {
            failures.add(reason(result));
            return null;
        }
        // A 400 is a success to Lambda: what the event asked for is told by the answer's own status.
        ProxyResponse.parse(result.payload()).ifPresent(answer -> statuses.add(answer.statusCode()));
        return report;
    }

    /** "Runtime.OutOfMemory", "timeout", or the function's own error type. */
    private static String reason(InvocationResult result) {
        if (result.report() != null && "timeout".equals(result.report().status())) {
            return "timeout";
        }
        try {
            // The function names its error type: shown in tables and progress lines, so escaped as its logs are.
            String type = TerminalSafe.escape(JSON.readTree(result.payload()).path("errorType").asText(""));
            return type.isEmpty() ? String.valueOf(result.functionError()) : type;
        } catch (IOException e) {
            return String.valueOf(result.functionError());
        }
    }
}
