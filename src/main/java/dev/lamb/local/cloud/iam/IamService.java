package dev.lamb.local.cloud.iam;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.ValidationMessage;

/**
 * IAM's roles as the local cloud serves them: the query protocol (form-encoded {@code Action=...}
 * requests, XML responses and errors) of API version 2010-05-08, with the roles persisted under
 * {@code <dataDir>/iam/}. An action it does not implement answers NotImplemented, never a silent success.
 */
public final class IamService implements AwsService {
    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final String VERSION = "2010-05-08";
    static final String ACCOUNT = "000000000000";

    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("(/)|(/[\\u0021-\\u007E]+/)");
    private static final Pattern POLICY_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/.+");
    private static final Pattern MEMBER = Pattern.compile("(\\w+)\\.member\\.(\\d+)(?:\\.(\\w+))?");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int MAX_TAGS = 50;

    private final RoleStore roles;
    private final SecureRandom random = new SecureRandom();

    /** What each action takes (the request's parameters) and gives (the XML of its answer). */
    @FunctionalInterface
    private interface Handler {
        String run(IamService iam, Map<String, String> params);
    }

    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byAction("IAM")
            .add("CreateRole", IamService::createRole)
            .add("GetRole", IamService::getRole)
            .add("DeleteRole", IamService::deleteRole)
            .add("UpdateRole", IamService::updateRole)
            .add("UpdateAssumeRolePolicy", IamService::updateAssumeRolePolicy)
            .add("ListRoles", IamService::listRoles)
            .add("AttachRolePolicy", IamService::attachRolePolicy)
            .add("DetachRolePolicy", IamService::detachRolePolicy)
            .add("ListAttachedRolePolicies", IamService::listAttachedRolePolicies)
            .add("TagRole", IamService::tagRole)
            .add("UntagRole", IamService::untagRole)
            .add("ListRoleTags", IamService::listRoleTags)
            .build();

    public IamService(Path dataDir) {
        this.roles = new RoleStore(dataDir);
    }

    @Override
    public OperationTable<?> operations() {
        return OPERATIONS;
    }

    /** The operations this service serves, without an instance of it (for `lamb local operations`). */
    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    @Override
    public String signingName() {
        return "iam";
    }

    /** Whether a role of that ARN exists (Lambda's CreateFunction refuses a role that does not). */
    public boolean roleExists(String roleArn) {
        return roleArn != null && roles.byArn(roleArn).isPresent();
    }

    /** When the role of that ARN was created, for faults that delay a new role's use (IAM propagation). */
    public Optional<Instant> roleCreatedAt(String roleArn) {
        return roleArn == null ? Optional.empty() : roles.byArn(roleArn).map(r -> Instant.parse(r.createDate()));
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        request.query().forEach((k, v) -> {
            if (!v.isEmpty()) {
                params.put(k, v.get(0));
            }
        });
        if (!"GET".equals(request.method())) {
            params.putAll(form(request.bodyText()));
        }
        String action = params.get("Action");
        if (action == null || action.isEmpty()) {
            throw new AwsServiceException(400, "MissingAction", "Missing Action");
        }
        String version = params.get("Version");
        if (version != null && !version.equals(VERSION)) {
            throw new AwsServiceException(400, "InvalidAction",
                    "Could not find operation " + action + " for version " + version);
        }
        return CloudResponse.of(200, "text/xml", OPERATIONS.named(action).run(this, params));
    }

    @Override
    public CloudResponse error(AwsServiceException e) {
        String xml = new XmlWriter().startRoot("ErrorResponse", NAMESPACE)
                .start("Error")
                .element("Type", e.status() >= 500 ? "Receiver" : "Sender")
                .element("Code", e.code())
                .element("Message", e.getMessage())
                .end()
                .element("RequestId", UUID.randomUUID())
                .end().finish();
        return CloudResponse.of(e.status(), "text/xml", xml);
    }

    // ---------------------------------------------------------------- actions

    private String createRole(Map<String, String> p) {
        String name = roleName(p);
        String path = p.getOrDefault("Path", "/");
        validatePath(path, "path");
        String document = policyDocument(p, "AssumeRolePolicyDocument", "assumeRolePolicyDocument");
        String description = p.get("Description");
        checkLength(description, 1000, "description");
        int maxSession = maxSessionDuration(p, 3600);
        if (p.containsKey("PermissionsBoundary")) {
            throw AwsServiceException.notImplemented("IAM", "CreateRole with a PermissionsBoundary");
        }
        Map<String, String> tags = tags(p);
        if (tags.size() > MAX_TAGS) {
            throw new AwsServiceException(409, "LimitExceeded", "Cannot exceed quota for TagsPerRole: " + MAX_TAGS + ".");
        }
        String arn = "arn:aws:iam::" + ACCOUNT + ":role" + path + name;
        IamRole role = new IamRole(path, name, newRoleId(), arn,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), document, description, maxSession, tags,
                List.of());
        if (!roles.create(role)) {
            throw new AwsServiceException(409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
        }
        return respond("CreateRole", x -> {
            x.start("Role");
            writeRole(x, role, true, false);
            x.end();
        });
    }

    private String getRole(Map<String, String> p) {
        IamRole role = existingRole(p);
        return respond("GetRole", x -> {
            x.start("Role");
            writeRole(x, role, true, true);
            x.end();
        });
    }

    private String deleteRole(Map<String, String> p) {
        IamRole role = existingRole(p);
        if (!role.attachedPolicies().isEmpty()) {
            throw new AwsServiceException(409, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
        }
        roles.delete(role.roleName());
        return respond("DeleteRole", null);
    }

    private String updateRole(Map<String, String> p) {
        IamRole role = existingRole(p);
        String description = p.containsKey("Description") ? p.get("Description") : role.description();
        checkLength(description, 1000, "description");
        int maxSession = maxSessionDuration(p, role.maxSessionDuration());
        roles.update(role.roleName(), r -> r.withDescriptionAndDuration(description, maxSession));
        return respond("UpdateRole", x -> {});
    }

    private String updateAssumeRolePolicy(Map<String, String> p) {
        IamRole role = existingRole(p);
        String document = policyDocument(p, "PolicyDocument", "policyDocument");
        roles.update(role.roleName(), r -> r.withAssumeRolePolicyDocument(document));
        return respond("UpdateAssumeRolePolicy", null);
    }

    private String listRoles(Map<String, String> p) {
        String prefix = p.getOrDefault("PathPrefix", "/");
        List<IamRole> matching = roles.all().stream().filter(r -> r.path().startsWith(prefix)).toList();
        Page<IamRole> page = page(matching, p);
        return respond("ListRoles", x -> {
            x.start("Roles");
            for (IamRole role : page.items()) {
                x.start("member");
                writeRole(x, role, false, false);
                x.end();
            }
            x.end();
            page.writeTruncation(x);
        });
    }

    private String attachRolePolicy(Map<String, String> p) {
        String name = roleName(p);
        String policyArn = policyArn(p);
        if (!ManagedPolicies.exists(policyArn)) {
            throw new AwsServiceException(404, "NoSuchEntity", "Policy " + policyArn + " does not exist or is not attachable.");
        }
        roles.update(name, r -> {
            if (r.attachedPolicies().contains(policyArn)) {
                return r;
            }
            List<String> policies = new ArrayList<>(r.attachedPolicies());
            policies.add(policyArn);
            return r.withAttachedPolicies(policies);
        }).orElseThrow(() -> noSuchRole(name));
        return respond("AttachRolePolicy", null);
    }

    private String detachRolePolicy(Map<String, String> p) {
        String name = roleName(p);
        String policyArn = policyArn(p);
        IamRole role = roles.get(name).orElseThrow(() -> noSuchRole(name));
        if (!role.attachedPolicies().contains(policyArn)) {
            throw new AwsServiceException(404, "NoSuchEntity", "Policy " + policyArn + " was not found.");
        }
        roles.update(name, r -> {
            List<String> policies = new ArrayList<>(r.attachedPolicies());
            policies.remove(policyArn);
            return r.withAttachedPolicies(policies);
        });
        return respond("DetachRolePolicy", null);
    }

    private String listAttachedRolePolicies(Map<String, String> p) {
        IamRole role = existingRole(p);
        String prefix = p.getOrDefault("PathPrefix", "/");
        List<String> matching = role.attachedPolicies().stream()
                .filter(arn -> ManagedPolicies.path(arn).startsWith(prefix)).toList();
        Page<String> page = page(matching, p);
        return respond("ListAttachedRolePolicies", x -> {
            x.start("AttachedPolicies");
            for (String arn : page.items()) {
                x.start("member").element("PolicyName", ManagedPolicies.name(arn)).element("PolicyArn", arn).end();
            }
            x.end();
            page.writeTruncation(x);
        });
    }

    private String tagRole(Map<String, String> p) {
        IamRole role = existingRole(p);
        Map<String, String> newTags = tags(p);
        if (newTags.isEmpty()) {
            throw validation(ValidationMessage.mustNotBeNull("tags"));
        }
        Map<String, String> merged = new LinkedHashMap<>(role.tags());
        newTags.forEach((k, v) -> {
            merged.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
            merged.put(k, v);
        });
        if (merged.size() > MAX_TAGS) {
            throw new AwsServiceException(409, "LimitExceeded", "Cannot exceed quota for TagsPerRole: " + MAX_TAGS + ".");
        }
        roles.update(role.roleName(), r -> r.withTags(merged));
        return respond("TagRole", null);
    }

    private String untagRole(Map<String, String> p) {
        IamRole role = existingRole(p);
        List<String> keys = new ArrayList<>(members(p, "TagKeys").values().stream().map(m -> m.get("")).toList());
        if (keys.isEmpty()) {
            throw validation(ValidationMessage.mustNotBeNull("tagKeys"));
        }
        Map<String, String> remaining = new LinkedHashMap<>(role.tags());
        remaining.keySet().removeIf(k -> keys.stream().anyMatch(k::equalsIgnoreCase));
        roles.update(role.roleName(), r -> r.withTags(remaining));
        return respond("UntagRole", null);
    }

    private String listRoleTags(Map<String, String> p) {
        IamRole role = existingRole(p);
        Page<Map.Entry<String, String>> page = page(new ArrayList<>(role.tags().entrySet()), p);
        return respond("ListRoleTags", x -> {
            x.start("Tags");
            for (Map.Entry<String, String> tag : page.items()) {
                x.start("member").element("Key", tag.getKey()).element("Value", tag.getValue()).end();
            }
            x.end();
            page.writeTruncation(x);
        });
    }

    // ---------------------------------------------------------------- rendering

    /** {@code <XResponse><XResult>…</XResult><ResponseMetadata>…}; no result element when {@code result} is null. */
    private static String respond(String action, Consumer<XmlWriter> result) {
        XmlWriter x = new XmlWriter().startRoot(action + "Response", NAMESPACE);
        if (result != null) {
            x.start(action + "Result");
            result.accept(x);
            x.end();
        }
        x.start("ResponseMetadata").element("RequestId", UUID.randomUUID()).end();
        return x.end().finish();
    }

    private static void writeRole(XmlWriter x, IamRole role, boolean withTags, boolean withLastUsed) {
        x.element("Path", role.path())
                .element("RoleName", role.roleName())
                .element("RoleId", role.roleId())
                .element("Arn", role.arn())
                .element("CreateDate", role.createDate())
                .element("AssumeRolePolicyDocument", urlEncode(role.assumeRolePolicyDocument()))
                .element("Description", role.description())
                .element("MaxSessionDuration", role.maxSessionDuration());
        if (withTags && !role.tags().isEmpty()) {
            x.start("Tags");
            role.tags().forEach((k, v) -> x.start("member").element("Key", k).element("Value", v).end());
            x.end();
        }
        if (withLastUsed) {
            x.start("RoleLastUsed").end();
        }
    }

    /** URL-encoded as IAM returns policy documents: botocore decodes them with unquote, so spaces are %20, not +. */
    static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---------------------------------------------------------------- parameters

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                // IAM's common error for a query it cannot parse, with the status its API reference gives it.
                throw new AwsServiceException(404, "MalformedQueryString", "The query string contains a syntax error.");
            }
        }
        return out;
    }

    /**
     * The members of a list parameter, by index: {@code Tags.member.1.Key=k} gives {1: {Key: k}};
     * {@code TagKeys.member.1=k} gives {1: {"": k}}.
     */
    private static TreeMap<Integer, Map<String, String>> members(Map<String, String> p, String list) {
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

    private static Map<String, String> tags(Map<String, String> p) {
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
        return tags;
    }

    private static String roleName(Map<String, String> p) {
        String name = p.get("RoleName");
        if (name == null) {
            throw validation(ValidationMessage.mustNotBeNull("roleName"));
        }
        if (name.isEmpty() || name.length() > 64) {
            throw validation(ValidationMessage.of(name, "roleName", "Member must have length between 1 and 64"));
        }
        if (!ROLE_NAME.matcher(name).matches()) {
            throw validation(ValidationMessage.of(name, "roleName", "Member must satisfy regular expression pattern: [\\w+=,.@-]+"));
        }
        return name;
    }

    private static void validatePath(String path, String field) {
        if (path.isEmpty() || path.length() > 512) {
            throw validation(ValidationMessage.of(path, field, "Member must have length between 1 and 512"));
        }
        if (!PATH.matcher(path).matches()) {
            throw validation(ValidationMessage.of(path, field,
                    "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)"));
        }
    }

    private static String policyArn(Map<String, String> p) {
        String arn = p.get("PolicyArn");
        if (arn == null) {
            throw validation(ValidationMessage.mustNotBeNull("policyArn"));
        }
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw new AwsServiceException(400, "InvalidInput", "ARN " + arn + " is not valid.");
        }
        return arn;
    }

    private static String policyDocument(Map<String, String> p, String param, String field) {
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
        return document;
    }

    private static int maxSessionDuration(Map<String, String> p, int dflt) {
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

    private static void checkLength(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw validation(ValidationMessage.of(value, field, "Member must have length less than or equal to " + max));
        }
    }

    private IamRole existingRole(Map<String, String> p) {
        String name = roleName(p);
        return roles.get(name).orElseThrow(() -> noSuchRole(name));
    }

    private static AwsServiceException noSuchRole(String name) {
        return new AwsServiceException(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
    }

    private static AwsServiceException validation(String message) {
        return new AwsServiceException(400, "ValidationError", message);
    }

    private String newRoleId() {
        StringBuilder id = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    // ---------------------------------------------------------------- pagination

    /** One page of a list: Marker is the index of the next item, MaxItems 1..1000 (default 100). */
    private record Page<T>(List<T> items, String nextMarker) {
        void writeTruncation(XmlWriter x) {
            x.element("IsTruncated", nextMarker != null);
            x.element("Marker", nextMarker);
        }
    }

    private static <T> Page<T> page(List<T> all, Map<String, String> p) {
        int max = 100;
        String rawMax = p.get("MaxItems");
        if (rawMax != null) {
            try {
                max = Integer.parseInt(rawMax.trim());
            } catch (NumberFormatException e) {
                throw new AwsServiceException(400, "InvalidInput", "Invalid value for MaxItems: " + rawMax);
            }
            if (max < 1 || max > 1000) {
                throw validation(ValidationMessage.shown(String.valueOf(max), "maxItems", "Member must have value between 1 and 1000"));
            }
        }
        int start = 0;
        String marker = p.get("Marker");
        if (marker != null) {
            try {
                start = Integer.parseInt(marker.trim());
            } catch (NumberFormatException e) {
                start = -1;
            }
            if (start < 0 || start > all.size()) {
                throw new AwsServiceException(400, "InvalidInput", "Invalid Marker.");
            }
        }
        int end = Math.min(all.size(), start + max);
        return new Page<>(all.subList(start, end), end < all.size() ? String.valueOf(end) : null);
    }

}
