package dev.lamb.local.cloud.lambda;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The function URL configuration operations (Create/Get/Update/Delete/ListFunctionUrlConfig(s)), one configuration
 * per function and qualifier. The URL has Lambda's shape with the local cloud's port:
 * {@code http://<url-id>.lambda-url.<region>.localhost:<port>/}.
 */
final class FunctionUrls {
    // The service model's FunctionUrlQualifier: an alias name, never a version number.
    private static final Pattern QUALIFIER = Pattern.compile("(?!^\\d+$)^[0-9a-zA-Z-_]+$");
    private static final List<String> AUTH_TYPES = List.of("NONE", "AWS_IAM");
    private static final List<String> INVOKE_MODES = List.of("BUFFERED", "RESPONSE_STREAM");
    private static final String ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Functions functions;
    private volatile int port = 80;

    FunctionUrls(Functions functions) {
        this.functions = functions;
    }

    /** The local cloud's endpoint, whose port the URLs carry. */
    void servedAt(String endpoint) {
        int p = URI.create(endpoint).getPort();
        port = p == -1 ? 80 : p;
    }

    /** The function (with the alias, if any) a URL id serves, how callers of the URL authenticate, and how it answers. */
    record Target(FunctionRef function, String authType, Map<String, Object> cors, String invokeMode) {}

    Optional<Target> target(String urlId) {
        return functions.readAll(all -> all.stream().flatMap(fn -> fn.urls.entrySet().stream()
                .filter(e -> e.getValue().urlId().equals(urlId))
                .map(e -> new Target(new FunctionRef(fn.name, e.getKey().isEmpty() ? null : e.getKey()), e.getValue().authType(),
                        e.getValue().cors(), e.getValue().invokeMode())))
                .findFirst());
    }

    Map<String, Object> create(FunctionRef ref, JsonNode body) {
        String qualifier = qualifier(ref);
        String authType = authType(body.path("AuthType").asText(null));
        String invokeMode = invokeMode(body.path("InvokeMode").asText("BUFFERED"));
        Map<String, Object> cors = cors(body.get("Cors"));
        return functions.change(ref, fn -> {
            String arn = arn(fn, qualifier);
            if (fn.urls.containsKey(qualifier)) {
                throw LambdaErrors.conflict("Failed to create function url config for [functionArn = " + arn
                        + "]. Error message:  FunctionUrlConfig exists for this Lambda function");
            }
            String now = now();
            FunctionUrl url = new FunctionUrl(urlId(), authType, cors, invokeMode, now, now);
            fn.urls.put(qualifier, url);
            Map<String, Object> out = render(fn, qualifier, url);
            out.remove("LastModifiedTime");
            return out;
        });
    }

    Map<String, Object> get(FunctionRef ref) {
        String qualifier = qualifier(ref);
        return functions.read(ref, fn -> render(fn, qualifier, existing(fn, qualifier)));
    }

    Map<String, Object> update(FunctionRef ref, JsonNode body) {
        String qualifier = qualifier(ref);
        String authType = body.hasNonNull("AuthType") ? authType(body.get("AuthType").asText()) : null;
        String invokeMode = body.hasNonNull("InvokeMode") ? invokeMode(body.get("InvokeMode").asText()) : null;
        Map<String, Object> cors = cors(body.get("Cors"));
        return functions.change(ref, fn -> {
            FunctionUrl old = existing(fn, qualifier);
            FunctionUrl url = new FunctionUrl(old.urlId(), authType == null ? old.authType() : authType,
                    body.has("Cors") ? cors : old.cors(), invokeMode == null ? old.invokeMode() : invokeMode,
                    old.creationTime(), now());
            fn.urls.put(qualifier, url);
            return render(fn, qualifier, url);
        });
    }

    void delete(FunctionRef ref) {
        String qualifier = qualifier(ref);
        functions.change(ref, fn -> {
            existing(fn, qualifier);
            return fn.urls.remove(qualifier);
        });
    }

    Map<String, Object> list(FunctionRef ref, String marker, String maxItems) {
        return functions.read(ref, fn -> ListPage.of(fn.urls.entrySet().stream()
                .map(e -> new ListPage.Keyed(e.getKey(), render(fn, e.getKey(), e.getValue()))).toList(),
                marker, maxItems, ListPage.MOST_PER_PAGE, "FunctionUrlConfigs"));
    }

    /** "" for the unqualified function, else the alias the Qualifier names (it must exist when used). */
    private static String qualifier(FunctionRef ref) {
        String q = ref.qualifier();
        if (q == null) {
            return "";
        }
        if (q.length() > 128 || !QUALIFIER.matcher(q).matches()) {
            throw LambdaErrors.validation(q, "qualifier", "Member must satisfy regular expression pattern: " + QUALIFIER.pattern());
        }
        return q;
    }

    private static String authType(String value) {
        if (value == null) {
            throw LambdaErrors.mustNotBeNull("authType");
        }
        if (!AUTH_TYPES.contains(value)) {
            throw LambdaErrors.validation(value, "authType", "Member must satisfy enum value set: " + AUTH_TYPES);
        }
        return value;
    }

    private static String invokeMode(String value) {
        if (!INVOKE_MODES.contains(value)) {
            throw LambdaErrors.validation(value, "invokeMode", "Member must satisfy enum value set: " + INVOKE_MODES);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cors(JsonNode cors) {
        if (cors == null || cors.isNull()) {
            return null;
        }
        if (!cors.isObject()) {
            throw LambdaErrors.invalid("Cors must be an object with AllowCredentials, AllowHeaders, AllowMethods, "
                    + "AllowOrigins, ExposeHeaders and MaxAge.");
        }
        JsonNode maxAge = cors.get("MaxAge");
        if (maxAge != null && (!maxAge.canConvertToInt() || maxAge.asInt() < 0 || maxAge.asInt() > 86400)) {
            throw LambdaErrors.validation(maxAge.asText(), "cors.maxAge", "Member must have value between 0 and 86400");
        }
        return JSON.convertValue(cors, Map.class);
    }

    private static FunctionUrl existing(FunctionState fn, String qualifier) {
        if (!fn.aliases.containsKey(qualifier) && !qualifier.isEmpty()) {
            throw LambdaErrors.functionNotFound(fn.arn() + ":" + qualifier);
        }
        FunctionUrl url = fn.urls.get(qualifier);
        if (url == null) {
            throw LambdaErrors.notFound("The resource you requested does not exist.");
        }
        return url;
    }

    private Map<String, Object> render(FunctionState fn, String qualifier, FunctionUrl url) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("FunctionUrl", "http://" + url.urlId() + ".lambda-url." + fn.region + ".localhost:" + port + "/");
        out.put("FunctionArn", arn(fn, qualifier));
        out.put("AuthType", url.authType());
        if (url.cors() != null) {
            out.put("Cors", url.cors());
        }
        out.put("CreationTime", url.creationTime());
        out.put("LastModifiedTime", url.lastModifiedTime());
        out.put("InvokeMode", url.invokeMode());
        return out;
    }

    /** The function's ARN with the alias, which must exist. */
    private static String arn(FunctionState fn, String qualifier) {
        if (qualifier.isEmpty()) {
            return fn.arn();
        }
        if (!fn.aliases.containsKey(qualifier)) {
            throw LambdaErrors.functionNotFound(fn.arn() + ":" + qualifier);
        }
        return fn.arn() + ":" + qualifier;
    }

    /** Lambda's URL ids: 32 lowercase letters and digits. */
    private static String urlId() {
        StringBuilder id = new StringBuilder();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 32; i++) {
            id.append(ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
    }
}
