package dev.lamb.local.cloud.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.ValidationMessage;

/** IAM's request parameters as its API reference constrains them, refused with IAM's codes and messages. */
final class IamParams {
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("(/)|(/[\\u0021-\\u007E]+/)");
    private static final Pattern POLICY_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/.+");
    private static final Pattern MEMBER = Pattern.compile("(\\w+)\\.member\\.(\\d+)(?:\\.(\\w+))?");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final int MAX_TAGS = 50;

    private IamParams() {}

    static String roleName(Map<String, String> p) {
        return name(p, "RoleName", "roleName", 64);
    }

    /** A name of IAM's pattern: a role's (1..64) or a policy's (1..128). */
    static String name(Map<String, String> p, String param, String field, int maxLength) {
        String name = p.get(param);
        if (name == null) {
            throw validation(ValidationMessage.mustNotBeNull(field));
        }
        if (name.isEmpty() || name.length() > maxLength) {
            throw validation(ValidationMessage.of(name, field, "Member must have length between 1 and " + maxLength));
        }
        if (!NAME.matcher(name).matches()) {
            throw validation(ValidationMessage.of(name, field, "Member must satisfy regular expression pattern: [\\w+=,.@-]+"));
        }
        return name;
    }

    static void validatePath(String path, String field) {
        if (path.isEmpty() || path.length() > 512) {
            throw validation(ValidationMessage.of(path, field, "Member must have length between 1 and 512"));
        }
        if (!PATH.matcher(path).matches()) {
            throw validation(ValidationMessage.of(path, field,
                    "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)"));
        }
    }

    static String policyArn(Map<String, String> p) {
        String arn = p.get("PolicyArn");
        if (arn == null) {
            throw validation(ValidationMessage.mustNotBeNull("policyArn"));
        }
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw new AwsServiceException(400, "InvalidInput", "ARN " + arn + " is not valid.");
        }
        return arn;
    }

    /** A trust policy: JSON with a Statement. */
    static String policyDocument(Map<String, String> p, String param, String field) {
        return parsedDocument(p, param, field).raw();
    }

    /**
     * A permissions policy (inline or managed): a trust policy's rules, and no principal, which only
     * resource-based policies name.
     */
    static String permissionsDocument(Map<String, String> p) {
        ParsedDocument document = parsedDocument(p, "PolicyDocument", "policyDocument");
        JsonNode statements = document.json().get("Statement");
        for (JsonNode statement : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            if (statement.has("Principal") || statement.has("NotPrincipal")) {
                throw new AwsServiceException(400, "MalformedPolicyDocument", "Policy document should not specify a principal.");
            }
        }
        return document.raw();
    }

    private record ParsedDocument(String raw, JsonNode json) {}

    private static ParsedDocument parsedDocument(Map<String, String> p, String param, String field) {
        String document = p.get(param);
        if (document == null) {
            throw validation(ValidationMessage.mustNotBeNull(field));
        }
        if (document.isEmpty() || document.length() > 131072) {
            throw validation(ValidationMessage.of(document, field, "Member must have length between 1 and 131072"));
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new AwsServiceException(400, "MalformedPolicyDocument", "This policy contains invalid Json");
        }
        if (parsed == null || !parsed.isObject()) {
            throw new AwsServiceException(400, "MalformedPolicyDocument", "This policy contains invalid Json");
        }
        if (!parsed.has("Statement")) {
            throw new AwsServiceException(400, "MalformedPolicyDocument", "Syntax errors in policy.");
        }
        return new ParsedDocument(document, parsed);
    }

    /** A policy's size as IAM's quotas count it: its characters, white space excluded. */
    static int policySize(String document) {
        return (int) document.chars().filter(c -> !Character.isWhitespace(c)).count();
    }

    static int maxSessionDuration(Map<String, String> p, int dflt) {
        String raw = p.get("MaxSessionDuration");
        if (raw == null) {
            return dflt;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new AwsServiceException(400, "InvalidInput", "Invalid value for MaxSessionDuration: " + raw);
        }
        if (value < 3600 || value > 43200) {
            throw validation(ValidationMessage.shown(String.valueOf(value), "maxSessionDuration",
                    "Member must have value " + (value < 3600 ? "greater than or equal to 3600" : "less than or equal to 43200")));
        }
        return value;
    }

    static void checkLength(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw validation(ValidationMessage.of(value, field, "Member must have length less than or equal to " + max));
        }
    }

    static AwsServiceException validation(String message) {
        return new AwsServiceException(400, "ValidationError", message);
    }

    /**
     * The members of a list parameter, by index: {@code Tags.member.1.Key=k} gives {1: {Key: k}};
     * {@code TagKeys.member.1=k} gives {1: {"": k}}.
     */
    static TreeMap<Integer, Map<String, String>> members(Map<String, String> p, String list) {
        TreeMap<Integer, Map<String, String>> out = new TreeMap<>();
        p.forEach((k, v) -> {
            Matcher m = MEMBER.matcher(k);
            if (m.matches() && m.group(1).equals(list)) {
                out.computeIfAbsent(Integer.parseInt(m.group(2)), i -> new LinkedHashMap<>())
                        .put(m.group(3) == null ? "" : m.group(3), v);
            }
        });
        return out;
    }

    /** The request's Tags, at most 50, keys unique regardless of case. */
    static Map<String, String> tags(Map<String, String> p, String quota) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> member : members(p, "Tags").values()) {
            String key = member.get("Key");
            String value = member.getOrDefault("Value", "");
            if (key == null) {
                throw validation(ValidationMessage.mustNotBeNull("tags.member.key"));
            }
            if (key.isEmpty() || key.length() > 128) {
                throw validation(ValidationMessage.of(key, "tags.member.key",
                        "Member must have length between 1 and 128"));
            }
            if (value.length() > 256) {
                throw validation(ValidationMessage.of(value, "tags.member.value", "Member must have length less than or equal to 256"));
            }
            if (tags.keySet().stream().anyMatch(key::equalsIgnoreCase)) {
                throw new AwsServiceException(400, "InvalidInput",
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
            tags.put(key, value);
        }
        if (tags.size() > MAX_TAGS) {
            throw tooManyTags(quota);
        }
        return tags;
    }

    static AwsServiceException tooManyTags(String quota) {
        return new AwsServiceException(409, "LimitExceeded", "Cannot exceed quota for " + quota + ": " + MAX_TAGS + ".");
    }
}
