package dev.lamb.local.cloud.lambda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.LocalEngine;

/**
 * Lambda's provisioned concurrency (Put/Get/Delete/ListProvisionedConcurrencyConfig(s)) on a published version
 * or an alias: Put answers IN_PROGRESS at once, and the engine starts that many instances of the version and runs
 * their init in the background; the config is READY when they all are, FAILED with the reason when one's init
 * failed. Their first invocations are warm: no Init Duration in the REPORT, and AWS_LAMBDA_INITIALIZATION_TYPE is
 * provisioned-concurrency. Moving an alias provisions its new version again. Shapes, errors and status values are
 * botocore's lambda 2015-03-31 model's. Kept in memory: a restarted local cloud has none.
 */
final class ProvisionedConcurrencyConfigs implements AutoCloseable {
    private static final int MAX_LIST_ITEMS = 50;

    /** One qualifier's config, changed under this object's lock; {@code generation} tells a stale provisioning apart. */
    private static final class Config {
        int requested;
        int allocated;
        String status;
        String reason;
        String version;
        FunctionSpec spec;
        long lastModified;
        long generation;
    }

    private final Functions functions;
    private final LocalEngine engine;
    private final BiFunction<FunctionState, FunctionVersion, FunctionSpec> specs;
    private final int mostInstances;
    /** Keyed by function name, then qualifier. */
    private final Map<String, Map<String, Config>> configs = new TreeMap<>();
    private final ExecutorService provisioning = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lamb-provisioned-concurrency");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param specs         what the engine runs for a version of a function, as an invocation of it runs
     * @param mostInstances the most instances of one function the local cloud runs at once
     */
    ProvisionedConcurrencyConfigs(Functions functions, LocalEngine engine,
            BiFunction<FunctionState, FunctionVersion, FunctionSpec> specs, int mostInstances) {
        this.functions = functions;
        this.engine = engine;
        this.specs = specs;
        this.mostInstances = mostInstances;
    }

    Map<String, Object> put(FunctionRef ref, JsonNode body) {
        JsonNode value = body.get("ProvisionedConcurrentExecutions");
        if (value == null || value.isNull()) {
            throw LambdaErrors.mustNotBeNull("provisionedConcurrentExecutions");
        }
        if (!value.canConvertToInt() || value.asInt() < 1) {
            throw LambdaErrors.validation(value.asText(), "provisionedConcurrentExecutions",
                    "Member must have value greater than or equal to 1");
        }
        int requested = value.asInt();
        if (requested > mostInstances) {
            throw LambdaErrors.invalid("lamb's local cloud runs at most " + mostInstances + " instances of a function: "
                    + "ask for fewer, or start it with more (lamb local start --max-concurrency)");
        }
        String qualifier = published(ref);
        return functions.withFunction(ref.name(), false, () -> LambdaErrors.functionNotFound(ref.name()), fn -> {
            FunctionVersion version = versionOf(fn, qualifier);
            synchronized (this) {
                int others = configsOf(fn.name).entrySet().stream().filter(e -> !e.getKey().equals(qualifier))
                        .mapToInt(e -> e.getValue().requested).sum();
                if (fn.reservedConcurrency != null && others + requested > fn.reservedConcurrency) {
                    throw LambdaErrors.invalid("Requested Provisioned Concurrency should not be greater than the "
                            + "reservedConcurrentExecution for function");
                }
                Config config = configsOf(fn.name).computeIfAbsent(qualifier, q -> new Config());
                config.requested = requested;
                config.lastModified = System.currentTimeMillis();
                provision(config, version.version(), specs.apply(fn, version));
                return render(null, config);
            }
        });
    }

    Map<String, Object> get(FunctionRef ref) {
        String qualifier = qualifier(ref);
        return functions.withFunction(ref.name(), false, () -> LambdaErrors.functionNotFound(ref.name()), fn -> {
            synchronized (this) {
                Config config = configsOf(fn.name).get(qualifier);
                if (config == null) {
                    throw notFound();
                }
                return render(null, config);
            }
        });
    }

    void delete(FunctionRef ref) {
        String qualifier = qualifier(ref);
        functions.withFunction(ref.name(), false, () -> LambdaErrors.functionNotFound(ref.name()), fn -> {
            synchronized (this) {
                Config gone = configsOf(fn.name).remove(qualifier);
                if (gone == null) {
                    throw notFound();
                }
                release(gone);
            }
            return null;
        });
    }

    Map<String, Object> list(FunctionRef ref, String marker, String maxItems) {
        return functions.withFunction(ref.name(), false, () -> LambdaErrors.functionNotFound(ref.name()), fn -> {
            synchronized (this) {
                List<ListPage.Keyed> items = new ArrayList<>();
                configsOf(fn.name).forEach((q, c) -> items.add(new ListPage.Keyed(q, render(fn.arn() + ":" + q, c))));
                return ListPage.of(items, marker, maxItems, MAX_LIST_ITEMS, "ProvisionedConcurrencyConfigs");
            }
        });
    }

    /** The instances ready for the qualifier's config, when it has one (0 while IN_PROGRESS); empty when it has none. */
    synchronized OptionalInt allocated(String function, String qualifier) {
        Config config = qualifier == null ? null : configs.getOrDefault(function, Map.of()).get(qualifier);
        return config == null ? OptionalInt.empty() : OptionalInt.of(config.allocated);
    }

    /** After UpdateAlias: an alias with provisioned concurrency has it moved to its new version, IN_PROGRESS until ready. */
    void aliasMoved(FunctionRef ref, String alias) {
        functions.withFunction(ref.name(), false, () -> LambdaErrors.functionNotFound(ref.name()), fn -> {
            synchronized (this) {
                Config config = configsOf(fn.name).get(alias);
                FunctionVersion now = config == null ? null : versionOf(fn, alias);
                if (now != null && !now.version().equals(config.version)) {
                    config.lastModified = System.currentTimeMillis();
                    provision(config, now.version(), specs.apply(fn, now));
                }
            }
            return null;
        });
    }

    /**
     * After DeleteFunction or DeleteAlias: the configs of what is gone (the whole function, one version, one alias)
     * go with it, and their instances become ordinary ones.
     */
    synchronized void forget(String function, String qualifier) {
        Map<String, Config> ofFunction = configs.getOrDefault(function, Map.of());
        List<String> gone = ofFunction.keySet().stream().filter(q -> qualifier == null || q.equals(qualifier)).toList();
        gone.forEach(q -> release(ofFunction.remove(q)));
    }

    /** Starts the config's instances for {@code version} in the background; the old version's stop being provisioned. */
    private void provision(Config config, String version, FunctionSpec spec) {
        if (config.spec != null && !config.spec.equals(spec)) {
            engine.unprovision(config.spec);
        }
        config.version = version;
        config.spec = spec;
        config.status = "IN_PROGRESS";
        config.reason = null;
        config.allocated = 0;
        long generation = ++config.generation;
        int count = config.requested;
        provisioning.execute(() -> {
            Optional<String> failure;
            try {
                failure = engine.provision(spec, count);
            } catch (RuntimeException e) {
                failure = Optional.of(String.valueOf(e.getMessage()));
            }
            synchronized (this) {
                if (config.generation == generation) {
                    config.status = failure.isPresent() ? "FAILED" : "READY";
                    config.reason = failure.orElse(null);
                    config.allocated = failure.isPresent() ? 0 : count;
                    config.lastModified = System.currentTimeMillis();
                }
            }
        });
    }

    private void release(Config config) {
        config.generation++;
        if (config.spec != null) {
            engine.unprovision(config.spec);
        }
    }

    private Map<String, Config> configsOf(String function) {
        return configs.computeIfAbsent(function, f -> new TreeMap<>());
    }

    /** A published version or an alias: $LATEST, and no qualifier at all, are refused as Lambda refuses them. */
    private static String published(FunctionRef ref) {
        String q = qualifier(ref);
        if (q.equals("$LATEST")) {
            throw LambdaErrors.invalid("Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
        }
        return q;
    }

    private static String qualifier(FunctionRef ref) {
        if (ref.qualifier() == null || ref.qualifier().isEmpty()) {
            throw LambdaErrors.mustNotBeNull("qualifier");
        }
        return ref.qualifier();
    }

    /** The version a qualifier names (an alias's own), which must exist; an alias routing to two versions is refused. */
    private static FunctionVersion versionOf(FunctionState fn, String qualifier) {
        Alias alias = fn.aliases.get(qualifier);
        if (alias != null && !alias.additionalVersionWeights().isEmpty()) {
            throw LambdaErrors.invalid("Alias with weights can not be used with Provisioned Concurrency");
        }
        String number = alias != null ? alias.functionVersion() : qualifier;
        return fn.versions.stream().filter(v -> v.version().equals(number)).findFirst()
                .orElseThrow(() -> LambdaErrors.functionNotFound(fn.arn() + ":" + qualifier));
    }

    private static AwsServiceException notFound() {
        return new AwsServiceException(404, "ProvisionedConcurrencyConfigNotFoundException",
                "No Provisioned Concurrency Config found for this function");
    }

    /** The config as Get and Put answer it; a list item also names its qualified ARN. */
    private static Map<String, Object> render(String functionArn, Config config) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (functionArn != null) {
            out.put("FunctionArn", functionArn);
        }
        out.put("RequestedProvisionedConcurrentExecutions", config.requested);
        out.put("AvailableProvisionedConcurrentExecutions", config.allocated);
        out.put("AllocatedProvisionedConcurrentExecutions", config.allocated);
        out.put("Status", config.status);
        if (config.reason != null) {
            out.put("StatusReason", config.reason);
        }
        out.put("LastModified", Functions.timestamp(config.lastModified));
        return out;
    }

    @Override
    public void close() {
        provisioning.shutdownNow();
    }
}
