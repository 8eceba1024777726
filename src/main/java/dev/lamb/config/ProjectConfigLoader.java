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
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.lamb.DidYouMean;
import dev.lamb.LambException;
import dev.lamb.lambda.DestinationKind;
import dev.lamb.lambda.LambdaRuntimes;

/**
 * Reads and validates lamb.toml. Every unknown key and bad value is an error that names the key and
 * its line, because a typo silently ignored (say `memroy = 512`) deploys the wrong thing.
 */
public final class ProjectConfigLoader {
    public static final String FILE = "lamb.toml";

    /** The keys a [stage.NAME] table may set over [function]'s: those a published version or an alias holds. */
    private static final Set<String> STAGE_KEYS = Set.of("memory", "timeout", "environment", "description",
            "ephemeral_storage", "tracing", "layers", "provisioned_concurrency", "async", "url", "secrets");
    /** The keys of [function] that belong to its role, which every stage shares. */
    private static final Set<String> ROLE_KEYS = Set.of("role", "permissions", "policies");
    /** The keys of a [stage.NAME] table: the function settings above, and the stage's [stage.NAME.alarms]. */
    private static final Set<String> STAGE_TABLE_KEYS = union(STAGE_KEYS, Set.of("alarms"));
    private static final Set<String> ASYNC_KEYS = Set.of("max_retries", "max_event_age", "on_failure", "on_success");
    private static final Set<String> URL_KEYS = Set.of("auth", "cors", "invoke_mode");
    private static final Set<String> ALARM_KEYS = Set.of("enabled", "error_rate", "throttles", "p99_of_timeout",
            "concurrency_of_reserved", "notify");
    private static final Set<String> PERMISSION_KEYS = Set.of("effect", "actions", "resources", "policy");
    private static final Set<String> CORS_KEYS = Set.of("origins", "methods", "headers", "expose_headers", "max_age",
            "allow_credentials");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "", Set.of("function", "api", "deploy", "tune", "url", "alarms", "stage"),
            "function", Set.of("name", "runtime", "handler", "architecture", "memory", "timeout",
                    "log_retention_days", "log_group", "log_format", "tracing", "environment", "role", "description",
                    "ephemeral_storage", "layers", "reserved_concurrency", "provisioned_concurrency", "async", "secrets",
                    "permissions", "policies"),
            "api", Set.of("stage", "routes"),
            "deploy", Set.of("alias", "keep_versions", "bucket"),
            "tune", Set.of("memory", "invocations", "event"));

    /** The retention periods CloudWatch Logs accepts, in days. */
    private static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    /** Lambda's rule for a variable's name: a letter, then one or more letters, digits or '_'. */
    private static final Pattern ENV_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]+");
    private static final String ENV_KEY_RULE = "a letter, then at least one more letter, digit or '_'";
    private static final Set<String> RESERVED_ENV = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");
    private static final Pattern ROUTE = Pattern.compile("(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) (/[A-Za-z0-9._~{}+/-]*)");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern ALIAS = Pattern.compile("(?!\\d+$)[a-zA-Z0-9_-]{1,128}");
    private static final Pattern LAYER_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:layer:[a-zA-Z0-9_-]+:\\d+");
    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[a-zA-Z0-9_-]{1,256}");
    private static final Pattern POLICY_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/[\\w+=,.@/-]{1,512}");
    /** An IAM action, as a policy writes it: service:Action, with * and ? wildcards, or * alone. */
    private static final Pattern ACTION = Pattern.compile("\\*|[a-z0-9-]+:[A-Za-z0-9*?]+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern MEMORY_RANGE = Pattern.compile("\\d+\\.\\.\\d+(:\\d+)?|\\d+(,\\d+)*");

    private ProjectConfigLoader() {}

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

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

    /** {@code start} when it holds lamb.toml, else the nearest folder above it that does; empty when none does. */
    public static Optional<Path> find(Path start) {
        if (Files.isRegularFile(start.resolve(FILE))) {
            return Optional.of(start);
        }
        for (Path up = start.toAbsolutePath().normalize().getParent(); up != null; up = up.getParent()) {
            if (Files.isRegularFile(up.resolve(FILE))) {
                return Optional.of(up);
            }
        }
        return Optional.empty();
    }

    private static Path projectDir(Path start) {
        Path absolute = start.toAbsolutePath().normalize();
        return find(start).orElseThrow(() -> LambException.usage("no " + FILE + " in " + absolute + " or any folder above it: "
                + "run lamb in a project folder, or create one with 'lamb init NAME --runtime python'"));
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
            root = TomlTree.read(text);
        } catch (JacksonException e) {
            int reported = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            TomlErrorLine.Located at = TomlErrorLine.of(text, reported, e.getOriginalMessage());
            throw LambException.usage(FILE + (at.line() > 0 ? ":" + at.line() : "") + ": not valid TOML: " + at.message());
        }
        return new Reader(text, root).read(dir);
    }

    private static final class Reader {
        private final KeyLines lines;
        private final JsonNode root;

        Reader(String text, JsonNode root) {
            this.lines = new KeyLines(text);
            this.root = root;
        }

        ProjectConfig read(Path dir) {
            checkKeys("", root, KEYS.get(""));
            LayeredTable fn = table("function");
            LayeredTable api = table("api");
            LayeredTable deploy = table("deploy");
            LayeredTable tune = table("tune");

            ProjectConfig.Function function = function(fn, url(LayeredTable.of(root.get("url"), "url")));
            String stage = string(api, "stage", StageName.DEFAULT);
            if (!StageName.isValid(stage)) {
                throw error(api.dotted("stage"), "'" + stage + "' is not a stage name: " + StageName.RULE);
            }
            String alias = string(deploy, "alias", "live");
            if (!ALIAS.matcher(alias).matches()) {
                throw error("deploy.alias", "'" + alias + "' is not an alias name: letters, digits, - and _, not only digits");
            }
            int keepVersions = integer(deploy, "keep_versions", 5, 1, 100, "versions");
            String bucket = string(deploy, "bucket", "");
            if (!bucket.isEmpty() && !BUCKET.matcher(bucket).matches()) {
                throw error("deploy.bucket", "'" + bucket + "' is not an S3 bucket name: 3 to 63 lowercase letters, "
                        + "digits, . and -, starting and ending with a letter or digit");
            }
            List<ProjectConfig.Route> routes = routes(api.get("routes"));
            String tuneMemory = string(tune, "memory", "128..1024");
            if (!MEMORY_RANGE.matcher(tuneMemory).matches()) {
                throw error("tune.memory", "'" + tuneMemory + "' is not a memory range: write 128..1024, 128..1024:128 or 128,256,512");
            }
            // 0: not set, so lamb tune samples each size until its mean is known (--auto).
            int invocations = integer(tune, "invocations", 0, 1, 10000, "invocations");
            // "": not set, so lamb tune sends a request to the first route, as lamb invoke does.
            String tuneEvent = string(tune, "event", "");
            AlarmSettings alarms = alarms(LayeredTable.of(root.get("alarms"), "alarms"));
            ProjectConfig.Stages stages = new ProjectConfig.Stages(stage, function, stages(fn), alarms, stageAlarms());
            return new ProjectConfig(dir, stages.of(stage), new ProjectConfig.Api(stage, routes),
                    new ProjectConfig.Deploy(alias, keepVersions, bucket), new ProjectConfig.Tune(tuneMemory, invocations, tuneEvent),
                    stages.alarmsOf(stage), stages);
        }

        /** Each [stage.NAME] table's function settings: [function]'s, overridden key by key by the stage's. */
        private Map<String, ProjectConfig.Function> stages(LayeredTable fn) {
            Map<String, ProjectConfig.Function> stages = new LinkedHashMap<>();
            JsonNode all = root.get("stage");
            if (all == null) {
                return stages;
            }
            if (!all.isObject()) {
                throw error("stage", "stage must be tables, one per stage: [stage.prod]");
            }
            for (Map.Entry<String, JsonNode> e : all.properties()) {
                String prefix = "stage." + e.getKey();
                if (!StageName.isValid(e.getKey())) {
                    throw error(prefix, "'" + e.getKey() + "' is not a stage name: " + StageName.RULE);
                }
                JsonNode over = e.getValue();
                if (!over.isObject()) {
                    throw error(prefix, prefix + " must be a table: [" + prefix + "]");
                }
                if (over.has("reserved_concurrency")) {
                    throw error(prefix + ".reserved_concurrency", "reserved concurrency belongs to the function, which every "
                            + "stage shares: set reserved_concurrency in [function], or provisioned_concurrency per stage");
                }
                for (String key : ROLE_KEYS) {
                    if (over.has(key)) {
                        throw error(prefix + "." + key, prefix + "." + key + ": the execution role and what it may do belong to "
                                + "the function, which every stage shares: set " + key + " in [function]");
                    }
                }
                checkKeys(prefix, over, STAGE_TABLE_KEYS);
                LayeredTable layered = new LayeredTable(fn.base(), "function", over, prefix);
                LayeredTable url = new LayeredTable(root.get("url"), "url", over.get("url"), prefix + ".url");
                stages.put(e.getKey(), function(layered, url(url)));
            }
            return stages;
        }

        private ProjectConfig.Function function(LayeredTable fn, Optional<UrlSettings> url) {
            String name = string(fn, "name", null);
            if (!FunctionName.isValid(name)) {
                throw error(fn.dotted("name"), "'" + name + "' is not a valid function name: use " + FunctionName.RULE);
            }
            String runtime = string(fn, "runtime", null);
            if (!LambdaRuntimes.isKnown(runtime)) {
                throw error(fn.dotted("runtime"), "unknown Lambda runtime '" + runtime
                        + "': use one such as " + LambdaRuntimes.newestOf("python", "nodejs", "java", "provided"));
            }
            String architecture = string(fn, "architecture", Architecture.X86_64.id());
            if (Arrays.stream(Architecture.values()).noneMatch(a -> a.id().equals(architecture))) {
                throw error(fn.dotted("architecture"), "function.architecture must be x86_64 or arm64, not '" + architecture + "'");
            }
            int memory = integer(fn, "memory", 128, 128, 10240, "MB");
            int timeout = integer(fn, "timeout", 10, 1, 900, "seconds");
            int retention = integer(fn, "log_retention_days", 14, 1, 3653, "days");
            if (!RETENTION_DAYS.contains(retention)) {
                throw error(fn.dotted("log_retention_days"), retention + " is not a retention CloudWatch Logs accepts: use one of "
                        + RETENTION_DAYS.stream().sorted().toList());
            }
            String logFormat = string(fn, "log_format", "Text");
            if (!logFormat.equals("Text") && !logFormat.equals("JSON")) {
                throw error(fn.dotted("log_format"), "function.log_format must be \"Text\" or \"JSON\", not '" + logFormat + "'");
            }
            String role = string(fn, "role", "");
            if (!role.isEmpty() && !ROLE_ARN.matcher(role).matches()) {
                throw error(fn.dotted("role"), "'" + role + "' is not an IAM role ARN such as "
                        + "arn:aws:iam::123456789012:role/my-role (or leave it out and lamb creates one)");
            }
            String description = string(fn, "description", "");
            if (description.length() > 256) {
                throw error(fn.dotted("description"), fn.dotted("description") + " is " + description.length()
                        + " characters, over Lambda's 256: shorten it");
            }
            JsonNode reserved = fn.get("reserved_concurrency");
            return new ProjectConfig.Function(name, runtime, string(fn, "handler", null), architecture, memory, timeout,
                    retention, string(fn, "log_group", ""), logFormat, bool(fn, "tracing", true),
                    environment(fn.child("environment")), role, description,
                    fn.get("ephemeral_storage") == null ? OptionalInt.empty()
                            : OptionalInt.of(integer(fn, "ephemeral_storage", 512, 512, 10240, "MB")), layers(fn),
                    reserved == null ? OptionalInt.empty()
                            : OptionalInt.of(integer(fn, "reserved_concurrency", 0, 0, 1_000_000, "concurrent executions")),
                    integer(fn, "provisioned_concurrency", 0, 0, 1_000_000, "concurrent executions"),
                    async(fn.child("async")), url, secrets(fn.child("secrets"), fn.child("environment")), permissions(fn));
        }

        /** [function.secrets] with [stage.NAME.secrets] over it: names the function uses, each to a reference. */
        private Map<String, SecretReference> secrets(LayeredTable secrets, LayeredTable env) {
            Map<String, SecretReference> out = new LinkedHashMap<>();
            if (!secrets.isSet()) {
                return out;
            }
            checkTables(secrets);
            for (String name : secrets.keys()) {
                String dotted = secrets.dotted(name);
                JsonNode value = secrets.get(name);
                if (!ENV_KEY.matcher(name).matches()) {
                    throw error(dotted, "'" + name + "' is not a secret name lamb can pass on: " + ENV_KEY_RULE + " "
                            + "(the function finds it as " + SecretReference.variable("NAME") + ")");
                }
                Optional<SecretReference> reference = value.isTextual() ? SecretReference.parse(value.asText()) : Optional.empty();
                if (reference.isEmpty()) {
                    // The value is not echoed: someone may have pasted the secret itself here.
                    throw error(dotted, dotted + " must be a reference, " + SecretReference.FORMS + ", never the value: store the "
                            + "value with 'lamb secrets set " + name + "' and write \"secretsmanager:" + name + "\"");
                }
                for (String variable : List.of(name, SecretReference.variable(name))) {
                    if (env.get(variable) != null) {
                        throw error(env.dotted(variable), env.dotted(variable) + " is also set by " + dotted + ": remove it from the "
                                + "environment (the function finds the secret through " + SecretReference.variable(name) + ")");
                    }
                }
                out.put(name, reference.get());
            }
            return out;
        }

        /** [[function.permissions]] statements (or { policy = ARN } entries) and function.policies, as given. */
        private Permissions permissions(LayeredTable fn) {
            List<Permissions.Statement> statements = new ArrayList<>();
            List<String> policies = new ArrayList<>(strings(fn, "policies"));
            JsonNode all = fn.get("permissions");
            if (all != null && !all.isArray()) {
                throw error("function.permissions", "function.permissions must be statements, each a [[function.permissions]] "
                        + "table with actions and resources, such as actions = [\"s3:GetObject\"]");
            }
            for (int i = 0; all != null && i < all.size(); i++) {
                String prefix = "function.permissions." + i;
                String label = "[[function.permissions]] #" + (i + 1);
                if (!all.get(i).isObject()) {
                    throw error(prefix, label + " must be a table with actions and resources");
                }
                LayeredTable entry = LayeredTable.of(all.get(i), prefix);
                checkKeys(prefix, all.get(i), PERMISSION_KEYS);
                if (entry.get("policy") != null) {
                    if (all.get(i).size() > 1) {
                        throw error(prefix + ".policy", label + " names a managed policy: give it alone, without actions or resources");
                    }
                    policies.add(string(entry, "policy", null));
                    continue;
                }
                List<String> actions = strings(entry, "actions");
                List<String> resources = strings(entry, "resources");
                if (actions.isEmpty() || resources.isEmpty()) {
                    throw error(prefix, label + " needs actions and resources, such as actions = [\"s3:GetObject\"] and "
                            + "resources = [\"arn:aws:s3:::my-bucket/*\"] (or policy = \"arn:aws:iam::aws:policy/...\")");
                }
                actions.stream().filter(a -> !ACTION.matcher(a).matches()).findFirst().ifPresent(a -> {
                    throw error(prefix + ".actions", label + ": '" + a + "' is not an IAM action such as \"s3:GetObject\"");
                });
                resources.stream().filter(r -> !r.equals("*") && !r.startsWith("arn:")).findFirst().ifPresent(r -> {
                    throw error(prefix + ".resources", label + ": '" + r + "' is not a resource ARN such as "
                            + "\"arn:aws:s3:::my-bucket/*\"");
                });
                statements.add(new Permissions.Statement(oneOf(entry, "effect", "Allow", "Allow", "Deny"), actions, resources));
            }
            for (String arn : policies) {
                if (!POLICY_ARN.matcher(arn).matches()) {
                    throw error("function.policies", "'" + arn + "' is not a managed policy ARN such as "
                            + "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
                }
            }
            return statements.isEmpty() && policies.isEmpty() ? Permissions.NONE
                    : new Permissions(List.copyOf(statements), List.copyOf(policies));
        }

        private Optional<List<String>> layers(LayeredTable fn) {
            if (fn.get("layers") == null) {
                return Optional.empty();
            }
            List<String> arns = strings(fn, "layers");
            // Lambda's limit: a function uses at most five layers.
            if (arns.size() > 5) {
                throw error(fn.dotted("layers"), fn.dotted("layers") + " lists " + arns.size() + " layers, over Lambda's 5 per function");
            }
            for (String arn : arns) {
                if (!LAYER_ARN.matcher(arn).matches()) {
                    throw error(fn.dotted("layers"), "'" + arn + "' is not a layer version ARN such as "
                            + "arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3");
                }
            }
            return Optional.of(arns);
        }

        /** Each [stage.NAME.alarms] table: [alarms]' settings, overridden key by key by the stage's. */
        private Map<String, AlarmSettings> stageAlarms() {
            Map<String, AlarmSettings> stages = new LinkedHashMap<>();
            JsonNode all = root.get("stage");
            if (all == null) {
                return stages;
            }
            for (Map.Entry<String, JsonNode> e : all.properties()) {
                JsonNode over = e.getValue().get("alarms");
                if (over != null) {
                    String prefix = "stage." + e.getKey() + ".alarms";
                    stages.put(e.getKey(), alarms(new LayeredTable(root.get("alarms"), "alarms", over, prefix)));
                }
            }
            return stages;
        }

        private AlarmSettings alarms(LayeredTable alarms) {
            if (!alarms.isSet()) {
                return AlarmSettings.defaults();
            }
            checkTable(alarms, ALARM_KEYS);
            OptionalDouble errorRate = rule(alarms, "error_rate", AlarmSettings.DEFAULT_ERROR_RATE_PERCENT, 0.01, 100, "percent");
            OptionalDouble throttles = rule(alarms, "throttles", AlarmSettings.DEFAULT_THROTTLES, 1, 1_000_000, "throttles");
            if (throttles.isPresent() && throttles.getAsDouble() != Math.rint(throttles.getAsDouble())) {
                throw error(alarms.dotted("throttles"), alarms.dotted("throttles") + " must be a whole number of throttles");
            }
            String notify = string(alarms, "notify", "");
            if (!notify.isEmpty() && !SNS_TOPIC_ARN.matcher(notify).matches()) {
                throw error(alarms.dotted("notify"), "'" + notify + "' is not an SNS topic ARN such as "
                        + "arn:aws:sns:us-east-1:123456789012:alerts");
            }
            return new AlarmSettings(bool(alarms, "enabled", true), errorRate,
                    throttles.isPresent() ? OptionalInt.of((int) throttles.getAsDouble()) : OptionalInt.empty(),
                    rule(alarms, "p99_of_timeout", AlarmSettings.DEFAULT_P99_OF_TIMEOUT, 0.01, 1, "of the timeout"),
                    rule(alarms, "concurrency_of_reserved", AlarmSettings.DEFAULT_CONCURRENCY_OF_RESERVED, 0.01, 1,
                            "of reserved concurrency"), notify);
        }

        /** An alarm rule's threshold: a number from min to max, the default when not set, or false for the rule off. */
        private OptionalDouble rule(LayeredTable table, String key, double fallback, double min, double max, String unit) {
            JsonNode v = table.get(key);
            if (v == null) {
                return OptionalDouble.of(fallback);
            }
            if (v.isBoolean() && !v.asBoolean()) {
                return OptionalDouble.empty();
            }
            String dotted = table.dotted(key);
            if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
                throw error(dotted, dotted + " must be a number from " + fmt(min) + " to " + fmt(max) + " " + unit
                        + ", or false to turn the alarm off, not " + v);
            }
            return OptionalDouble.of(v.asDouble());
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }

        private Optional<AsyncSettings> async(LayeredTable async) {
            if (!async.isSet() || turnedOff(async)) {
                return Optional.empty();
            }
            checkTable(async, ASYNC_KEYS);
            return Optional.of(new AsyncSettings(
                    integer(async, "max_retries", AsyncSettings.DEFAULT_RETRIES, 0, 2, "retries"),
                    integer(async, "max_event_age", AsyncSettings.DEFAULT_EVENT_AGE_SECONDS, 60, 21600, "seconds"),
                    destination(async, "on_failure"), destination(async, "on_success")));
        }

        private String destination(LayeredTable async, String key) {
            String arn = string(async, key, "");
            boolean success = key.equals("on_success");
            Optional<DestinationKind> kind = arn.isEmpty() ? Optional.empty() : DestinationKind.of(arn);
            if (!arn.isEmpty() && kind.filter(k -> !success || k.takesSuccess()).isEmpty()) {
                throw error(async.dotted(key), async.dotted(key) + ": '" + arn + "' is not a destination for " + (success ? "successes" : "failures")
                        + ": " + DestinationKind.expected(arn, success));
            }
            return arn;
        }

        private Optional<UrlSettings> url(LayeredTable url) {
            if (!url.isSet() || turnedOff(url)) {
                return Optional.empty();
            }
            checkTable(url, URL_KEYS);
            String auth = oneOf(url, "auth", UrlSettings.AUTH_IAM, UrlSettings.AUTH_IAM, UrlSettings.AUTH_NONE);
            String mode = oneOf(url, "invoke_mode", UrlSettings.BUFFERED, UrlSettings.BUFFERED, UrlSettings.RESPONSE_STREAM);
            LayeredTable cors = url.child("cors");
            if (!cors.isSet()) {
                return Optional.of(new UrlSettings(auth, mode, Optional.empty()));
            }
            checkTable(cors, CORS_KEYS);
            return Optional.of(new UrlSettings(auth, mode, Optional.of(new UrlSettings.Cors(strings(cors, "origins"),
                    strings(cors, "methods"), strings(cors, "headers"), strings(cors, "expose_headers"),
                    integer(cors, "max_age", 0, 0, 86400, "seconds"), bool(cors, "allow_credentials", false)))));
        }

        /** {@code url = false} or {@code async = false} in a stage: that stage goes without the table [function] gives. */
        private boolean turnedOff(LayeredTable table) {
            JsonNode over = table.over();
            if (over == null || over.isObject()) {
                return false;
            }
            if (!over.isBoolean() || over.asBoolean()) {
                throw error(table.overPrefix(), table.overPrefix() + " must be a table ([" + table.overPrefix() + "]) or false");
            }
            return true;
        }

        private String oneOf(LayeredTable table, String key, String fallback, String... allowed) {
            String value = string(table, key, fallback);
            if (!Arrays.asList(allowed).contains(value)) {
                throw error(table.dotted(key), table.dotted(key) + " must be " + String.join(" or ",
                        Arrays.stream(allowed).map(a -> "\"" + a + "\"").toList()) + ", not '" + value + "'");
            }
            return value;
        }

        private LayeredTable table(String key) {
            JsonNode node = root.get(key);
            if (node == null) {
                if (key.equals("function")) {
                    throw LambException.usage(FILE + ": missing the [function] table with name, runtime and handler");
                }
                return LayeredTable.of(JsonNodeFactory.instance.objectNode(), key);
            }
            if (!node.isObject()) {
                throw error(key, key + " must be a table: [" + key + "]");
            }
            checkKeys(key, node, KEYS.get(key));
            return LayeredTable.of(node, key);
        }

        /** A nested table ([function.async], [url], [stage.prod.url]...): each layer a table of known keys. */
        private void checkTable(LayeredTable table, Set<String> known) {
            checkTables(table);
            if (table.base() != null) {
                checkKeys(table.basePrefix(), table.base(), known);
            }
            if (table.over() != null) {
                checkKeys(table.overPrefix(), table.over(), known);
            }
        }

        /** Each layer that is set is a table. */
        private void checkTables(LayeredTable table) {
            for (JsonNode layer : new JsonNode[] {table.base(), table.over()}) {
                String name = layer == table.base() ? table.basePrefix() : table.overPrefix();
                if (layer != null && !layer.isObject()) {
                    throw error(name, name + " must be a table: [" + name + "]");
                }
            }
        }

        private void checkKeys(String table, JsonNode node, Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    String dotted = table.isEmpty() ? key : table + "." + key;
                    throw error(dotted, "unknown key '" + dotted + "'" + suggestion(key, known));
                }
            }
        }

        private String string(LayeredTable table, String key, String fallback) {
            JsonNode v = table.get(key);
            String dotted = table.dotted(key);
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

        /** A list of strings; empty when not set. */
        private List<String> strings(LayeredTable table, String key) {
            JsonNode v = table.get(key);
            if (v == null) {
                return List.of();
            }
            String dotted = table.dotted(key);
            List<String> out = new ArrayList<>();
            if (v.isArray()) {
                v.forEach(item -> out.add(item.isTextual() ? item.asText() : null));
            }
            if (!v.isArray() || out.contains(null)) {
                throw error(dotted, dotted + " must be a list of strings, such as [\"a\", \"b\"]");
            }
            return List.copyOf(out);
        }

        private int integer(LayeredTable table, String key, int fallback, int min, int max, String unit) {
            JsonNode v = table.get(key);
            if (v == null) {
                return fallback;
            }
            String dotted = table.dotted(key);
            // canConvertToInt first: asLong() wraps a number past 64 bits (2^64 + 512 would read as 512).
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
                throw error(dotted, dotted + " must be a whole number from " + min + " to " + max + " " + unit + ", not " + v);
            }
            return v.asInt();
        }

        private boolean bool(LayeredTable table, String key, boolean fallback) {
            JsonNode v = table.get(key);
            if (v == null) {
                return fallback;
            }
            String dotted = table.dotted(key);
            if (!v.isBoolean()) {
                throw error(dotted, dotted + " must be true or false, not " + v);
            }
            return v.asBoolean();
        }

        private Map<String, String> environment(LayeredTable env) {
            Map<String, String> out = new LinkedHashMap<>();
            if (!env.isSet()) {
                return out;
            }
            checkTables(env);
            for (String key : env.keys()) {
                String dotted = env.dotted(key);
                JsonNode value = env.get(key);
                if (!ENV_KEY.matcher(key).matches()) {
                    throw error(dotted, "'" + key + "' is not a valid variable name: " + ENV_KEY_RULE);
                }
                if (RESERVED_ENV.contains(key)) {
                    throw error(dotted, "'" + key + "' is reserved by Lambda and cannot be set");
                }
                if (!value.isValueNode() || value.isNull()) {
                    throw error(dotted, dotted + " must be a string, number or boolean");
                }
                if (value.asText().equals(UnfilledValue.VALUE)) {
                    throw error(dotted, dotted + " still holds the placeholder lamb init --from-function wrote: write its value "
                            + "(or run lamb init --from-function again with --with-values), or remove the key to remove the variable");
                }
                out.put(key, value.asText());
            }
            int measured = LambdaEnvironment.measuredBytes(out);
            if (measured > LambdaEnvironment.MAX_BYTES) {
                throw error(env.name(), env.name() + " is " + measured + " bytes as Lambda measures it "
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
            for (String up = dotted; line == 0 && up.contains("."); ) {
                up = up.substring(0, up.lastIndexOf('.'));
                line = lines.lineOf(up);
            }
            return LambException.usage(FILE + (line > 0 ? ":" + line : "") + ": " + message);
        }

        private static String suggestion(String key, Set<String> known) {
            return DidYouMean.closest(key, known)
                    .map(k -> " (did you mean '" + k + "'?)")
                    .orElse(": known keys are " + known.stream().sorted().toList());
        }
    }
}
