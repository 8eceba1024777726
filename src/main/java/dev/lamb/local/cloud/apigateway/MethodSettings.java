package dev.lamb.local.cloud.apigateway;

import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.badRequest;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stage's method settings as UpdateStage patches them: {@code /<resource path>/<HTTP method>/<setting>},
 * the resource path without its leading slash (its slashes as they are or as {@code ~1}), or {@code *} with
 * {@code *} for every method, kept under {@code <resource path>/<HTTP method>} as Terraform's
 * {@code method_path} reads them; the settings are those the API Gateway reference lists for UpdateStage.
 * The first setting made for a method starts from API Gateway's defaults (the service model's MethodSetting
 * members).
 */
final class MethodSettings {
    /** The setting's path under the method, and the MethodSetting member and kind it sets. */
    private record Setting(String member, PatchRules.Kind kind) {}

    private static final Map<String, Setting> SETTINGS = Map.of(
            "metrics/enabled", new Setting("metricsEnabled", PatchRules.Kind.BOOLEAN),
            "logging/loglevel", new Setting("loggingLevel", PatchRules.Kind.TEXT),
            "logging/dataTrace", new Setting("dataTraceEnabled", PatchRules.Kind.BOOLEAN),
            "throttling/burstLimit", new Setting("throttlingBurstLimit", PatchRules.Kind.INTEGER),
            "throttling/rateLimit", new Setting("throttlingRateLimit", PatchRules.Kind.NUMBER),
            "caching/enabled", new Setting("cachingEnabled", PatchRules.Kind.BOOLEAN),
            "caching/ttlInSeconds", new Setting("cacheTtlInSeconds", PatchRules.Kind.INTEGER),
            "caching/dataEncrypted", new Setting("cacheDataEncrypted", PatchRules.Kind.BOOLEAN),
            "caching/requireAuthorizationForCacheControl",
                    new Setting("requireAuthorizationForCacheControl", PatchRules.Kind.BOOLEAN),
            "caching/unauthorizedCacheControlHeaderStrategy",
                    new Setting("unauthorizedCacheControlHeaderStrategy", PatchRules.Kind.TEXT));

    private static final Set<String> LOG_LEVELS = Set.of("OFF", "ERROR", "INFO");

    private MethodSettings() {}

    /** Applies a method-setting operation to a stage's JSON form; false when the path names none. */
    static boolean patch(ObjectNode stage, PatchRules.Operation operation) {
        // <resource path>/<method>/<group>/<setting>: the resource path may hold slashes itself (Terraform sends them
        // unescaped), so the method and the setting are read from the end.
        String[] parts = operation.path().substring(1).split("/");
        if (parts.length < 4) {
            return false;
        }
        Setting setting = SETTINGS.get(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
        if (setting == null) {
            return false;
        }
        if (!operation.op().equals("replace")) {
            throw PatchRules.invalidPath(operation);
        }
        if (setting.member().equals("loggingLevel") && !LOG_LEVELS.contains(operation.value())) {
            throw badRequest("Invalid logging level " + operation.value() + ": must be one of OFF, ERROR, INFO");
        }
        String key = PatchRules.unescape(String.join("/", Arrays.copyOfRange(parts, 0, parts.length - 2)));
        ObjectNode settings = stage.path("methodSettings").isObject() ? (ObjectNode) stage.get("methodSettings")
                : stage.putObject("methodSettings");
        ObjectNode method = settings.path(key).isObject() ? (ObjectNode) settings.get(key) : defaults(settings.putObject(key));
        method.set(setting.member(), PatchRules.value(setting.kind(), operation));
        return true;
    }

    private static ObjectNode defaults(ObjectNode method) {
        return method.put("metricsEnabled", false).put("loggingLevel", "OFF").put("dataTraceEnabled", false)
                .put("throttlingBurstLimit", 5000).put("throttlingRateLimit", 10000.0).put("cachingEnabled", false)
                .put("cacheTtlInSeconds", 300).put("cacheDataEncrypted", false).put("requireAuthorizationForCacheControl", true)
                .put("unauthorizedCacheControlHeaderStrategy", "SUCCEED_WITH_RESPONSE_HEADER");
    }
}
