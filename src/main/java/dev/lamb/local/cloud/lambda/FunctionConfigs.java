package dev.lamb.local.cloud.lambda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.lambda.LambdaRuntimes;

/**
 * Reads a function's configuration from CreateFunction and UpdateFunctionConfiguration requests,
 * checking each field as Lambda does, and renders FunctionConfiguration as Lambda returns it.
 */
final class FunctionConfigs {
    private static final Pattern ROLE = Pattern.compile("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    private static final Pattern LAYER = Pattern.compile(
            "arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+");
    private static final Pattern ENV_KEY = Pattern.compile("[a-zA-Z]([a-zA-Z0-9_])+");
    private static final Set<String> RESERVED_ENV = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    /** Each runtime's hash in its RuntimeVersionArn, by runtime: a few runtimes, and a digest per GetFunction was a tenth of its CPU. */
    private static final Map<String, String> RUNTIME_VERSIONS = new ConcurrentHashMap<>();

    private FunctionConfigs() {}

    /** $LATEST of a new function, from Lambda's defaults and the request. */
    static FunctionVersion create(String name, JsonNode body, FunctionStore.StoredCode code, Predicate<String> roleExists,
            String lastModified, String revisionId) {
        if (!body.hasNonNull("Role")) {
            throw LambdaErrors.mustNotBeNull("role");
        }
        if (!body.hasNonNull("Runtime")) {
            throw LambdaErrors.invalid("Runtime is required for .zip deployment packages.");
        }
        FunctionVersion defaults = new FunctionVersion("$LATEST", "", null, null, null, code.sha256Base64(), code.hex(),
                code.size(), 3, 128, Map.of(), "PassThrough", List.of("x86_64"), 512, "Text", "/aws/lambda/" + name,
                null, null, lastModified, revisionId, List.of());
        return apply(defaults, body, roleExists, lastModified, revisionId);
    }

    /** $LATEST with the request's configuration changes applied; fields the request leaves out stay. */
    static FunctionVersion apply(FunctionVersion base, JsonNode body, Predicate<String> roleExists, String lastModified,
            String revisionId) {
        String role = text(body, "Role", base.role());
        if (body.hasNonNull("Role")) {
            if (!ROLE.matcher(role).matches()) {
                throw LambdaErrors.validation(role, "role", "Member must satisfy regular expression pattern: "
                        + "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
            }
            if (!roleExists.test(role)) {
                throw LambdaErrors.invalid("The role defined for the function cannot be assumed by Lambda.");
            }
        }
        String runtime = text(body, "Runtime", base.runtime());
        if (!LambdaRuntimes.isKnown(runtime)) {
            throw LambdaErrors.invalid("Value " + runtime + " at 'runtime' failed to satisfy constraint: Member must "
                    + "satisfy enum value set: " + LambdaRuntimes.ids()
                    + " or be a valid ARN");
        }
        String handler = text(body, "Handler", base.handler());
        if (handler == null && !runtime.startsWith("provided")) {
            throw LambdaErrors.invalid("Handler is required for .zip deployment packages.");
        }
        if (handler != null && (handler.length() > 128 || !handler.matches("[^\\s]+"))) {
            throw LambdaErrors.validation(handler, "handler", "Member must satisfy regular expression pattern: [^\\s]+");
        }
        String description = text(body, "Description", base.description());
        if (description.length() > 256) {
            throw LambdaErrors.validation(description, "description", "Member must have length less than or equal to 256");
        }
        int timeout = range(body, "Timeout", "timeout", base.timeout(), 1, 900);
        int memory = range(body, "MemorySize", "memorySize", base.memorySize(), 128, 10240);
        int storage = body.path("EphemeralStorage").hasNonNull("Size")
                ? range(body.get("EphemeralStorage"), "Size", "ephemeralStorage.size", base.ephemeralStorage(), 512, 10240)
                : base.ephemeralStorage();
        Map<String, String> environment = body.has("Environment") ? environment(body.get("Environment")) : base.environment();
        String tracing = text(body.path("TracingConfig"), "Mode", base.tracingMode());
        if (!tracing.equals("Active") && !tracing.equals("PassThrough")) {
            throw LambdaErrors.validation(tracing, "tracingConfig.mode", "Member must satisfy enum value set: [Active, PassThrough]");
        }
        List<String> architectures = base.architectures();
        if (body.has("Architectures")) {
            architectures = new ArrayList<>();
            for (JsonNode a : body.get("Architectures")) {
                architectures.add(a.asText());
            }
            if (architectures.size() != 1 || !List.of("x86_64", "arm64").contains(architectures.get(0))) {
                throw LambdaErrors.validation(String.valueOf(architectures), "architectures",
                        "Member must have length less than or equal to 1, Member must satisfy enum value set: [x86_64, arm64]");
            }
        }
        JsonNode logging = body.path("LoggingConfig");
        String logFormat = text(logging, "LogFormat", base.logFormat());
        if (!logFormat.equals("Text") && !logFormat.equals("JSON")) {
            throw LambdaErrors.validation(logFormat, "loggingConfig.logFormat", "Member must satisfy enum value set: [JSON, Text]");
        }
        String appLevel = text(logging, "ApplicationLogLevel", base.applicationLogLevel());
        String systemLevel = text(logging, "SystemLogLevel", base.systemLogLevel());
        if (logFormat.equals("Text") && (logging.hasNonNull("ApplicationLogLevel") || logging.hasNonNull("SystemLogLevel"))) {
            throw LambdaErrors.invalid("LogLevel is not supported when LogFormat is set to \"Text\". Remove LogLevel from "
                    + "your request or change the LogFormat to \"JSON\" and try again.");
        }
        if (logFormat.equals("JSON")) {
            appLevel = appLevel == null ? "INFO" : appLevel;
            systemLevel = systemLevel == null ? "INFO" : systemLevel;
        } else {
            appLevel = null;
            systemLevel = null;
        }
        String logGroup = text(logging, "LogGroup", base.logGroup());
        return new FunctionVersion("$LATEST", description, runtime, handler, role, base.codeSha256(), base.codeHex(),
                base.codeSize(), timeout, memory, environment, tracing, architectures, storage, logFormat, logGroup,
                appLevel, systemLevel, lastModified, revisionId, body.has("Layers") ? layers(body.get("Layers")) : base.layers());
    }

    /**
     * Layers, as the service model constrains them: at most 5 layer version ARNs. The local cloud has no layers of
     * its own, so it records the ARNs (GetFunction shows them) without finding the layers.
     */
    private static List<String> layers(JsonNode layers) {
        List<String> arns = new ArrayList<>();
        layers.forEach(l -> arns.add(l.asText()));
        if (arns.size() > 5) {
            throw LambdaErrors.validation(String.valueOf(arns), "layers", "Member must have length less than or equal to 5");
        }
        for (String arn : arns) {
            if (!LAYER.matcher(arn).matches()) {
                throw LambdaErrors.validation(String.valueOf(arns), "layers", "Member must satisfy constraint: [Member must "
                        + "have length less than or equal to 140, Member must have length greater than or equal to 1, "
                        + "Member must satisfy regular expression pattern: " + LAYER.pattern() + "]");
            }
        }
        return arns;
    }

    private static Map<String, String> environment(JsonNode env) {
        JsonNode variables = env.path("Variables");
        // A value of the wrong type is refused as a whole: read leniently, it would wipe the environment.
        if (!env.isObject() || !variables.isMissingNode() && !variables.isNull() && !variables.isObject()) {
            throw LambdaErrors.invalid("Environment must be an object whose Variables are an object of names to string "
                    + "values, such as {\"Variables\": {\"STAGE\": \"dev\"}}.");
        }
        Map<String, String> vars = new LinkedHashMap<>();
        variables.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw LambdaErrors.invalid("The environment variable " + e.getKey() + " must have a string value.");
            }
            vars.put(e.getKey(), e.getValue().asText());
        });
        List<String> reserved = vars.keySet().stream().filter(RESERVED_ENV::contains).toList();
        if (!reserved.isEmpty()) {
            throw LambdaErrors.invalid("Lambda was unable to configure your environment variables because the environment "
                    + "variables you have provided contains reserved keys that are currently not supported for modification. "
                    + "Reserved keys used in this request: " + String.join(", ", reserved));
        }
        for (String key : vars.keySet()) {
            if (!ENV_KEY.matcher(key).matches()) {
                throw LambdaErrors.validation(key, "environment.variables",
                        "Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+");
            }
        }
        int size = vars.entrySet().stream()
                .mapToInt(e -> (e.getKey() + e.getValue()).getBytes(StandardCharsets.UTF_8).length).sum();
        if (size > 4096) {
            throw LambdaErrors.invalid("Lambda was unable to configure your environment variables because the environment "
                    + "variables you have provided exceeded the 4KB limit. String measured: " + size);
        }
        return vars;
    }

    private static String text(JsonNode node, String field, String fallback) {
        return node.hasNonNull(field) ? node.get(field).asText() : fallback;
    }

    private static int range(JsonNode node, String field, String member, int fallback, int min, int max) {
        if (!node.hasNonNull(field)) {
            return fallback;
        }
        long value = node.get(field).asLong();
        if (value > max) {
            throw LambdaErrors.validation(String.valueOf(value), member, "Member must have value less than or equal to " + max);
        }
        if (value < min) {
            throw LambdaErrors.validation(String.valueOf(value), member, "Member must have value greater than or equal to " + min);
        }
        return (int) value;
    }

    /** FunctionConfiguration as Lambda renders it; state fields only where Lambda shows them. */
    static Map<String, Object> render(FunctionState fn, FunctionVersion v, boolean qualifiedArn, boolean withState, long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("FunctionName", fn.name);
        out.put("FunctionArn", qualifiedArn ? fn.arn() + ":" + v.version() : fn.arn());
        out.put("Runtime", v.runtime());
        out.put("Role", v.role());
        if (v.handler() != null) {
            out.put("Handler", v.handler());
        }
        out.put("CodeSize", v.codeSize());
        out.put("Description", v.description());
        out.put("Timeout", v.timeout());
        out.put("MemorySize", v.memorySize());
        out.put("LastModified", v.lastModified());
        out.put("CodeSha256", v.codeSha256());
        out.put("Version", v.version());
        out.put("Environment", Map.of("Variables", v.environment()));
        out.put("TracingConfig", Map.of("Mode", v.tracingMode()));
        out.put("RevisionId", v.revisionId());
        out.put("PackageType", "Zip");
        out.put("Architectures", v.architectures());
        out.put("EphemeralStorage", Map.of("Size", v.ephemeralStorage()));
        if (!v.layers().isEmpty()) {
            out.put("Layers", v.layers().stream().map(arn -> Map.of("Arn", arn, "CodeSize", 0)).toList());
        }
        out.put("SnapStart", Map.of("ApplyOn", "None", "OptimizationStatus", "Off"));
        out.put("RuntimeVersionConfig", Map.of("RuntimeVersionArn",
                "arn:aws:lambda:" + fn.region + "::runtime:" + RUNTIME_VERSIONS.computeIfAbsent(v.runtime(), FunctionStore::sha256Hex)));
        Map<String, Object> logging = new LinkedHashMap<>();
        logging.put("LogFormat", v.logFormat());
        if (v.applicationLogLevel() != null) {
            logging.put("ApplicationLogLevel", v.applicationLogLevel());
            logging.put("SystemLogLevel", v.systemLogLevel());
        }
        logging.put("LogGroup", v.logGroup());
        out.put("LoggingConfig", logging);
        if (withState) {
            boolean latest = v.version().equals("$LATEST");
            if (latest && fn.pending(now)) {
                out.put("State", "Pending");
                out.put("StateReason", "The function is being created.");
                out.put("StateReasonCode", "Creating");
            } else {
                out.put("State", "Active");
                if (latest && fn.updating(now)) {
                    out.put("LastUpdateStatus", "InProgress");
                    out.put("LastUpdateStatusReason", "The function is being created.");
                    out.put("LastUpdateStatusReasonCode", "Creating");
                } else {
                    out.put("LastUpdateStatus", "Successful");
                }
            }
        }
        return out;
    }
}
