package dev.lamb.local.cloud.ssm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.PageAfter;
import dev.lamb.local.cloud.Regions;
import dev.lamb.local.cloud.ValidationMessage;

/**
 * The local SSM Parameter Store (awsJson1.1, target prefix {@code AmazonSSM}, signing name {@code ssm}): String,
 * StringList and SecureString parameters with their versions, read one by one, by the list, by path and described, as
 * the SSM API Reference defines the operations. A SecureString reads as an opaque ciphertext unless WithDecryption is
 * set; its value is kept in the region's 0600 parameters file and never written anywhere else.
 */
public final class SsmService implements AwsService {
    static final String SERVICE = "Systems Manager";
    static final String TARGET_PREFIX = "AmazonSSM.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    /** The key a SecureString is encrypted with when PutParameter names none: the account's AWS managed key for SSM. */
    static final String DEFAULT_KEY = "alias/aws/ssm";
    /** How many versions Parameter Store keeps of a parameter; putting one more drops the oldest. */
    static final int MAX_VERSIONS = 100;
    private static final Set<String> TYPES = Set.of("String", "StringList", ParameterVersion.SECURE_STRING);
    private static final Set<String> DATA_TYPES = Set.of("text", "aws:ec2:image", "aws:ssm:integration");
    private static final String BY_PATH_TAG = "GetParametersByPath\n";
    private static final String DESCRIBE_TAG = "DescribeParameters\n";
    private static final String HISTORY_TAG = "GetParameterHistory\n";
    /** The most tags a resource of Systems Manager carries (User Guide, "Tagging Systems Manager resources"). */
    private static final int MAX_TAGS = 50;
    private static final String CALLER = "arn:aws:iam::" + LocalAccount.ID + ":root";

    private final ParameterStore store;
    private final LongSupplier clock;

    public SsmService(Path dataDir) {
        this(dataDir, System::currentTimeMillis);
    }

    SsmService(Path dataDir, LongSupplier clock) {
        this.store = new ParameterStore(dataDir);
        this.clock = clock;
    }

    @Override
    public String signingName() {
        return "ssm";
    }

    /** What each operation takes (the body's members, the request's region) and gives: its JSON answer. */
    @FunctionalInterface
    private interface Handler {
        Object run(SsmService ssm, JsonNode body, String region);
    }

    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byTarget(SERVICE, TARGET_PREFIX)
            .add("PutParameter", SsmService::putParameter)
            .add("GetParameter", SsmService::getParameter)
            .add("GetParameters", SsmService::getParameters)
            .add("GetParametersByPath", SsmService::getParametersByPath)
            .add("DescribeParameters", SsmService::describeParameters)
            .add("DeleteParameter", (ssm, body, region) -> ssm.deleteParameter(body))
            .add("DeleteParameters", (ssm, body, region) -> ssm.deleteParameters(body))
            .add("GetParameterHistory", (ssm, body, region) -> ssm.getParameterHistory(body))
            .add("AddTagsToResource", (ssm, body, region) -> ssm.addTags(body))
            .add("RemoveTagsFromResource", (ssm, body, region) -> ssm.removeTags(body))
            .add("ListTagsForResource", (ssm, body, region) -> ssm.listTags(body))
            .build();

    @Override
    public OperationTable<?> operations() {
        return OPERATIONS;
    }

    /** The operations this service serves, without an instance of it (for `lamb local operations`). */
    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        Object result = OPERATIONS.named(operation(request)).run(this, body(request), region(request));
        return CloudResponse.json(200, result).withHeader("Content-Type", CONTENT_TYPE);
    }

    @Override
    public List<IamAction> iamActions(CloudRequest request) {
        String target = request.header("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            return List.of();
        }
        return SsmIamActions.of(target.substring(TARGET_PREFIX.length()), body(request), region(request), store);
    }

    @Override
    public CloudResponse error(AwsServiceException e) {
        return AwsService.jsonError(e).withHeader("Content-Type", CONTENT_TYPE);
    }

    @Override
    public Map<String, Integer> counts() {
        return Map.of("parameters", store.size());
    }

    @Override
    public void close() {
        store.close();
    }

    private static String operation(CloudRequest request) {
        String target = request.header("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new AwsServiceException(400, "UnknownOperationException",
                    "Systems Manager requests are POST / with X-Amz-Target: AmazonSSM.<Operation>");
        }
        return target.substring(TARGET_PREFIX.length());
    }

    private static JsonNode body(CloudRequest request) {
        return JsonBodies.object(request, () -> new AwsServiceException(400, "SerializationException", "The request body is not JSON"));
    }

    private static String region(CloudRequest request) {
        return request.region() == null ? Regions.HOME : request.region();
    }

    // ---- operations ---------------------------------------------------------------------------

    private Object putParameter(JsonNode body, String region) {
        String name = JsonBodies.required(body, "Name", SsmErrors::validation);
        String value = JsonBodies.text(body, "Value");
        if (value == null) {
            throw SsmErrors.validation(ValidationMessage.mustNotBeNull("Value"));
        }
        if (value.isEmpty()) {
            throw SsmErrors.validation(ValidationMessage.withoutValue("Value", "Member must have length greater than or equal to 1."));
        }
        ParameterNames.validate(name);
        boolean overwrite = body.path("Overwrite").asBoolean(false);
        Map<String, String> tags = tags(body);
        if (overwrite && !tags.isEmpty()) {
            throw SsmErrors.validation("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, "
                    + "please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or "
                    + "RemoveTagsFromResource.");
        }
        String description = JsonBodies.text(body, "Description");
        if (description != null && description.length() > 1024) {
            throw SsmErrors.validation(ValidationMessage.withoutValue("Description", "Member must have length less than or equal to 1024"));
        }
        synchronized (store) {
            Optional<StoredParameter> existing = store.get(name);
            if (existing.isPresent() && !overwrite) {
                throw SsmErrors.alreadyExists();
            }
            Optional<ParameterVersion> last = existing.map(StoredParameter::latest);
            String type = Optional.ofNullable(JsonBodies.text(body, "Type")).or(() -> last.map(ParameterVersion::type))
                    .orElseThrow(() -> SsmErrors.validation("A parameter type is required when you create a parameter."));
            if (!TYPES.contains(type)) {
                throw SsmErrors.validation(ValidationMessage.of(type, "Type",
                        "Member must satisfy enum value set: [SecureString, StringList, String]"));
            }
            if (last.isPresent() && !last.get().type().equals(type)) {
                // The API Reference's HierarchyTypeMismatchException: a parameter keeps the type it was created with.
                throw new AwsServiceException(400, "HierarchyTypeMismatchException", "Parameter Store doesn't support changing a "
                        + "parameter type in a hierarchy. For example, you can't change a parameter from a String type to a "
                        + "SecureString type. You must create a new, unique parameter.");
            }
            String dataType = Optional.ofNullable(JsonBodies.text(body, "DataType")).or(() -> last.map(ParameterVersion::dataType))
                    .orElse("text");
            if (!DATA_TYPES.contains(dataType)) {
                throw SsmErrors.validation("The following data type is not supported: " + dataType + " (Data type names are all lowercase.)");
            }
            String pattern = Optional.ofNullable(JsonBodies.text(body, "AllowedPattern"))
                    .or(() -> last.map(ParameterVersion::allowedPattern)).orElse(null);
            ParameterValues.checkPattern(pattern, value);
            String tier = ParameterValues.tier(JsonBodies.text(body, "Tier"), last, value);
            boolean secure = ParameterVersion.SECURE_STRING.equals(type);
            String keyId = secure ? Optional.ofNullable(JsonBodies.text(body, "KeyId"))
                    .or(() -> last.map(ParameterVersion::keyId)).orElse(DEFAULT_KEY) : null;
            long version = last.map(v -> v.version() + 1).orElse(1L);
            String storedName = existing.map(StoredParameter::name).orElse(name);
            ParameterVersion put = new ParameterVersion(storedName, type, value, secure ? ParameterValues.ciphertext(value) : null, version,
                    description != null ? description : last.map(ParameterVersion::description).orElse(null), keyId, pattern, tier,
                    dataType, clock.getAsLong(), CALLER);
            List<ParameterVersion> versions = new ArrayList<>(existing.map(StoredParameter::versions).orElse(List.of()));
            versions.add(put);
            while (versions.size() > MAX_VERSIONS) {
                versions.remove(0);
            }
            store.put(new StoredParameter(versions, existing.map(StoredParameter::tags).orElse(tags)));
            return Map.of("Version", version, "Tier", tier);
        }
    }

    private static Map<String, String> tags(JsonNode body) {
        Map<String, String> tags = new LinkedHashMap<>();
        body.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        return tags;
    }

    private Object getParameter(JsonNode body, String region) {
        String given = JsonBodies.required(body, "Name", SsmErrors::validation);
        ParameterNames.Reference ref = ParameterNames.reference(given);
        ParameterVersion version = find(ref).orElseThrow(() -> SsmErrors.notFound(ref.name()));
        return Map.of("Parameter", ParameterViews.parameter(version, ref, region, body.path("WithDecryption").asBoolean(false)));
    }

    /** The version a reference names; empty when there is no such parameter, ParameterVersionNotFound when no such version. */
    private Optional<ParameterVersion> find(ParameterNames.Reference ref) {
        Optional<StoredParameter> parameter = store.get(ref.name());
        Long wanted = ref.version();
        if (wanted == null || parameter.isEmpty()) {
            return parameter.map(StoredParameter::latest);
        }
        return Optional.of(parameter.get().versions().stream().filter(v -> v.version() == wanted).findFirst()
                .orElseThrow(() -> SsmErrors.versionNotFound(ref.name(), ref.selector())));
    }

    private Object getParameters(JsonNode body, String region) {
        JsonNode names = JsonBodies.requiredList(body, "Names", SsmErrors::validation);
        if (names.size() < 1 || names.size() > 10) {
            throw SsmErrors.validation(ValidationMessage.withoutValue("Names", names.size() < 1
                    ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 10"));
        }
        boolean decrypt = body.path("WithDecryption").asBoolean(false);
        List<Object> found = new ArrayList<>();
        Set<String> invalid = new LinkedHashSet<>();
        Set<String> asked = new LinkedHashSet<>();
        names.forEach(n -> asked.add(n.asText()));
        for (String given : asked) {
            ParameterNames.Reference ref = ParameterNames.reference(given);
            try {
                find(ref).ifPresentOrElse(v -> found.add(ParameterViews.parameter(v, ref, region, decrypt)), () -> invalid.add(given));
            } catch (AwsServiceException e) {
                invalid.add(given);
            }
        }
        return Map.of("Parameters", found, "InvalidParameters", List.copyOf(invalid));
    }

    private Object getParametersByPath(JsonNode body, String region) {
        String path = JsonBodies.required(body, "Path", SsmErrors::validation);
        if (!path.startsWith("/") || path.contains("//")) {
            throw SsmErrors.validation("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a "
                    + "forward slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, "
                    + "numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. "
                    + "All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.");
        }
        boolean recursive = body.path("Recursive").asBoolean(false);
        boolean decrypt = body.path("WithDecryption").asBoolean(false);
        int max = maxResults(body, 10, 10);
        Predicate<StoredParameter> filter = ParameterFilters.byPath(body);
        List<ParameterVersion> under = store.all().stream().filter(filter)
                .map(StoredParameter::latest).filter(v -> ParameterFilters.underPath(v.name(), path, recursive)).toList();
        PageAfter.Page<ParameterVersion> page = PageAfter.page(BY_PATH_TAG, under, v -> ParameterNames.key(v.name()),
                JsonBodies.text(body, "NextToken"), max, SsmErrors::invalidNextToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Parameters", page.items().stream().map(v -> ParameterViews.parameter(v, null, region, decrypt)).toList());
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return out;
    }

    private Object describeParameters(JsonNode body, String region) {
        int max = maxResults(body, 10, 50);
        Predicate<StoredParameter> filter = ParameterFilters.describe(body);
        List<ParameterVersion> matching = store.all().stream().filter(filter).map(StoredParameter::latest).toList();
        PageAfter.Page<ParameterVersion> page = PageAfter.page(DESCRIBE_TAG, matching, v -> ParameterNames.key(v.name()),
                JsonBodies.text(body, "NextToken"), max, SsmErrors::invalidNextToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Parameters", page.items().stream().map(v -> ParameterViews.metadata(v, region)).toList());
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return out;
    }

    /** A page's size: MaxResults, or {@code fallback} without it (AWS's: ten a page for the listings but the history). */
    private static int maxResults(JsonNode body, int fallback, int most) {
        JsonNode given = body.get("MaxResults");
        if (given == null || given.isNull()) {
            return fallback;
        }
        int max = given.asInt();
        if (max < 1 || max > most) {
            throw SsmErrors.validation(ValidationMessage.of(max, "MaxResults", max < 1
                    ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to " + most));
        }
        return max;
    }

    private Object deleteParameter(JsonNode body) {
        String name = JsonBodies.required(body, "Name", SsmErrors::validation);
        if (!store.remove(name)) {
            throw SsmErrors.notFound(name);
        }
        return Map.of();
    }

    private Object deleteParameters(JsonNode body) {
        JsonNode names = JsonBodies.requiredList(body, "Names", SsmErrors::validation);
        Set<String> deleted = new LinkedHashSet<>();
        Set<String> invalid = new LinkedHashSet<>();
        names.forEach(n -> (store.remove(n.asText()) ? deleted : invalid).add(n.asText()));
        return Map.of("DeletedParameters", List.copyOf(deleted), "InvalidParameters", List.copyOf(invalid));
    }

    private Object getParameterHistory(JsonNode body) {
        String name = JsonBodies.required(body, "Name", SsmErrors::validation);
        StoredParameter parameter = store.get(ParameterNames.reference(name).name()).orElseThrow(() -> SsmErrors.notFound(name));
        boolean decrypt = body.path("WithDecryption").asBoolean(false);
        PageAfter.Page<ParameterVersion> page = PageAfter.page(HISTORY_TAG, parameter.versions(), v -> String.format("%020d", v.version()),
                JsonBodies.text(body, "NextToken"), maxResults(body, 50, 50), SsmErrors::invalidNextToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Parameters", page.items().stream().map(v -> {
            Map<String, Object> item = ParameterViews.metadata(v, null);
            item.put("Value", v.valueRead(decrypt));
            item.put("Labels", List.of());
            return item;
        }).toList());
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return out;
    }

    /** The parameter a tagging request names: Parameter Store serves the Parameter resource type only. */
    private StoredParameter tagged(JsonNode body) {
        String type = JsonBodies.required(body, "ResourceType", SsmErrors::validation);
        String id = JsonBodies.required(body, "ResourceId", SsmErrors::validation);
        if (!"Parameter".equals(type)) {
            throw new AwsServiceException(400, "InvalidResourceType", "The resource type isn't valid. lamb's local cloud tags "
                    + "parameters only (ResourceType Parameter).");
        }
        return store.get(ParameterNames.reference(id).name()).orElseThrow(() -> new AwsServiceException(400, "InvalidResourceId",
                "The resource ID isn't valid. Verify that you entered the correct ID and try again."));
    }

    private Object addTags(JsonNode body) {
        JsonNode given = JsonBodies.requiredList(body, "Tags", SsmErrors::validation);
        synchronized (store) {
            StoredParameter parameter = tagged(body);
            Map<String, String> tags = new LinkedHashMap<>(parameter.tags());
            given.forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
            if (tags.size() > MAX_TAGS) {
                throw new AwsServiceException(400, "TooManyTagsError", "The resource can have at most " + MAX_TAGS + " tags.");
            }
            store.put(new StoredParameter(parameter.versions(), tags));
        }
        return Map.of();
    }

    private Object removeTags(JsonNode body) {
        JsonNode keys = JsonBodies.requiredList(body, "TagKeys", SsmErrors::validation);
        synchronized (store) {
            StoredParameter parameter = tagged(body);
            Map<String, String> tags = new LinkedHashMap<>(parameter.tags());
            keys.forEach(k -> tags.remove(k.asText()));
            store.put(new StoredParameter(parameter.versions(), tags));
        }
        return Map.of();
    }

    private Object listTags(JsonNode body) {
        List<Map<String, String>> tags = new ArrayList<>();
        tagged(body).tags().forEach((k, v) -> tags.add(Map.of("Key", k, "Value", v)));
        return Map.of("TagList", tags);
    }
}
