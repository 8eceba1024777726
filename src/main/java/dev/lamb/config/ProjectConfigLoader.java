package dev.lamb.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import dev.lamb.DidYouMean;
import dev.lamb.LambException;
import dev.lamb.lambda.LambdaRuntimes;

/**
 * Reads and validates lamb.toml. Every unknown key and bad value is an error that names the key and
 * its line, because a typo silently ignored (say `memroy = 512`) deploys the wrong thing.
 */
public final class ProjectConfigLoader {
    public static final String FILE = "lamb.toml";

    private static final Map<String, Set<String>> KEYS = Map.of(
            "", Set.of("function", "api", "deploy", "tune"),
            "function", Set.of("name", "runtime", "handler", "architecture", "memory", "timeout",
                    "log_retention_days", "log_group", "log_format", "tracing", "environment", "role"),
            "api", Set.of("stage", "routes"),
            "deploy", Set.of("alias", "keep_versions"),
            "tune", Set.of("memory", "invocations", "event"));

    /** The retention periods CloudWatch Logs accepts, in days. */
    private static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern ENV_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]+");
    private static final Set<String> RESERVED_ENV = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");
    private static final Pattern ROUTE = Pattern.compile("(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) (/[A-Za-z0-9._~{}+/-]*)");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern ALIAS = Pattern.compile("(?!\\d+$)[a-zA-Z0-9_-]{1,128}");
    private static final Pattern STAGE = Pattern.compile("[a-zA-Z0-9_]{1,128}");
    private static final Pattern MEMORY_RANGE = Pattern.compile("\\d+\\.\\.\\d+(:\\d+)?|\\d+(,\\d+)*");

    private ProjectConfigLoader() {}

    /**
     * Loads the lamb.toml of the project that {@code start} is in: the nearest folder from it up that
     * holds one, as git finds .git, so lamb works from any folder of a project. A missing file says
     * how to create one.
     */
    public static ProjectConfig load(Path start) {
        if (!Files.isDirectory(start)) {
            throw LambException.usage(start + " is not a folder: give the project folder");
        }
        Path dir = projectDir(start);
        Path file = dir.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw LambException.io("could not read " + file, e);
        }
        return parse(dir, utf8(bytes));
    }

    /** {@code start} when it holds lamb.toml, else the nearest folder above it that does. */
    private static Path projectDir(Path start) {
        if (Files.isRegularFile(start.resolve(FILE))) {
            return start;
        }
        Path absolute = start.toAbsolutePath().normalize();
        for (Path up = absolute.getParent(); up != null; up = up.getParent()) {
            if (Files.isRegularFile(up.resolve(FILE))) {
                return up;
            }
        }
        throw LambException.usage("no " + FILE + " in " + absolute + " or any folder above it: run lamb in a project "
                + "folder, or create one with 'lamb init NAME --runtime python'");
    }

    /** The text of lamb.toml; bytes that are not UTF-8 are a usage error naming their line, as TOML files are UTF-8. */
    static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw LambException.usage(String.format("%s:%d: byte 0x%02x is not UTF-8: save %s as UTF-8",
                    FILE, line, bytes[at] & 0xff, FILE));
        }
        return out.flip().toString();
    }

    static ProjectConfig parse(Path dir, String text) {
        JsonNode root;
        try {
            ObjectMapper toml = new TomlMapper();
            root = toml.readTree(text);
        } catch (JacksonException e) {
            int reported = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            TomlErrorLine.Located at = TomlErrorLine.of(text, reported, e.getOriginalMessage());
            throw LambException.usage(FILE + (at.line() > 0 ? ":" + at.line() : "") + ": not valid TOML: " + at.message());
        }
        return new Reader(text, root == null ? new TomlMapper().createObjectNode() : root).read(dir);
    }

    private static final class Reader {
        private final KeyLines lines;
        private final JsonNode root;

        Reader(String text, JsonNode root) {
            this.lines = new KeyLines(text);
            this.root = root;
        }

        ProjectConfig read(Path dir) {
            checkKeys("", root);
            JsonNode fn = table("function");
            JsonNode api = table("api");
            JsonNode deploy = table("deploy");
            JsonNode tune = table("tune");

            String name = string(fn, "function.name", null);
            if (!FunctionName.isValid(name)) {
                throw error("function.name", "'" + name + "' is not a valid function name: use " + FunctionName.RULE);
            }
            String runtime = string(fn, "function.runtime", null);
            if (!LambdaRuntimes.isKnown(runtime)) {
                throw error("function.runtime", "unknown Lambda runtime '" + runtime
                        + "': use one such as " + LambdaRuntimes.newestOf("python", "nodejs", "java", "provided"));
            }
            String architecture = string(fn, "function.architecture", Architecture.X86_64.id());
            if (Arrays.stream(Architecture.values()).noneMatch(a -> a.id().equals(architecture))) {
                throw error("function.architecture", "function.architecture must be x86_64 or arm64, not '" + architecture + "'");
            }
            int memory = integer(fn, "function.memory", 128, 128, 10240, "MB");
            int timeout = integer(fn, "function.timeout", 10, 1, 900, "seconds");
            int retention = integer(fn, "function.log_retention_days", 14, 1, 3653, "days");
            if (!RETENTION_DAYS.contains(retention)) {
                throw error("function.log_retention_days", retention + " is not a retention CloudWatch Logs accepts: use one of "
                        + RETENTION_DAYS.stream().sorted().toList());
            }
            String logFormat = string(fn, "function.log_format", "Text");
            if (!logFormat.equals("Text") && !logFormat.equals("JSON")) {
                throw error("function.log_format", "function.log_format must be \"Text\" or \"JSON\", not '" + logFormat + "'");
            }
            ProjectConfig.Function function = new ProjectConfig.Function(name, runtime,
                    string(fn, "function.handler", null), architecture, memory, timeout, retention,
                    string(fn, "function.log_group", ""), logFormat, bool(fn, "function.tracing", true),
                    environment(fn.get("environment")), string(fn, "function.role", ""));
            if (!function.role().isEmpty() && !ROLE_ARN.matcher(function.role()).matches()) {
                throw error("function.role", "'" + function.role() + "' is not an IAM role ARN such as "
                        + "arn:aws:iam::123456789012:role/my-role (or leave it out and lamb creates one)");
            }

            String stage = string(api, "api.stage", "dev");
            if (!STAGE.matcher(stage).matches()) {
                throw error("api.stage", "'" + stage + "' is not a stage name: letters, digits and _ only");
            }
            String alias = string(deploy, "deploy.alias", "live");
            if (!ALIAS.matcher(alias).matches()) {
                throw error("deploy.alias", "'" + alias + "' is not an alias name: letters, digits, - and _, not only digits");
            }
            int keepVersions = integer(deploy, "deploy.keep_versions", 5, 1, 100, "versions");
            List<ProjectConfig.Route> routes = routes(api.get("routes"));
            String tuneMemory = string(tune, "tune.memory", "128..1024");
            if (!MEMORY_RANGE.matcher(tuneMemory).matches()) {
                throw error("tune.memory", "'" + tuneMemory + "' is not a memory range: write 128..1024, 128..1024:128 or 128,256,512");
            }
            // 0: not set, so lamb tune samples each size until its mean is known (--auto).
            int invocations = integer(tune, "tune.invocations", 0, 1, 10000, "invocations");
            // "": not set, so lamb tune sends a request to the first route, as lamb invoke does.
            String tuneEvent = string(tune, "tune.event", "");
            return new ProjectConfig(dir, function, new ProjectConfig.Api(stage, routes),
                    new ProjectConfig.Deploy(alias, keepVersions), new ProjectConfig.Tune(tuneMemory, invocations, tuneEvent));
        }

        private JsonNode table(String key) {
            JsonNode node = root.get(key);
            if (node == null) {
                if (key.equals("function")) {
                    throw LambException.usage(FILE + ": missing the [function] table with name, runtime and handler");
                }
                return new TomlMapper().createObjectNode();
            }
            if (!node.isObject()) {
                throw error(key, key + " must be a table: [" + key + "]");
            }
            checkKeys(key, node);
            return node;
        }

        private void checkKeys(String table, JsonNode node) {
            Set<String> known = KEYS.get(table);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    String dotted = table.isEmpty() ? key : table + "." + key;
                    throw error(dotted, "unknown key '" + dotted + "'" + suggestion(key, known));
                }
            }
        }

        private String string(JsonNode table, String dotted, String fallback) {
            JsonNode v = table.get(leaf(dotted));
            if (v == null) {
                if (fallback == null) {
                    throw LambException.usage(FILE + ": missing '" + dotted + "'");
                }
                return fallback;
            }
            if (!v.isTextual()) {
                throw error(dotted, dotted + " must be a string in quotes");
            }
            return v.asText();
        }

        private int integer(JsonNode table, String dotted, int fallback, int min, int max, String unit) {
            JsonNode v = table.get(leaf(dotted));
            if (v == null) {
                return fallback;
            }
            // canConvertToInt first: asLong() wraps a number past 64 bits (2^64 + 512 would read as 512).
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
                throw error(dotted, dotted + " must be a whole number from " + min + " to " + max + " " + unit + ", not " + v);
            }
            return v.asInt();
        }

        private boolean bool(JsonNode table, String dotted, boolean fallback) {
            JsonNode v = table.get(leaf(dotted));
            if (v == null) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw error(dotted, dotted + " must be true or false, not " + v);
            }
            return v.asBoolean();
        }

        private Map<String, String> environment(JsonNode env) {
            Map<String, String> out = new LinkedHashMap<>();
            if (env == null) {
                return out;
            }
            if (!env.isObject()) {
                throw error("function.environment", "function.environment must be a table: [function.environment]");
            }
            for (Map.Entry<String, JsonNode> e : env.properties()) {
                String dotted = "function.environment." + e.getKey();
                if (!ENV_KEY.matcher(e.getKey()).matches()) {
                    throw error(dotted, "'" + e.getKey() + "' is not a valid variable name: a letter, then letters, digits or '_'");
                }
                if (RESERVED_ENV.contains(e.getKey())) {
                    throw error(dotted, "'" + e.getKey() + "' is reserved by Lambda and cannot be set");
                }
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw error(dotted, dotted + " must be a string, number or boolean");
                }
                out.put(e.getKey(), e.getValue().asText());
            }
            int measured = LambdaEnvironment.measuredBytes(out);
            if (measured > LambdaEnvironment.MAX_BYTES) {
                throw error("function.environment", "function.environment is " + measured + " bytes as Lambda measures it "
                        + "(the variables as one JSON object), over Lambda's 4 KB (4,096 bytes) for all of them: "
                        + "shorten or remove values, or keep large ones in SSM Parameter Store or Secrets Manager");
            }
            return out;
        }

        private List<ProjectConfig.Route> routes(JsonNode node) {
            List<ProjectConfig.Route> routes = new ArrayList<>();
            if (node == null) {
                routes.add(new ProjectConfig.Route("GET", "/hello"));
                return routes;
            }
            if (!node.isArray()) {
                throw error("api.routes", "api.routes must be a list such as [\"GET /hello\"]");
            }
            if (node.isEmpty()) {
                throw error("api.routes", "api.routes is empty, so the API would answer nothing: list a route such as "
                        + "[\"GET /hello\"], or leave the key out for GET /hello");
            }
            for (JsonNode r : node) {
                Matcher m = ROUTE.matcher(r.asText());
                if (!r.isTextual() || !m.matches()) {
                    throw error("api.routes", r + " is not a route: write \"METHOD /path\", such as \"GET /hello\"");
                }
                routes.add(new ProjectConfig.Route(m.group(1), m.group(2)));
            }
            return routes;
        }

        private LambException error(String dotted, String message) {
            int line = lines.lineOf(dotted);
            if (line == 0 && dotted.contains(".")) {
                line = lines.lineOf(dotted.substring(0, dotted.lastIndexOf('.')));
            }
            return LambException.usage(FILE + (line > 0 ? ":" + line : "") + ": " + message);
        }

        private static String leaf(String dotted) {
            return dotted.substring(dotted.lastIndexOf('.') + 1);
        }

        private static String suggestion(String key, Set<String> known) {
            return DidYouMean.closest(key, known)
                    .map(k -> " (did you mean '" + k + "'?)")
                    .orElse(": known keys are " + known.stream().sorted().toList());
        }
    }
}
