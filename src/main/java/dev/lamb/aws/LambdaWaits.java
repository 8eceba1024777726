package dev.lamb.aws;

import dev.lamb.LambException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;

/** Waits for a function to be created or updated with the SDK's own waiters, and says Lambda's reason if it failed. */
public final class LambdaWaits {
    private LambdaWaits() {}

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
