package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.config.ProjectConfigLoader;

/**
 * Issue 13 §4: --dry-run's cost bound is computed in the core: every invocation of the first pass (the warm
 * ones and the cold start) billed the function's whole timeout, at each size on each architecture.
 */
class CostBoundTest {
    @Test
    void everyInvocationIsBilledTheWholeTimeout(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ProjectConfigLoader.FILE), """
                [function]
                name = "hello"
                runtime = "python3.13"
                handler = "handler.handler"
                """);
        TuneRequest request = TuneRequest.from(ProjectConfigLoader.load(dir)).memory("128,1024").arch("x86_64,arm64")
                .invocations(4, false).build(line -> {});
        CostBound bound = CostBound.of("hello", request, new CostModel(PriceTable.standard(), 0.01), 3);

        assertEquals(List.of(128, 1024), bound.sizes());
        assertEquals(5, bound.invocationsPerSize());
        assertEquals(6, bound.refinementSizes());
        assertEquals(3, bound.timeoutSeconds());
        // AWS's us-east-1 prices (the PriceTable's standard): x86_64 0.0000166667, arm64 0.0000133334 per GB-s,
        // 0.0000002 per request; 5 invocations x 3 s at 0.125 GB and at 1 GB on each architecture
        double x86 = 5 * (3 * (0.125 + 1) * 0.0000166667 + 2 * 0.0000002);
        double arm = 5 * (3 * (0.125 + 1) * 0.0000133334 + 2 * 0.0000002);
        assertEquals(x86 + arm, bound.maxCostUsd(), 1e-12);
    }
}
