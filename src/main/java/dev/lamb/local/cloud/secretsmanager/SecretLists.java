package dev.lamb.local.cloud.secretsmanager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.PageAfter;
import dev.lamb.local.cloud.ValidationMessage;

/**
 * ListSecrets as its reference defines it: without the secrets scheduled for deletion unless IncludePlannedDeletion, the
 * filters (each filter's values any of, every filter at once; a value starting with {@code !} negated), in order of
 * CreatedDate or SortBy, paged by MaxResults (1-100) and NextToken.
 */
final class SecretLists {
    private static final Set<String> KEYS = Set.of("description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all");
    private static final int DEFAULT_PAGE = 100;

    private SecretLists() {}

    static Map<String, Object> page(List<Secret> secrets, JsonNode body) {
        boolean planned = body.path("IncludePlannedDeletion").asBoolean(false);
        List<Predicate<Secret>> filters = new ArrayList<>();
        for (JsonNode filter : body.path("Filters")) {
            filters.add(filter(filter));
        }
        int max = maxResults(body);
        String sortBy = body.path("SortBy").asText("created-date");
        boolean descending = "desc".equals(body.path("SortOrder").asText("asc"));
        Function<Secret, String> key = switch (sortBy) {
            case "name" -> Secret::name;
            case "last-changed-date" -> s -> timeKey(s.lastChanged(), s);
            case "last-accessed-date" -> s -> timeKey(s.lastAccessed() == null ? 0 : s.lastAccessed(), s);
            case "created-date" -> s -> timeKey(s.created(), s);
            default -> throw SecretsManagerErrors.validation(ValidationMessage.of(sortBy, "SortBy",
                    "Member must satisfy enum value set: [created-date, last-accessed-date, last-changed-date, name]"));
        };
        Comparator<String> order = descending ? Comparator.<String>reverseOrder() : Comparator.<String>naturalOrder();
        List<Secret> listed = secrets.stream().filter(s -> planned || !s.scheduledForDeletion())
                .filter(s -> filters.stream().allMatch(f -> f.test(s))).toList();
        PageAfter.Page<Secret> page = PageAfter.page("ListSecrets " + sortBy + " " + descending + "\n", listed, key, order,
                body.path("NextToken").asText(null), max, SecretLists::invalidToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("SecretList", page.items().stream().map(s -> SecretViews.described(s, "SecretVersionsToStages")).toList());
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return out;
    }

    /**
     * ListSecretVersionIds: the versions oldest first (the deprecated ones, without a label, only with IncludeDeprecated),
     * paged as ListSecrets is.
     */
    static Map<String, Object> versions(Secret secret, JsonNode body) {
        boolean deprecated = body.path("IncludeDeprecated").asBoolean(false);
        List<SecretVersion> listed = secret.versions().stream().filter(v -> deprecated || !v.stages().isEmpty()).toList();
        PageAfter.Page<SecretVersion> page = PageAfter.page("ListSecretVersionIds\n", listed,
                v -> String.format(Locale.ROOT, "%015d", v.created()) + "\n" + v.id(), body.path("NextToken").asText(null),
                maxResults(body), SecretLists::invalidToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Versions", page.items().stream().map(v -> Map.of("VersionId", v.id(), "VersionStages", v.stages(),
                "CreatedDate", SecretsManagerService.seconds(v.created()))).toList());
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        out.put("ARN", secret.arn());
        out.put("Name", secret.name());
        return out;
    }

    private static AwsServiceException invalidToken() {
        return new AwsServiceException(400, "InvalidNextTokenException", "The NextToken value is invalid.");
    }

    /** A key that sorts by time, then name (unique within the region). */
    private static String timeKey(long millis, Secret secret) {
        return String.format(Locale.ROOT, "%015d", millis) + "\n" + secret.name();
    }

    private static int maxResults(JsonNode body) {
        JsonNode max = body.get("MaxResults");
        if (max == null || max.isNull()) {
            return DEFAULT_PAGE;
        }
        int n = max.asInt();
        if (n < 1 || n > 100) {
            throw SecretsManagerErrors.validation(ValidationMessage.of(n, "MaxResults", n < 1
                    ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 100"));
        }
        return n;
    }

    /**
     * One filter, as the Filter shape's reference matches: name, tag-key and tag-value by prefix, case-sensitive;
     * description by prefix, not case-sensitive; all by each word of the value against every attribute, not case-sensitive.
     */
    private static Predicate<Secret> filter(JsonNode filter) {
        String key = filter.path("Key").asText("");
        if (!KEYS.contains(key)) {
            throw SecretsManagerErrors.validation(ValidationMessage.of(key, "Filters.1.member.Key",
                    "Member must satisfy enum value set: [all, name, tag-key, description, tag-value, primary-region, owning-service]"));
        }
        List<Predicate<Secret>> any = new ArrayList<>();
        for (JsonNode v : filter.path("Values")) {
            String value = v.asText();
            boolean negated = value.startsWith("!");
            String wanted = negated ? value.substring(1) : value;
            Predicate<Secret> match = s -> matches(key, wanted, s);
            any.add(negated ? match.negate() : match);
        }
        if (any.isEmpty()) {
            throw SecretsManagerErrors.invalidParameter("Invalid filter values. A filter must have at least one value.");
        }
        return s -> any.stream().anyMatch(p -> p.test(s));
    }

    private static boolean matches(String key, String wanted, Secret secret) {
        return switch (key) {
            case "name" -> secret.name().startsWith(wanted);
            case "description" -> secret.description() != null && lower(secret.description()).startsWith(lower(wanted));
            case "tag-key" -> secret.tags().keySet().stream().anyMatch(k -> k.startsWith(wanted));
            case "tag-value" -> secret.tags().values().stream().anyMatch(v -> v.startsWith(wanted));
            case "all" -> allWords(wanted, secret);
            // No secret here is a replica or owned by another service.
            default -> false;
        };
    }

    private static boolean allWords(String wanted, Secret secret) {
        List<String> attributes = new ArrayList<>();
        attributes.add(secret.name());
        if (secret.description() != null) {
            attributes.add(secret.description());
        }
        attributes.addAll(secret.tags().keySet());
        attributes.addAll(secret.tags().values());
        List<String> words = new ArrayList<>();
        attributes.forEach(a -> {
            words.add(lower(a));
            for (String w : lower(a).split("[^\\p{L}\\p{N}]+")) {
                words.add(w);
            }
        });
        for (String word : lower(wanted).trim().split("\\s+")) {
            if (words.stream().noneMatch(w -> w.startsWith(word))) {
                return false;
            }
        }
        return true;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
