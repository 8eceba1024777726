package dev.lamb.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.local.LocalEvents;
import dev.lamb.local.LocalFunction;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.LocalEngine;

/**
 * The local engine's own cost, run by bench/invoke.sh: the warm overhead (the caller's time for an
 * invoke less the handler's Duration in its REPORT line) and the cold start (from spawning the
 * runtime to its first answer), on a project made by `lamb init`.
 *
 *   EngineBench PROJECT_DIR [WARM_INVOCATIONS] [COLD_STARTS]
 */
public final class EngineBench {
    private EngineBench() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: EngineBench PROJECT_DIR [WARM_INVOCATIONS] [COLD_STARTS]");
            System.exit(2);
        }
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int cold = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        ProjectConfig config = ProjectConfigLoader.load(Path.of(args[0]));
        FunctionSpec spec = LocalFunction.prepare(config, "us-east-1", line -> { });
        byte[] event = LocalEvents.event(config, new LocalEvents.Input("GET", "/hello", List.of("name=Ada"), List.of(),
                null, null, null));

        double[] overhead = new double[warm];
        double[] handler = new double[warm];
        try (LocalEngine engine = new LocalEngine()) {
            for (int i = 0; i < 100; i++) {
                check(engine.invoke(spec, event));
            }
            for (int i = 0; i < warm; i++) {
                long start = System.nanoTime();
                InvocationResult result = engine.invoke(spec, event);
                double total = (System.nanoTime() - start) / 1e6;
                check(result);
                handler[i] = result.report().durationMs();
                overhead[i] = total - handler[i];
            }
        }

        double[] spawnToAnswer = new double[cold];
        double[] init = new double[cold];
        for (int i = 0; i < cold; i++) {
            try (LocalEngine engine = new LocalEngine()) {
                long start = System.nanoTime();
                InvocationResult result = engine.invoke(spec, event);
                spawnToAnswer[i] = (System.nanoTime() - start) / 1e6;
                check(result);
                init[i] = result.report().initDurationMs();
            }
        }

        System.out.printf(Locale.ROOT, "warm invocations:        %d of %s (%s)%n", warm, spec.runtime(), spec.handler());
        System.out.printf(Locale.ROOT, "handler Duration (REPORT): mean %.3f ms, median %.3f ms%n", mean(handler), pct(handler, 50));
        System.out.printf(Locale.ROOT, "warm overhead:           mean %.3f ms, median %.3f ms, p99 %.3f ms   (goal: mean < 5 ms)%n",
                mean(overhead), pct(overhead, 50), pct(overhead, 99));
        System.out.printf(Locale.ROOT, "cold starts:             %d%n", cold);
        System.out.printf(Locale.ROOT, "Init Duration (REPORT):  mean %.1f ms, median %.1f ms%n", mean(init), pct(init, 50));
        System.out.printf(Locale.ROOT, "cold start, spawn to first answer: mean %.1f ms, median %.1f ms, max %.1f ms   (goal: < 300 ms)%n",
                mean(spawnToAnswer), pct(spawnToAnswer, 50), pct(spawnToAnswer, 100));
    }

    private static void check(InvocationResult result) {
        if (result.failed()) {
            throw new IllegalStateException("the function failed: " + result.payloadText());
        }
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double pct(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
