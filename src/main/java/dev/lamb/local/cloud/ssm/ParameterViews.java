package dev.lamb.local.cloud.ssm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.lamb.local.cloud.PageAfter;

/**
 * Parameters as the API Reference's shapes give them: Parameter (with its value) and ParameterMetadata (without), and a
 * page of either as the listings answer it.
 */
final class ParameterViews {
    private ParameterViews() {}

    /** A Parameter as the reads answer it (the API Reference's Parameter shape); the Selector only when one was asked for. */
    static Map<String, Object> parameter(ParameterVersion v, ParameterNames.Reference ref, String region, boolean decrypt) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", v.name());
        out.put("Type", v.type());
        out.put("Value", v.valueRead(decrypt));
        out.put("Version", v.version());
        if (ref != null && ref.selector() != null) {
            out.put("Selector", ref.selector());
        }
        out.put("LastModifiedDate", v.lastModified() / 1000.0);
        out.put("ARN", ParameterNames.arn(region, v.name()));
        out.put("DataType", v.dataType());
        return out;
    }

    /** A ParameterMetadata, as DescribeParameters answers it: never the value (and a ParameterHistory's fields, without an ARN). */
    static Map<String, Object> metadata(ParameterVersion v, String region) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", v.name());
        if (region != null) {
            out.put("ARN", ParameterNames.arn(region, v.name()));
        }
        out.put("Type", v.type());
        if (v.keyId() != null) {
            out.put("KeyId", v.keyId());
        }
        out.put("LastModifiedDate", v.lastModified() / 1000.0);
        out.put("LastModifiedUser", v.lastModifiedUser());
        if (v.description() != null) {
            out.put("Description", v.description());
        }
        if (v.allowedPattern() != null) {
            out.put("AllowedPattern", v.allowedPattern());
        }
        out.put("Version", v.version());
        out.put("Tier", v.tier());
        out.put("Policies", List.of());
        out.put("DataType", v.dataType());
        return out;
    }

    /** A listing's answer: the page's parameters, each as {@code view} shows it, and NextToken while more follow. */
    static Map<String, Object> page(PageAfter.Page<ParameterVersion> page, Function<ParameterVersion, Object> view) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Parameters", page.items().stream().map(view).toList());
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return out;
    }
}
