package dev.lamb.tune;

import dev.lamb.config.Architecture;

/**
 * What a size costs with provisioned concurrency, next to its on-demand cost. Provisioned concurrency is paid per
 * GB-second while it is configured, used or not, so its cost per invocation depends on how busy the instances are:
 * an instance busy all the time serves one invocation per billed duration, and that is the cheapest it gets
 * ({@code perInvocationAtFullUse}). Below full use, each invocation carries more of the allocation; at
 * {@code breakEvenUse} (a share, 0..1) it costs as much as on-demand, and below that on-demand is cheaper. The
 * invocations it serves start warm, so no cold start is weighed in.
 *
 * @param memoryMb                the memory size
 * @param architecture            x86_64 or arm64
 * @param perInvocationAtFullUse  USD per invocation with the instances busy all the time: allocation, duration, request
 * @param perMillionAtFullUse     the same per million invocations
 * @param onDemandPerMillion      the on-demand cost per million, as the table shows it, to compare
 * @param instancePerHour         USD an hour for one instance of provisioned concurrency at this size, used or not
 * @param breakEvenUse            the share of use above which provisioned is cheaper; null when it never is
 */
public record ProvisionedCost(int memoryMb, String architecture, double perInvocationAtFullUse, double perMillionAtFullUse,
        double onDemandPerMillion, double instancePerHour, Double breakEvenUse) {
    private static final double MB_PER_GB = 1024;

    /** The provisioned cost of a measured size; null for an infeasible one, which has no billed duration. */
    static ProvisionedCost of(SizeResult size, PriceTable prices) {
        if (size.verdict() == SizeResult.Verdict.INFEASIBLE || !Double.isFinite(size.billedMeanMs())) {
            return null;
        }
        Architecture arch = Architecture.parse(size.architecture());
        PriceTable.Provisioned price = prices.provisioned(arch);
        double perRequest = prices.price(arch).perRequest();
        double gbSeconds = size.billedMeanMs() / 1000 * (size.memoryMb() / MB_PER_GB);
        double duration = gbSeconds * price.durationPerGbSecond();
        double allocation = gbSeconds * price.concurrencyPerGbSecond();
        double atFullUse = allocation + duration + perRequest;
        // At use u each invocation carries allocation / u: equal to on-demand's compute at u = allocation / (od - duration).
        double saving = size.costPerInvocation() - perRequest - duration;
        Double breakEven = saving > allocation ? allocation / saving : null;
        return new ProvisionedCost(size.memoryMb(), size.architecture(), atFullUse, CostModel.perMillion(atFullUse),
                size.costPerMillion(), size.memoryMb() / MB_PER_GB * 3600 * price.concurrencyPerGbSecond(), breakEven);
    }
}
