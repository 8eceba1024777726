package dev.lamb.local.cloud.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.lamb.lambda.LambdaRuntimes;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.ValidationMessage;

/**
 * Lambda's control plane over the functions it holds: each operation checks its request, changes the
 * state under one lock, persists it, and answers with the body Lambda answers with.
 */
final class Functions {
    static final long MAX_ZIPPED = 52_428_800L;
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-zA-Z0-9-_]+");
    private static final Pattern ALIAS_NAME = Pattern.compile("(?!^[0-9]+$)([a-zA-Z0-9-_]+)");

    /** What an invocation runs: the function, the version it resolved to, and that version's configuration. */
    record Resolved(FunctionState function, String executedVersion, FunctionVersion config, Integer reservedConcurrency) {}

    private final FunctionStore store;
    private final Predicate<String> roleExists;
    private final Predicate<String> runnable;
    private final Duration stateDelay;
    private final String region;
    private final Map<String, FunctionState> functions = new TreeMap<>();
    private volatile CodeObjects codeObjects = CodeObjects.NONE;

    /**
     * {@code runnable} says which runtimes the engine can run: the others are refused at create and update;
     * {@code region} is the one these functions live in, which the ARNs in errors name.
     */
    Functions(FunctionStore store, Predicate<String> roleExists, Predicate<String> runnable, Duration stateDelay, String region) {
        this.store = store;
        this.region = region;
        this.roleExists = roleExists;
        this.runnable = runnable;
        this.stateDelay = stateDelay;
        store.loadAll().forEach(f -> functions.put(f.name, f));
    }

    void codeObjects(CodeObjects objects) {
        this.codeObjects = objects;
    }

    synchronized int count() {
        return functions.size();
    }

    /**
     * Checks and unpacks the code outside the lock, which invokes of every function need, and takes the lock
     * only to add the function: a big zip unpacks for seconds.
     */
    Map<String, Object> create(JsonNode body, String region) {
        String name = createName(body.path("FunctionName").asText(null));
        synchronized (this) {
            refuseExisting(name);
        }
        if ("Image".equals(body.path("PackageType").asText())) {
            throw LambdaErrors.invalid("lamb's local cloud runs .zip deployment packages only, not container images.");
        }
        byte[] zip = zipFile(body.path("Code"));
        // Check the configuration before unpacking, so a bad request leaves no code behind; once checked, it is only given
        // its code and time, not checked again (its role's lookup and trust policy, its regexes: CPU on every create).
        FunctionVersion checked = FunctionConfigs.create(name, body, new FunctionStore.StoredCode("", "", 0), roleExists, "", "");
        refuseUnrunnable(body);
        FunctionStore.StoredCode code = store.store(zip);
        synchronized (this) {
            refuseExisting(name);
            long now = System.currentTimeMillis();
            FunctionState fn = new FunctionState();
            fn.name = name;
            fn.region = region;
            fn.latest = checked.withCode(code, timestamp(now), uuid());
            body.path("Tags").fields().forEachRemaining(e -> fn.tags.put(e.getKey(), e.getValue().asText()));
            fn.pendingUntil = now + stateDelay.toMillis();
            FunctionVersion shown = fn.latest;
            if (body.path("Publish").asBoolean(false)) {
                shown = publish(fn, fn.latest.description(), now);
            }
            persist(fn);
            functions.put(name, fn);
            return FunctionConfigs.render(fn, shown, shown != fn.latest, true, now);
        }
    }

    /**
     * lamb's one deliberate difference from Lambda: a runtime the engine cannot run is refused here, rather than
     * accepted and failing every invocation with a 500 that SDKs retry.
     */
    private void refuseUnrunnable(JsonNode body) {
        String runtime = body.path("Runtime").asText(null);
        if (runtime != null && !runnable.test(runtime)) {
            throw LambdaErrors.invalid("The runtime parameter of " + runtime + " is not supported by lamb's local cloud, "
                    + "which runs " + String.join(", ", LambdaRuntimes.ids().stream().filter(runnable).toList())
                    + ": choose one of those.");
        }
    }

    private void refuseExisting(String name) {
        if (functions.containsKey(name)) {
            throw LambdaErrors.conflict("Function already exist: " + name);
        }
    }

    synchronized Map<String, Object> get(FunctionRef ref, String codeLocationBase) {
        FunctionState fn = function(ref);
        FunctionVersion v = version(fn, ref.qualifier());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Configuration", FunctionConfigs.render(fn, v, ref.qualifier() != null, true, System.currentTimeMillis()));
        out.put("Code", Map.of("RepositoryType", "S3", "Location", codeLocationBase + v.codeHex() + ".zip"));
        if (fn.reservedConcurrency != null) {
            out.put("Concurrency", Map.of("ReservedConcurrentExecutions", fn.reservedConcurrency));
        }
        if (!fn.tags.isEmpty()) {
            out.put("Tags", fn.tags);
        }
        return out;
    }

    synchronized Map<String, Object> configuration(FunctionRef ref) {
        FunctionState fn = function(ref);
        FunctionVersion v = version(fn, ref.qualifier());
        return FunctionConfigs.render(fn, v, ref.qualifier() != null, true, System.currentTimeMillis());
    }

    /** Unpacks outside the lock, as create does, and checks the function again under it before changing it. */
    Map<String, Object> updateCode(FunctionRef ref, JsonNode body) {
        synchronized (this) {
            FunctionState fn = updatable(ref, body);
            if (body.has("Architectures")) {
                FunctionConfigs.apply(fn.latest, body, roleExists, "", "");
            }
        }
        byte[] zip = zipFile(body);
        FunctionStore.StoredCode code = store.store(zip);
        synchronized (this) {
            FunctionState fn = updatable(ref, body);
            if (body.path("DryRun").asBoolean(false)) {
                return FunctionConfigs.render(fn, fn.latest, false, true, System.currentTimeMillis());
            }
            long now = System.currentTimeMillis();
            FunctionVersion withCode = fn.latest.withCode(code, fn.latest.lastModified(), fn.latest.revisionId());
            fn.latest = FunctionConfigs.apply(withCode, onlyArchitectures(body), roleExists, timestamp(now), uuid());
            return updated(fn, body.path("Publish").asBoolean(false), now);
        }
    }

    synchronized Map<String, Object> updateConfiguration(FunctionRef ref, JsonNode body) {
        FunctionState fn = updatable(ref, body);
        long now = System.currentTimeMillis();
        FunctionVersion changed = FunctionConfigs.apply(fn.latest, body, roleExists, timestamp(now), uuid());
        refuseUnrunnable(body);
        fn.latest = changed;
        return updated(fn, false, now);
    }

    private Map<String, Object> updated(FunctionState fn, boolean publish, long now) {
        fn.updatingUntil = now + stateDelay.toMillis();
        FunctionVersion shown = fn.latest;
        if (publish) {
            shown = publish(fn, fn.latest.description(), now);
        }
        persist(fn);
        return FunctionConfigs.render(fn, shown, shown != fn.latest, true, now);
    }

    synchronized Map<String, Object> publishVersion(FunctionRef ref, JsonNode body) {
        FunctionState fn = function(ref);
        long now = System.currentTimeMillis();
        if (fn.pending(now) || fn.updating(now)) {
            throw LambdaErrors.updateInProgress(fn.arn());
        }
        checkRevision(body, fn.latest.revisionId());
        String sha = body.path("CodeSha256").asText(null);
        if (sha != null && !sha.equals(fn.latest.codeSha256())) {
            throw LambdaErrors.invalid("CodeSHA256 (" + sha + ") is different from current CodeSHA256 in $LATEST("
                    + fn.latest.codeSha256() + "). Please try again with the current CodeSHA256.");
        }
        FunctionVersion v = publish(fn, body.path("Description").asText(fn.latest.description()), now);
        persist(fn);
        return FunctionConfigs.render(fn, v, true, true, now);
    }

    /**
     * A new version from $LATEST, or the last one when nothing changed since, as Lambda does: the code, the
     * configuration, and $LATEST's description (Power Tuning and lamb tune make fresh versions by editing it).
     */
    private FunctionVersion publish(FunctionState fn, String description, long now) {
        String latestDescription = fn.latest.description() == null ? "" : fn.latest.description();
        if (!fn.versions.isEmpty()) {
            FunctionVersion last = fn.versions.get(fn.versions.size() - 1);
            boolean sameDescription = fn.descriptionAtLastPublish == null || fn.descriptionAtLastPublish.equals(latestDescription);
            if (last.sameCodeAndConfig(fn.latest) && sameDescription) {
                return last;
            }
        }
        fn.descriptionAtLastPublish = latestDescription;
        fn.lastVersionNumber++;
        FunctionVersion v = fn.latest.published(String.valueOf(fn.lastVersionNumber), description, timestamp(now), uuid());
        fn.versions.add(v);
        return v;
    }

    synchronized Map<String, Object> listVersions(FunctionRef ref, String marker, String maxItems) {
        FunctionState fn = function(ref);
        List<ListPage.Keyed> all = new ArrayList<>();
        long now = System.currentTimeMillis();
        all.add(new ListPage.Keyed(ListPage.versionKey("$LATEST"), FunctionConfigs.render(fn, fn.latest, true, false, now)));
        fn.versions.forEach(v -> all.add(new ListPage.Keyed(ListPage.versionKey(v.version()),
                FunctionConfigs.render(fn, v, true, false, now))));
        return ListPage.of(all, marker, maxItems, 10000, "Versions");
    }

    /** Functions sort by name, and with FunctionVersion=ALL each one's versions follow it ($LATEST first). */
    synchronized Map<String, Object> list(String marker, String maxItems, boolean allVersions) {
        List<ListPage.Keyed> all = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (FunctionState fn : functions.values()) {
            // A space sorts before every character a function name may hold, so a function's entries stay together.
            all.add(new ListPage.Keyed(fn.name + " " + ListPage.versionKey("$LATEST"),
                    FunctionConfigs.render(fn, fn.latest, allVersions, false, now)));
            if (allVersions) {
                fn.versions.forEach(v -> all.add(new ListPage.Keyed(fn.name + " " + ListPage.versionKey(v.version()),
                        FunctionConfigs.render(fn, v, true, false, now))));
            }
        }
        return ListPage.of(all, marker, maxItems, 10000, "Functions");
    }

    /** Runs {@code op} on the function under the lock and saves what it changed, for operations kept in their own classes. */
    synchronized <T> T change(FunctionRef ref, Function<FunctionState, T> op) {
        FunctionState fn = function(ref);
        T out = op.apply(fn);
        persist(fn);
        return out;
    }

    /** Reads the function under the lock. */
    synchronized <T> T read(FunctionRef ref, Function<FunctionState, T> op) {
        return op.apply(function(ref));
    }

    /** Reads every function under the lock. */
    synchronized <T> T readAll(Function<Collection<FunctionState>, T> op) {
        return op.apply(List.copyOf(functions.values()));
    }

    synchronized void delete(FunctionRef ref) {
        FunctionState fn = function(ref);
        String q = ref.qualifier();
        if (q == null) {
            store.delete(fn.name);
            functions.remove(fn.name);
            return;
        }
        if (q.equals("$LATEST")) {
            throw LambdaErrors.invalid("$LATEST version cannot be deleted without deleting the function.");
        }
        if (!q.matches("\\d+")) {
            throw LambdaErrors.invalid("Deletion of aliases is not supported.");
        }
        FunctionVersion v = version(fn, q);
        List<String> using = fn.aliases.values().stream()
                .filter(a -> a.functionVersion().equals(q) || a.additionalVersionWeights().containsKey(q))
                .map(Alias::name).toList();
        if (!using.isEmpty()) {
            throw LambdaErrors.conflict("Unable to delete version because the following aliases reference it: " + using);
        }
        fn.versions.remove(v);
        fn.policies.remove(q);
        fn.eventInvokeConfigs.remove(q);
        persist(fn);
    }

    synchronized Map<String, Object> createAlias(FunctionRef ref, JsonNode body) {
        FunctionState fn = function(ref);
        String name = body.path("Name").asText("");
        if (name.isEmpty() || name.length() > 128 || !ALIAS_NAME.matcher(name).matches()) {
            throw LambdaErrors.validation(name, "name", "Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        }
        if (fn.aliases.containsKey(name)) {
            throw LambdaErrors.conflict("Alias already exists: " + fn.arn() + ":" + name);
        }
        Alias alias = new Alias(name, aliasTarget(fn, body.path("FunctionVersion").asText(null)),
                body.path("Description").asText(""), weights(fn, body.path("RoutingConfig")), uuid());
        fn.aliases.put(name, alias);
        persist(fn);
        return renderAlias(fn, alias);
    }

    synchronized Map<String, Object> getAlias(FunctionRef ref, String name) {
        FunctionState fn = function(ref);
        return renderAlias(fn, alias(fn, name));
    }

    synchronized Map<String, Object> listAliases(FunctionRef ref, String marker, String maxItems) {
        FunctionState fn = function(ref);
        List<ListPage.Keyed> all = fn.aliases.values().stream()
                .map(a -> new ListPage.Keyed(a.name(), renderAlias(fn, a))).toList();
        return ListPage.of(all, marker, maxItems, 10000, "Aliases");
    }

    synchronized Map<String, Object> updateAlias(FunctionRef ref, String name, JsonNode body) {
        FunctionState fn = function(ref);
        Alias old = alias(fn, name);
        checkRevision(body, old.revisionId());
        Alias alias = new Alias(name,
                body.hasNonNull("FunctionVersion") ? aliasTarget(fn, body.get("FunctionVersion").asText()) : old.functionVersion(),
                body.path("Description").asText(old.description()),
                body.has("RoutingConfig") ? weights(fn, body.get("RoutingConfig")) : old.additionalVersionWeights(), uuid());
        fn.aliases.put(name, alias);
        persist(fn);
        return renderAlias(fn, alias);
    }

    synchronized void deleteAlias(FunctionRef ref, String name) {
        FunctionState fn = function(ref);
        if (fn.aliases.remove(name) != null) {
            fn.policies.remove(name);
            fn.urls.remove(name);
            fn.eventInvokeConfigs.remove(name);
            persist(fn);
        }
    }

    synchronized Map<String, Object> addPermission(FunctionRef ref, JsonNode body) {
        FunctionState fn = function(ref);
        String q = ref.qualifier();
        if (q != null && !q.equals("$LATEST")) {
            version(fn, q);
        }
        checkRevision(body, fn.latest.revisionId());
        Map<String, Object> statement = Permissions.statement(body, q == null ? fn.arn() : fn.arn() + ":" + q);
        List<Map<String, Object>> statements = fn.policies.computeIfAbsent(q == null ? "" : q, k -> new ArrayList<>());
        if (statements.stream().anyMatch(s -> s.get("Sid").equals(statement.get("Sid")))) {
            throw LambdaErrors.conflict("The statement id (" + statement.get("Sid") + ") provided already exists. "
                    + "Please provide a new statement id, or remove the existing statement.");
        }
        statements.add(statement);
        fn.latest = fn.latest.withRevisionId(uuid());
        persist(fn);
        return Map.of("Statement", Permissions.json(statement));
    }

    synchronized Map<String, Object> getPolicy(FunctionRef ref) {
        FunctionState fn = function(ref);
        List<Map<String, Object>> statements = fn.policies.get(ref.qualifier() == null ? "" : ref.qualifier());
        if (statements == null || statements.isEmpty()) {
            throw LambdaErrors.notFound("The resource you requested does not exist.");
        }
        return Map.of("Policy", Permissions.document(statements), "RevisionId", fn.latest.revisionId());
    }

    synchronized void removePermission(FunctionRef ref, String sid, String revisionId) {
        FunctionState fn = function(ref);
        if (revisionId != null && !revisionId.equals(fn.latest.revisionId())) {
            throw LambdaErrors.badRevision();
        }
        List<Map<String, Object>> statements = fn.policies.get(ref.qualifier() == null ? "" : ref.qualifier());
        if (statements == null || statements.isEmpty()) {
            throw LambdaErrors.notFound("No policy is associated with the given resource.");
        }
        if (!statements.removeIf(s -> s.get("Sid").equals(sid))) {
            throw LambdaErrors.notFound("Statement " + sid + " is not found in resource policy.");
        }
        fn.latest = fn.latest.withRevisionId(uuid());
        persist(fn);
    }

    synchronized void tag(FunctionRef ref, JsonNode body) {
        FunctionState fn = function(new FunctionRef(ref.name(), null));
        body.path("Tags").fields().forEachRemaining(e -> fn.tags.put(e.getKey(), e.getValue().asText()));
        persist(fn);
    }

    synchronized void untag(FunctionRef ref, List<String> keys) {
        FunctionState fn = function(new FunctionRef(ref.name(), null));
        keys.forEach(fn.tags::remove);
        persist(fn);
    }

    synchronized Map<String, Object> tags(FunctionRef ref) {
        return Map.of("Tags", new LinkedHashMap<>(function(new FunctionRef(ref.name(), null)).tags));
    }

    /** PutFunctionConcurrency: the function's reserved concurrency, its own limit on concurrent instances. */
    synchronized Map<String, Object> putConcurrency(FunctionRef ref, JsonNode body, int accountLimit) {
        FunctionState fn = function(unqualified(ref));
        JsonNode value = body.get("ReservedConcurrentExecutions");
        if (value == null || value.isNull()) {
            throw LambdaErrors.mustNotBeNull("reservedConcurrentExecutions");
        }
        if (!value.canConvertToInt() || value.asInt() < 0) {
            throw LambdaErrors.validation(value.asText(), "reservedConcurrentExecutions",
                    "Member must have value greater than or equal to 0");
        }
        int reservedByOthers = functions.values().stream().filter(other -> other != fn && other.reservedConcurrency != null)
                .mapToInt(other -> other.reservedConcurrency).sum();
        // Reservations together stay within the account's limit. Lambda keeps 100 unreserved; the local cloud's
        // limit is smaller, so it keeps none, but never less.
        if (reservedByOthers + value.asInt() > accountLimit) {
            throw LambdaErrors.invalid("Specified ReservedConcurrentExecutions for function decreases account's "
                    + "UnreservedConcurrentExecution below its minimum value of [0].");
        }
        fn.reservedConcurrency = value.asInt();
        persist(fn);
        return Map.of("ReservedConcurrentExecutions", fn.reservedConcurrency);
    }

    /** GetFunctionConcurrency: the reserved concurrency, or an empty answer when none is set. */
    synchronized Map<String, Object> concurrency(FunctionRef ref) {
        FunctionState fn = function(unqualified(ref));
        return fn.reservedConcurrency == null ? Map.of() : Map.of("ReservedConcurrentExecutions", fn.reservedConcurrency);
    }

    synchronized void deleteConcurrency(FunctionRef ref) {
        FunctionState fn = function(unqualified(ref));
        fn.reservedConcurrency = null;
        persist(fn);
    }

    private static FunctionRef unqualified(FunctionRef ref) {
        if (ref.qualifier() != null) {
            throw LambdaErrors.invalid("This operation does not support a qualifier: concurrency is reserved for the whole function.");
        }
        return ref;
    }

    /** The version an invocation runs: $LATEST, a version, or an alias's version (weighted as the alias routes). */
    synchronized Resolved resolveForInvoke(FunctionRef ref) {
        FunctionState fn = function(ref);
        if (fn.pending(System.currentTimeMillis())) {
            throw LambdaErrors.conflict("The operation cannot be performed at this time. The function is currently in the "
                    + "following state: Pending");
        }
        String q = ref.qualifier();
        if (q == null || q.equals("$LATEST")) {
            return new Resolved(fn, "$LATEST", fn.latest, fn.reservedConcurrency);
        }
        String target = q;
        Alias alias = fn.aliases.get(q);
        if (alias != null) {
            target = alias.functionVersion();
            double roll = ThreadLocalRandom.current().nextDouble();
            for (Map.Entry<String, Double> w : alias.additionalVersionWeights().entrySet()) {
                if (roll < w.getValue()) {
                    target = w.getKey();
                    break;
                }
                roll -= w.getValue();
            }
        }
        return new Resolved(fn, target, version(fn, target), fn.reservedConcurrency);
    }

    /**
     * Reads ({@code save} false) or changes a function under the lock, for the parts of Lambda kept in classes of
     * their own (event-invoke configs); {@code missing} is the error when no function has the name.
     */
    synchronized <T> T withFunction(String name, boolean save, Supplier<AwsServiceException> missing,
            Function<FunctionState, T> use) {
        FunctionState fn = functions.get(name);
        if (fn == null) {
            throw missing.get();
        }
        T out = use.apply(fn);
        if (save) {
            persist(fn);
        }
        return out;
    }

    synchronized List<Map<String, Object>> policyStatements(FunctionRef ref) {
        FunctionState fn = function(ref);
        List<Map<String, Object>> statements = fn.policies.get(ref.qualifier() == null ? "" : ref.qualifier());
        return statements == null ? List.of() : List.copyOf(statements);
    }

    private FunctionState updatable(FunctionRef ref, JsonNode body) {
        if (ref.qualifier() != null) {
            throw LambdaErrors.invalid("Unsupported qualifier: the function's configuration and code can only be updated on $LATEST.");
        }
        FunctionState fn = function(ref);
        long now = System.currentTimeMillis();
        if (fn.pending(now) || fn.updating(now)) {
            throw LambdaErrors.updateInProgress(fn.arn());
        }
        checkRevision(body, fn.latest.revisionId());
        return fn;
    }

    private static void checkRevision(JsonNode body, String current) {
        if (body.hasNonNull("RevisionId") && !body.get("RevisionId").asText().equals(current)) {
            throw LambdaErrors.badRevision();
        }
    }

    private static JsonNode onlyArchitectures(JsonNode body) {
        var node = JsonNodeFactory.instance.objectNode();
        if (body.has("Architectures")) {
            node.set("Architectures", body.get("Architectures"));
        }
        return node;
    }

    private FunctionState function(FunctionRef ref) {
        FunctionState fn = functions.get(ref.name());
        if (fn == null) {
            throw LambdaErrors.functionNotFound(FunctionRef.arn(region, ref.name())
                    + (ref.qualifier() == null ? "" : ":" + ref.qualifier()));
        }
        return fn;
    }

    private static FunctionVersion version(FunctionState fn, String qualifier) {
        if (qualifier == null || qualifier.equals("$LATEST")) {
            return fn.latest;
        }
        String number = qualifier;
        Alias alias = fn.aliases.get(qualifier);
        if (alias != null) {
            number = alias.functionVersion();
        }
        String wanted = number;
        return fn.versions.stream().filter(v -> v.version().equals(wanted)).findFirst()
                .orElseThrow(() -> LambdaErrors.functionNotFound(fn.arn() + ":" + qualifier));
    }

    private static Alias alias(FunctionState fn, String name) {
        Alias alias = fn.aliases.get(name);
        if (alias == null) {
            throw LambdaErrors.notFound("Cannot find alias arn: " + fn.arn() + ":" + name);
        }
        return alias;
    }

    private static String aliasTarget(FunctionState fn, String version) {
        if (version == null || version.isEmpty()) {
            throw LambdaErrors.mustNotBeNull("functionVersion");
        }
        return version(fn, version).version();
    }

    private static Map<String, Double> weights(FunctionState fn, JsonNode routing) {
        Map<String, Double> weights = new LinkedHashMap<>();
        routing.path("AdditionalVersionWeights").fields().forEachRemaining(e -> {
            version(fn, e.getKey());
            double w = e.getValue().asDouble();
            if (w < 0 || w > 1) {
                throw LambdaErrors.validation(String.valueOf(w), "routingConfig.additionalVersionWeights",
                        "Member must have value between 0.0 and 1.0");
            }
            weights.put(e.getKey(), w);
        });
        return weights;
    }

    private static Map<String, Object> renderAlias(FunctionState fn, Alias alias) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("AliasArn", fn.arn() + ":" + alias.name());
        out.put("Name", alias.name());
        out.put("FunctionVersion", alias.functionVersion());
        out.put("Description", alias.description());
        if (!alias.additionalVersionWeights().isEmpty()) {
            out.put("RoutingConfig", Map.of("AdditionalVersionWeights", alias.additionalVersionWeights()));
        }
        out.put("RevisionId", alias.revisionId());
        return out;
    }

    private static String createName(String raw) {
        if (raw == null) {
            throw LambdaErrors.mustNotBeNull("functionName");
        }
        FunctionRef ref = FunctionRef.parse(raw);
        if (ref.qualifier() != null || !PLAIN_NAME.matcher(ref.name()).matches() || raw.length() > 140) {
            throw LambdaErrors.validation(raw, "functionName", "Member must satisfy regular expression pattern: "
                    + "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)");
        }
        if (ref.name().length() > 64) {
            throw LambdaErrors.invalid(ValidationMessage.of(ref.name(), "functionName",
                    "Member must have length less than or equal to 64"));
        }
        return ref.name();
    }

    private byte[] zipFile(JsonNode code) {
        if (code.hasNonNull("ImageUri")) {
            throw LambdaErrors.invalid("lamb's local cloud has no container registry: send the code as ZipFile or in S3.");
        }
        if (code.hasNonNull("S3Bucket") || code.hasNonNull("S3Key")) {
            return s3Object(code);
        }
        if (!code.hasNonNull("ZipFile")) {
            throw LambdaErrors.invalid("Please provide a source for function code.");
        }
        byte[] zip;
        try {
            zip = Base64.getMimeDecoder().decode(code.get("ZipFile").asText());
        } catch (IllegalArgumentException e) {
            throw LambdaErrors.invalid(CodeUnpacker.CANNOT_UNZIP);
        }
        if (zip.length > MAX_ZIPPED) {
            throw LambdaErrors.tooLarge("Zipped size must be smaller than " + MAX_ZIPPED + " bytes");
        }
        return zip;
    }

    /**
     * The package Code.S3Bucket/S3Key (and S3ObjectVersion) name, read from S3; a missing one answers as Lambda does,
     * InvalidParameterValueException with S3's error, here naming the bucket and key too. Lambda takes packages up to
     * its unzipped limit from S3, which unpacking checks.
     */
    private byte[] s3Object(JsonNode code) {
        String bucket = code.path("S3Bucket").asText(null);
        String key = code.path("S3Key").asText(null);
        if (bucket == null || key == null) {
            throw LambdaErrors.invalid("Please provide a source for function code.");
        }
        try {
            return Files.readAllBytes(codeObjects.file(bucket, key, code.path("S3ObjectVersion").asText(null)));
        } catch (AwsServiceException e) {
            if (e.code().startsWith("NoSuch")) {
                throw LambdaErrors.invalid("Error occurred while GetObject. S3 Error Code: " + e.code() + ". S3 Error Message: "
                        + e.getMessage() + " (bucket " + bucket + ", key " + key + ")");
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String timestamp(long epochMillis) {
        return LastModified.of(epochMillis);
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    /**
     * Saves a change already made to the function in memory; when the write fails (a full disk), the
     * function is put back as it was last saved, so a request that answers 500 leaves no trace.
     */
    private void persist(FunctionState fn) {
        try {
            store.save(fn);
        } catch (UncheckedIOException | AwsServiceException e) {
            store.load(fn.name).ifPresentOrElse(saved -> functions.put(fn.name, saved), () -> functions.remove(fn.name));
            throw e;
        }
    }
}
