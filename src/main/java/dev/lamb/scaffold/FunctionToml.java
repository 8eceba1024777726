package dev.lamb.scaffold;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.config.AsyncSettings;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.UrlSettings;

/**
 * The lamb.toml of a function that lamb did not make (`lamb init --from-function`), in the keys lamb.toml
 * documents. Environment values are written only when asked for: they are often secrets, and a project
 * folder is often committed.
 */
public final class FunctionToml {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FunctionToml() {}

    /**
     * The text: {@code retentionSet} false leaves log_retention_days commented out (the log group keeps logs
     * forever, or does not exist yet), and {@code withValues} false writes each environment key with an empty value.
     */
    public static String render(ProjectConfig.Function fn, boolean retentionSet, boolean withValues) {
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
        environment(out, fn.environment(), fn.name(), withValues);
        fn.async().ifPresent(a -> async(out, a));
        fn.url().ifPresent(u -> url(out, u));
        out.append("\n# The REST API that lamb deploy puts in front of the function: list the routes it should answer.\n")
                .append("[api]\n");
        line(out, "stage", quote("dev"));
        line(out, "routes", list(List.of("ANY /{proxy+}")));
        return out.toString();
    }

    private static void environment(StringBuilder out, Map<String, String> env, String name, boolean withValues) {
        if (env.isEmpty()) {
            return;
        }
        out.append("\n[function.environment]\n");
        if (!withValues) {
            out.append("# Names only: the values may be secrets. Fill them in before deploying (deploy sets these values),\n")
                    .append("# or write them with 'lamb init --from-function ").append(name).append(" --with-values'.\n");
        }
        env.keySet().stream().sorted().forEach(k -> line(out, k, quote(withValues ? env.get(k) : "")));
    }

    private static void async(StringBuilder out, AsyncSettings a) {
        out.append("\n[function.async]\n");
        line(out, "max_retries", Integer.toString(a.maxRetries()));
        line(out, "max_event_age", Integer.toString(a.maxEventAgeSeconds()));
        if (!a.onFailure().isEmpty()) {
            line(out, "on_failure", quote(a.onFailure()));
        }
        if (!a.onSuccess().isEmpty()) {
            line(out, "on_success", quote(a.onSuccess()));
        }
    }

    private static void url(StringBuilder out, UrlSettings u) {
        out.append("\n[url]\n");
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
