package dev.lamb.local.cloud.ssm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * DescribeParameters' and GetParametersByPath's filters, as the SSM API Reference's ParameterStringFilter defines them:
 * {@code Name} (Equals, BeginsWith, Contains), {@code Path} (OneLevel, Recursive), {@code Type}, {@code KeyId},
 * {@code Tier}, {@code DataType} and {@code tag:KEY} (Equals, BeginsWith); and DescribeParameters' older {@code Filters}
 * (Name begins with, Type, KeyId). A parameter passes when it passes every filter, and a filter when it matches any value.
 */
final class ParameterFilters {
    private static final Set<String> DESCRIBE_KEYS = Set.of("Name", "Type", "KeyId", "Path", "Tier", "DataType");
    private static final Set<String> BY_PATH_KEYS = Set.of("Type", "KeyId", "Label", "DataType");

    private ParameterFilters() {}

    /** One ParameterStringFilter, its option defaulted as the reference says (Path OneLevel, the others Equals). */
    private record Filter(String key, String option, List<String> values) {
        boolean matches(StoredParameter parameter) {
            ParameterVersion p = parameter.latest();
            if (key.startsWith("tag:")) {
                String tag = parameter.tags().get(key.substring(4));
                return tag != null && (values.isEmpty() || values.stream().anyMatch(v -> compare(tag, v)));
            }
            return values.stream().anyMatch(v -> switch (key) {
                case "Name" -> "Contains".equals(option) ? p.name().contains(v)
                        : "BeginsWith".equals(option) ? p.name().startsWith(v) || ParameterNames.path(p.name()).startsWith(ParameterNames.path(v))
                        : ParameterNames.key(p.name()).equals(ParameterNames.key(v));
                case "Path" -> underPath(p.name(), v, "Recursive".equals(option));
                case "Type" -> compare(p.type(), v);
                case "KeyId" -> p.keyId() != null && compare(p.keyId(), v);
                case "Tier" -> compare(p.tier(), v);
                case "DataType" -> compare(p.dataType(), v);
                case "Label" -> parameter.versions().stream().anyMatch(version -> version.labels().stream().anyMatch(l -> compare(l, v)));
                default -> false;
            });
        }

        private boolean compare(String actual, String value) {
            return "BeginsWith".equals(option) ? actual.startsWith(value) : actual.equals(value);
        }
    }

    /** Whether the parameter is in the hierarchy {@code path}: directly, or at any depth when {@code recursive}. */
    static boolean underPath(String name, String path, boolean recursive) {
        String prefix = path.endsWith("/") ? path : path + "/";
        String full = ParameterNames.path(name);
        return full.startsWith(prefix) && (recursive || full.indexOf('/', prefix.length()) < 0);
    }

    /** DescribeParameters' filters: {@code Filters} or {@code ParameterFilters}, not both. */
    static Predicate<StoredParameter> describe(JsonNode body) {
        JsonNode legacy = body.path("Filters");
        JsonNode filters = body.path("ParameterFilters");
        if (legacy.size() > 0 && filters.size() > 0) {
            throw SsmErrors.validation("You can use either Filters or ParameterFilters in a single request.");
        }
        List<Filter> all = new ArrayList<>();
        for (JsonNode f : legacy) {
            String key = f.path("Key").asText();
            if (!Set.of("Name", "Type", "KeyId").contains(key)) {
                throw SsmErrors.validation(
                        "1 validation error detected: Value '" + key + "' at 'filters.1.member.key' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [Name, Type, KeyId]");
            }
            all.add(new Filter(key, "Name".equals(key) ? "BeginsWith" : "Equals", values(f)));
        }
        all.addAll(parse(filters, false));
        return p -> all.stream().allMatch(f -> f.matches(p));
    }

    /** GetParametersByPath's filters, which the path already narrows: no Name, Path or Tier. */
    static Predicate<StoredParameter> byPath(JsonNode body) {
        List<Filter> all = parse(body.path("ParameterFilters"), true);
        return p -> all.stream().allMatch(f -> f.matches(p));
    }

    /**
     * The version GetParametersByPath answers for a parameter its filters let through: with a Label filter, the version that
     * carries the label (a parameter's labels are on one version each), else the latest.
     */
    static ParameterVersion answered(StoredParameter parameter, JsonNode body) {
        return parse(body.path("ParameterFilters"), true).stream().filter(f -> "Label".equals(f.key())).findFirst()
                .flatMap(f -> parameter.versions().stream().filter(v -> v.labels().stream()
                        .anyMatch(l -> f.values().stream().anyMatch(wanted -> f.compare(l, wanted)))).reduce((a, b) -> b))
                .orElse(parameter.latest());
    }

    private static List<Filter> parse(JsonNode filters, boolean byPath) {
        List<Filter> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode f : filters) {
            String key = f.path("Key").asText();
            boolean tag = key.startsWith("tag:") && key.length() > 4;
            if (!tag && !(byPath ? BY_PATH_KEYS : DESCRIBE_KEYS).contains(key)) {
                throw SsmErrors.invalidFilterKey("The following filter key is not valid: " + key + ". Valid filter keys include: "
                        + (byPath ? "[Type, KeyId, Label]." : "[Path, Name, Type, KeyId, Tier]."));
            }
            if (!seen.add(key)) {
                throw SsmErrors.invalidFilterKey("The following filter is duplicated in the request: " + key
                        + ". A request can contain only one occurrence of a specific filter.");
            }
            List<String> values = values(f);
            if (!tag && values.isEmpty()) {
                throw SsmErrors.invalidFilterValue("The following filter values are missing : null for filter key " + key + ".");
            }
            String option = f.hasNonNull("Option") ? f.get("Option").asText() : "Path".equals(key) ? "OneLevel" : "Equals";
            List<String> options = "Path".equals(key) ? List.of("Recursive", "OneLevel")
                    : "Name".equals(key) ? List.of("BeginsWith", "Equals", "Contains") : List.of("BeginsWith", "Equals");
            if (!options.contains(option)) {
                throw SsmErrors.invalidFilterOption("The following filter option is not valid: " + option + ". Valid options include: "
                        + options + ".");
            }
            if ("Path".equals(key) && values.stream().anyMatch(v -> !v.startsWith("/"))) {
                throw SsmErrors.validation("The parameter doesn't meet the parameter name requirements. The parameter name must begin "
                        + "with a forward slash \"/\".");
            }
            all.add(new Filter(key, option, values));
        }
        return all;
    }

    private static List<String> values(JsonNode filter) {
        List<String> values = new ArrayList<>();
        filter.path("Values").forEach(v -> values.add(v.asText()));
        return values;
    }
}
