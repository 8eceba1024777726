package dev.lamb.scaffold;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.config.AsyncSettings;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.StageName;
import dev.lamb.config.UnfilledValue;
import dev.lamb.config.UrlSettings;

/**
 * The lamb.toml of a function that lamb did not make (`lamb init --from-function`), in the keys lamb.toml
 * documents. Environment values are written only when asked for: they are often secrets, and a project
 * folder is often committed.
 */
public final class FunctionToml {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The alias deploy applies [function.async] and [url] to: the default stage's. */
    private static final String ALIAS = StageName.DEFAULT;

    private FunctionToml() {}

    /**
     * The text: {@code retentionSet} false leaves log_retention_days commented out (the log group keeps logs
     * forever, or does not exist yet). {@code onAlias} false (the alias of the default stage, which deploy applies
     * async settings and the URL to, does not exist) leaves [function.async] and [url] commented out: deploying
     * them would make a second config and a second URL beside the ones callers use. {@code withValues} false
     * writes each environment key with {@link UnfilledValue#VALUE}, which lamb.toml refuses until it is replaced.
     */
    public static String render(ProjectConfig.Function fn, boolean retentionSet, boolean onAlias, boolean withValues) {
        StringBuilder out = new StringBuilder();
        out.append("# lamb.toml, written by 'lamb init --from-function ").append(fn.name()).append("' from the deployed function;\n")
                .append("# every key is described in lamb's README. lamb did not make the function: the first deploy is\n")
                .append("# 'lamb deploy --adopt', which shows what it would change, then tags the function as lamb's.\n")
                .append("[function]\n");
        line(out, "name", quote(fn.name()));
        line(out, "runtime", quote(fn.runtime()));
        line(out, "handler", quote(fn.handler() == null ? "" : fn.handler()));
        line(out, "architecture", quote(fn.architecture()));
        line(out, "memory", Integer.toString(fn.memory()));
        line(out, "timeout", Integer.toString(fn.timeout()));
        if (retentionSet) {
            line(out, "log_retention_days", Integer.toString(fn.logRetentionDays()));
        } else {
            out.append("# The log group keeps logs forever, or does not exist yet; deploy sets the retention below.\n")
                    .append("# log_retention_days = ").append(fn.logRetentionDays()).append('\n');
        }
        if (!fn.logGroup().isEmpty()) {
            line(out, "log_group", quote(fn.logGroup()));
        }
        line(out, "log_format", quote(fn.logFormat()));
        line(out, "tracing", Boolean.toString(fn.tracing()));
        out.append("# The execution role the function runs with: lamb did not make it, and leaves it as it is.\n");
        line(out, "role", quote(fn.role()));
        if (!fn.description().isEmpty()) {
            line(out, "description", quote(fn.description()));
        }
        fn.ephemeralStorage().ifPresent(mb -> line(out, "ephemeral_storage", Integer.toString(mb)));
        fn.layers().filter(arns -> !arns.isEmpty()).ifPresent(arns -> line(out, "layers", list(arns)));
        fn.reservedConcurrency().ifPresent(n -> line(out, "reserved_concurrency", Integer.toString(n)));
        if (fn.provisionedConcurrency() > 0) {
            line(out, "provisioned_concurrency", Integer.toString(fn.provisionedConcurrency()));
        }
        environment(out, fn.environment(), fn.name(), withValues);
        fn.async().ifPresent(a -> aliasTable(out, async(a), onAlias, "asynchronous invocation settings below are",
                "a second config for alias " + ALIAS + ", while calls to the function's own ARN keep the one below"));
        fn.url().ifPresent(u -> aliasTable(out, url(u), onAlias, "URL below is",
                "a second URL, at a new address, for alias " + ALIAS + " (open to anyone if its auth is NONE), while callers "
                        + "keep the one below"));
        out.append("\n# The REST API that lamb deploy puts in front of the function (alias ").append(ALIAS).append("). It is PUBLIC:\n")
                .append("# API Gateway calls the function for anyone on the internet, with no authorization, whatever the\n")
                .append("# function's own URL or policy requires. Leaving routes out does not stop it (lamb then serves GET /hello):\n")
                .append("# narrow the routes to what may be public before deploying.\n")
                .append("[api]\n");
        line(out, "stage", quote(StageName.DEFAULT));
        line(out, "routes", list(List.of("ANY /{proxy+}")));
        return out.toString();
    }

    /** A table deploy applies to the alias: as it is when read from that alias, else commented out, saying why. */
    private static void aliasTable(StringBuilder out, String table, boolean onAlias, String what, String second) {
        if (onAlias) {
            out.append(table);
            return;
        }
        out.append("\n# The function's ").append(what).append(" its own, not alias ").append(ALIAS)
                .append("'s, which lamb deploys to and which\n# does not exist yet. Left commented, deploy leaves it alone. ")
                .append("Uncommented, deploy would make ").append(second).append(".\n");
        table.lines().forEach(l -> out.append(l.isEmpty() ? "" : "# ").append(l).append('\n'));
    }

    private static void environment(StringBuilder out, Map<String, String> env, String name, boolean withValues) {
        if (env.isEmpty()) {
            return;
        }
        out.append("\n[function.environment]\n");
        if (!withValues) {
            out.append("# Names only: the values may be secrets. Deploy sets the whole environment, so lamb refuses this file\n")
                    .append("# until each placeholder is replaced by its value (or its key removed, which removes the variable).\n")
                    .append("# To copy the values: 'lamb init --from-function ").append(name).append(" --with-values'.\n");
        }
        env.keySet().stream().sorted().forEach(k -> line(out, k, quote(withValues ? env.get(k) : UnfilledValue.VALUE)));
    }

    private static String async(AsyncSettings a) {
        StringBuilder out = new StringBuilder("\n[function.async]\n");
        line(out, "max_retries", Integer.toString(a.maxRetries()));
        line(out, "max_event_age", Integer.toString(a.maxEventAgeSeconds()));
        if (!a.onFailure().isEmpty()) {
            line(out, "on_failure", quote(a.onFailure()));
        }
        if (!a.onSuccess().isEmpty()) {
            line(out, "on_success", quote(a.onSuccess()));
        }
        return out.toString();
    }

    private static String url(UrlSettings u) {
        StringBuilder out = new StringBuilder("\n[url]\n");
        line(out, "auth", quote(u.auth()));
        line(out, "invoke_mode", quote(u.invokeMode()));
        u.cors().ifPresent(c -> {
            out.append("\n[url.cors]\n");
            line(out, "origins", list(c.allowOrigins()));
            line(out, "methods", list(c.allowMethods()));
            line(out, "headers", list(c.allowHeaders()));
            line(out, "expose_headers", list(c.exposeHeaders()));
            line(out, "max_age", Integer.toString(c.maxAgeSeconds()));
            line(out, "allow_credentials", Boolean.toString(c.allowCredentials()));
        });
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(" = ").append(value).append('\n');
    }

    private static String list(List<String> values) {
        return values == null ? "[]" : values.stream().map(FunctionToml::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A TOML basic string: JSON's string escapes are TOML's. */
    private static String quote(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
