package dev.lamb.tune;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.lamb.config.Architecture;

/**
 * What --dry-run answers: the sizes a tune would measure, the most invocations per size, the extra sizes
 * the search around the best may add, and the most the first pass can cost, every invocation billed the
 * function's whole timeout.
 */
public record CostBound(String function, List<Integer> sizes, int invocationsPerSize, int refinementSizes, double maxCostUsd,
        @JsonIgnore int timeoutSeconds) {

    /** The bound of {@code request}'s first pass at {@code costs}, for a function that times out after {@code timeoutSeconds}. */
    static CostBound of(String function, TuneRequest request, CostModel costs, int timeoutSeconds) {
        int perSize = request.mostPerSize();
        double worst = 0;
        for (String architecture : request.architectures()) {
            for (int mb : request.sizes()) {
                worst += perSize * costs.perInvocation(Architecture.parse(architecture), mb, timeoutSeconds * 1000.0);
            }
        }
        return new CostBound(function, request.sizes(), perSize, Tuning.REFINEMENT_BUDGET, worst, timeoutSeconds);
    }
}
