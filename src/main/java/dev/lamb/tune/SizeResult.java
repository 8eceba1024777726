package dev.lamb.tune;

/**
 * What the tuner measured at one memory size and architecture: the warm invocations' statistics, the
 * cold start apart, the cost, and whether the size can be recommended.
 *
 * @param memoryMb          the memory size
 * @param architecture      x86_64 or arm64
 * @param invocations       warm invocations measured (the cold start not counted)
 * @param medianMs          median Duration of the warm invocations
 * @param p95Ms             95th percentile of Duration
 * @param billedMeanMs      trimmed mean of Billed Duration
 * @param billedCiMs        half-width of the 95% confidence interval of billedMeanMs
 * @param costPerInvocation USD per warm invocation (compute and request fee), cold starts weighted in
 * @param maxMemoryUsedMb   the highest Max Memory Used seen
 * @param initMs            the cold start's Init Duration, or null when none was seen
 * @param verdict           OK, RISKY (memory used reached 90% of the size) or INFEASIBLE
 * @param reason            why RISKY or INFEASIBLE (timeout, out of memory, the function's error); else empty
 * @param refined           whether the size was added by the search around the best size, not the first pass
 * @param errorAnswers      when most answers were proxy responses with a 4xx or 5xx status, how many; else null
 */
public record SizeResult(int memoryMb, String architecture, int invocations, double medianMs, double p95Ms,
        double billedMeanMs, double billedCiMs, double costPerInvocation, int maxMemoryUsedMb, Double initMs,
        Verdict verdict, String reason, boolean refined, ErrorAnswers errorAnswers) {

    public enum Verdict { OK, RISKY, INFEASIBLE }

    public double costPerMillion() {
        return costPerInvocation * 1_000_000;
    }

    public boolean recommendable() {
        return verdict == Verdict.OK;
    }

    /** The billed mean's 95% interval as a share of it: 0.05 is ±5%; infinite without an interval. */
    public double relativeCi() {
        return billedMeanMs > 0 ? billedCiMs / billedMeanMs : Double.POSITIVE_INFINITY;
    }
}
