package dev.lamb.tune;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.EphemeralStorage;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.Layer;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.TracingConfig;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/**
 * $LATEST's settings that a stage's settings change (see StageSettings), as the journal records them so that the
 * end of a run, or the next one after a kill, puts back exactly these. A field the endpoint does not report is null
 * and is not sent back.
 */
record LatestSettings(String runtime, String handler, int timeout, Map<String, String> environment, String tracing,
        String logFormat, String logGroup, Integer ephemeralStorage, List<String> layers) {

    static LatestSettings of(FunctionConfiguration latest) {
        LoggingConfig logging = latest.loggingConfig();
        return new LatestSettings(latest.runtimeAsString(), latest.handler(), latest.timeout(),
                latest.environment() == null || latest.environment().variables() == null ? Map.of() : latest.environment().variables(),
                latest.tracingConfig() == null ? null : latest.tracingConfig().modeAsString(),
                logging == null ? null : logging.logFormatAsString(), logging == null ? null : logging.logGroup(),
                latest.ephemeralStorage() == null ? null : latest.ephemeralStorage().size(),
                latest.hasLayers() ? latest.layers().stream().map(Layer::arn).toList() : List.of());
    }

    void applyTo(UpdateFunctionConfigurationRequest.Builder update) {
        update.runtime(runtime).handler(handler).timeout(timeout)
                .environment(Environment.builder().variables(environment).build())
                .tracingConfig(tracing == null ? null : TracingConfig.builder().mode(tracing).build())
                .loggingConfig(logFormat == null ? null : LoggingConfig.builder().logFormat(logFormat).logGroup(logGroup).build())
                .ephemeralStorage(ephemeralStorage == null ? null : EphemeralStorage.builder().size(ephemeralStorage).build())
                .layers(layers);
    }
}
