package dev.lamb.aws;

import dev.lamb.LambException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;

/** Waits for a function to be created or updated with the SDK's own waiters, and says Lambda's reason if it failed. */
public final class LambdaWaits {
    /** The delay between the polls of the SDK's function-updated waiter (as botocore's function_updated_v2). */
    static final long POLL_MILLIS = 1000;

    private LambdaWaits() {}

    /**
     * $LATEST once an update that Lambda answered with {@code status} (the answer's LastUpdateStatus) is Successful. The
     * SDK's waiter polls at once, then every {@value #POLL_MILLIS} ms; an update answered InProgress is still in progress
     * at that first poll, so the answer stands for it, and the waiter starts one delay later: what a code-only deploy
     * waits is then the update's second, not that second after one more GetFunction.
     */
    public static FunctionConfiguration afterUpdate(LambdaClient lambda, String name, LastUpdateStatus status) {
        if (status == LastUpdateStatus.IN_PROGRESS) {
            Retries.sleep(POLL_MILLIS);
        }
        return untilReady(lambda, name, false);
    }

    /** $LATEST once Lambda reports it Active (after a create) or Successful (after an update). */
    public static FunctionConfiguration untilReady(LambdaClient lambda, String name, boolean created) {
        GetFunctionRequest get = GetFunctionRequest.builder().functionName(name).build();
        var waited = created ? lambda.waiter().waitUntilFunctionActiveV2(get) : lambda.waiter().waitUntilFunctionUpdatedV2(get);
        FunctionConfiguration config = waited.matched().response().map(r -> r.configuration())
                .orElseGet(() -> lambda.getFunction(r -> r.functionName(name)).configuration());
        if ("Failed".equals(config.stateAsString()) || "Failed".equals(config.lastUpdateStatusAsString())) {
            String reason = config.lastUpdateStatusReason() != null ? config.lastUpdateStatusReason() : config.stateReason();
            throw LambException.failed("Lambda could not " + (created ? "create " : "update ") + name + ": " + reason);
        }
        return config;
    }
}
