package dev.lamb.local.cloud.lambda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The small per-function and per-account settings that tools read on every refresh: code signing (which the
 * local cloud never enforces: no function has a code signing configuration), recursive loop detection, and the
 * account's limits and usage.
 */
final class FunctionSettings {
    private static final List<String> RECURSIVE_LOOP = List.of("Allow", "Terminate");
    // Lambda's storage quota (AWS Lambda quotas page): 75 GB of code in all.
    private static final long TOTAL_CODE_SIZE = 80_530_636_800L;

    private final Functions functions;

    FunctionSettings(Functions functions) {
        this.functions = functions;
    }

    /** GetFunctionCodeSigningConfig for a function without one: an empty ARN, as Lambda answers. */
    Map<String, Object> codeSigning(FunctionRef ref) {
        return functions.read(ref, fn -> Map.of("CodeSigningConfigArn", "", "FunctionName", fn.name));
    }

    Map<String, Object> recursion(FunctionRef ref) {
        return functions.read(unqualified(ref), fn -> Map.of("RecursiveLoop", Objects.requireNonNullElse(fn.recursiveLoop, "Terminate")));
    }

    Map<String, Object> putRecursion(FunctionRef ref, JsonNode body) {
        JsonNode value = body.get("RecursiveLoop");
        if (value == null || value.isNull()) {
            throw LambdaErrors.mustNotBeNull("recursiveLoop");
        }
        if (!RECURSIVE_LOOP.contains(value.asText())) {
            throw LambdaErrors.validation(value.asText(), "recursiveLoop", "Member must satisfy enum value set: " + RECURSIVE_LOOP);
        }
        return functions.change(unqualified(ref), fn -> {
            fn.recursiveLoop = value.asText();
            return Map.of("RecursiveLoop", fn.recursiveLoop);
        });
    }

    /**
     * GetAccountSettings: the local cloud's own concurrency limit (what InvocationSlots enforces), less what
     * functions reserve, and the code its functions' versions hold.
     */
    Map<String, Object> account(int concurrentExecutions) {
        return functions.readAll(all -> {
            long codeSize = 0;
            int reserved = 0;
            for (FunctionState fn : all) {
                codeSize += fn.latest.codeSize() + fn.versions.stream().mapToLong(FunctionVersion::codeSize).sum();
                reserved += fn.reservedConcurrency == null ? 0 : fn.reservedConcurrency;
            }
            Map<String, Object> limit = new LinkedHashMap<>();
            limit.put("TotalCodeSize", TOTAL_CODE_SIZE);
            limit.put("CodeSizeUnzipped", CodeUnpacker.MAX_UNZIPPED);
            limit.put("CodeSizeZipped", Functions.MAX_ZIPPED);
            limit.put("ConcurrentExecutions", concurrentExecutions);
            limit.put("UnreservedConcurrentExecutions", Math.max(0, concurrentExecutions - reserved));
            return Map.of("AccountLimit", limit, "AccountUsage", Map.of("TotalCodeSize", codeSize, "FunctionCount", (long) all.size()));
        });
    }

    private static FunctionRef unqualified(FunctionRef ref) {
        if (ref.qualifier() != null) {
            throw LambdaErrors.invalid("This operation does not support a qualifier: the setting is the whole function's.");
        }
        return ref;
    }
}
