package dev.lamb.tune;

import dev.lamb.tune.SizeResult.Verdict;

/** SizeResults for the analysis tests, with only the fields a test cares about spelled out. */
final class SizeFixtures {
    private SizeFixtures() {}

    /** An OK x86_64 size: cost in USD per invocation, median (and p95, billed mean) in ms, a tight interval. */
    static SizeResult ok(int memoryMb, double cost, double medianMs) {
        return of(memoryMb, "x86_64", cost, medianMs, medianMs * 1.2, 0.01 * medianMs, Verdict.OK);
    }

    static SizeResult of(int memoryMb, String arch, double cost, double medianMs, double p95Ms, double billedCiMs,
            Verdict verdict) {
        return new SizeResult(memoryMb, arch, 20, medianMs, p95Ms, Math.ceil(medianMs), billedCiMs, cost,
                memoryMb / 4, null, verdict, verdict == Verdict.OK ? "" : "reason", false, null);
    }

    static SizeResult with(SizeResult s, Verdict verdict, String reason) {
        return new SizeResult(s.memoryMb(), s.architecture(), s.invocations(), s.medianMs(), s.p95Ms(), s.billedMeanMs(),
                s.billedCiMs(), s.costPerInvocation(), s.maxMemoryUsedMb(), s.initMs(), verdict, reason, s.refined(), null);
    }
}
