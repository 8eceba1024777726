package dev.lamb.local.cloud.ssm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.ValidationMessage;

/**
 * LabelParameterVersion and UnlabelParameterVersion on the parameters of a store, as the SSM API Reference and the User
 * Guide's "Working with parameter labels" define them: a label names one version of a parameter (attaching it to another
 * version moves it), a version has at most 10, and a label that breaks the naming rules is answered in InvalidLabels, not
 * attached. A read names a labelled version with {@code name:label}.
 */
final class ParameterLabels {
    /** Labels a version may carry (ParameterVersionLabelLimitExceeded beyond). */
    static final int MAX_PER_VERSION = 10;
    private static final int MAX_LENGTH = 100;
    /** Letters, digits, {@code .-_}; not starting with a digit, {@code aws} or {@code ssm} (any case). */
    private static final Pattern VALID = Pattern.compile("(?i)(?!aws|ssm)[A-Za-z._-][A-Za-z0-9._-]*");

    private final ParameterStore store;

    ParameterLabels(ParameterStore store) {
        this.store = store;
    }

    /** LabelParameterVersion: attaches the valid labels to the version (the latest without ParameterVersion), moving them. */
    Object label(JsonNode body) {
        String name = JsonBodies.required(body, "Name", SsmErrors::validation);
        List<String> labels = labels(body);
        synchronized (store) {
            StoredParameter parameter = store.get(ParameterNames.reference(name).name()).orElseThrow(() -> SsmErrors.notFound(name));
            long version = body.hasNonNull("ParameterVersion") ? body.get("ParameterVersion").asLong() : parameter.latest().version();
            ParameterVersion target = version(parameter, name, version);
            List<String> invalid = labels.stream().filter(l -> !VALID.matcher(l).matches()).toList();
            Set<String> moved = new LinkedHashSet<>(labels);
            moved.removeAll(invalid);
            Set<String> now = new LinkedHashSet<>(target.labels());
            now.addAll(moved);
            if (now.size() > MAX_PER_VERSION) {
                throw new AwsServiceException(400, "ParameterVersionLabelLimitExceeded", "A parameter version can have maximum "
                        + MAX_PER_VERSION + " labels. Move one or more labels to another version and try again.");
            }
            List<ParameterVersion> versions = new ArrayList<>();
            for (ParameterVersion v : parameter.versions()) {
                if (v.version() == version) {
                    versions.add(v.withLabels(List.copyOf(now)));
                } else {
                    versions.add(v.withLabels(v.labels().stream().filter(l -> !moved.contains(l)).toList()));
                }
            }
            store.put(new StoredParameter(versions, parameter.tags()));
            return Map.of("InvalidLabels", invalid, "ParameterVersion", version);
        }
    }

    /** UnlabelParameterVersion: takes the labels off the version; those it does not carry are answered in InvalidLabels. */
    Object unlabel(JsonNode body) {
        String name = JsonBodies.required(body, "Name", SsmErrors::validation);
        if (!body.hasNonNull("ParameterVersion")) {
            throw SsmErrors.validation(ValidationMessage.withoutValue("ParameterVersion", "Member must not be null"));
        }
        long version = body.get("ParameterVersion").asLong();
        List<String> labels = labels(body);
        synchronized (store) {
            StoredParameter parameter = store.get(ParameterNames.reference(name).name()).orElseThrow(() -> SsmErrors.notFound(name));
            ParameterVersion target = version(parameter, name, version);
            List<String> removed = labels.stream().filter(target.labels()::contains).distinct().toList();
            List<String> invalid = labels.stream().filter(l -> !target.labels().contains(l)).distinct().toList();
            List<ParameterVersion> versions = parameter.versions().stream()
                    .map(v -> v.version() == version ? v.withLabels(v.labels().stream().filter(l -> !removed.contains(l)).toList()) : v)
                    .toList();
            store.put(new StoredParameter(versions, parameter.tags()));
            return Map.of("RemovedLabels", removed, "InvalidLabels", invalid);
        }
    }

    /** The version a label names; null when no version carries it. */
    static ParameterVersion labelled(StoredParameter parameter, String label) {
        return parameter.versions().stream().filter(v -> v.labels().contains(label)).findFirst().orElse(null);
    }

    private static ParameterVersion version(StoredParameter parameter, String name, long version) {
        return parameter.versions().stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> SsmErrors.versionNotFound(ParameterNames.reference(name).name(), ":" + version));
    }

    /** Labels: 1 to 10 of them, each 1 to 100 characters (the model's ParameterLabelList and ParameterLabel). */
    private static List<String> labels(JsonNode body) {
        JsonNode given = JsonBodies.requiredList(body, "Labels", SsmErrors::validation);
        if (given.size() < 1 || given.size() > MAX_PER_VERSION) {
            throw SsmErrors.validation(ValidationMessage.withoutValue("Labels", given.size() < 1
                    ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 10"));
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode label : given) {
            String text = label.asText();
            if (text.isEmpty() || text.length() > MAX_LENGTH) {
                throw SsmErrors.validation(ValidationMessage.of(text, "Labels", "Member must satisfy constraint: [Member must have "
                        + "length less than or equal to 100, Member must have length greater than or equal to 1]"));
            }
            labels.add(text);
        }
        return labels;
    }
}
