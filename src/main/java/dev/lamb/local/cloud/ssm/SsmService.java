package dev.lamb.local.cloud.ssm;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
    /** The largest value of each tier (User Guide, "Managing parameter tiers"). */
    private static final int STANDARD_MAX_VALUE = 4096;
    private static final int ADVANCED_MAX_VALUE = 8192;
    private static final Set<String> TYPES = Set.of("String", "StringList", ParameterVersion.SECURE_STRING);
    private static final Set<String> DATA_TYPES = Set.of("text", "aws:ec2:image", "aws:ssm:integration");
    private static final String BY_PATH_TAG = "GetParametersByPath\n";
    private static final String DESCRIBE_TAG = "DescribeParameters\n";
    private static final String CALLER = "arn:aws:iam::" + LocalAccount.ID + ":root";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The first bytes of a KMS ciphertext blob, so that an undecrypted value looks like AWS's ({@code AQICAH...}). */
    private static final byte[] BLOB_HEADER = {1, 2, 2, 0, 0x78};

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
        return SsmIamActions.of(target.substring(TARGET_PREFIX.length()), body(request), region(request));
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
            String dataType = Optional.ofNullable(JsonBodies.text(body, "DataType")).or(() -> last.map(ParameterVersion::dataType))
                    .orElse("text");
            if (!DATA_TYPES.contains(dataType)) {
                throw SsmErrors.validation("The following data type is not supported: " + dataType + " (Data type names are all lowercase.)");
            }
            String pattern = Optional.ofNullable(JsonBodies.text(body, "AllowedPattern"))
                    .or(() -> last.map(ParameterVersion::allowedPattern)).orElse(null);
            checkPattern(pattern, value);
            String tier = tier(JsonBodies.text(body, "Tier"), last, value);
            boolean secure = ParameterVersion.SECURE_STRING.equals(type);
            String keyId = secure ? Optional.ofNullable(JsonBodies.text(body, "KeyId"))
                    .or(() -> last.map(ParameterVersion::keyId)).orElse(DEFAULT_KEY) : null;
            long version = last.map(v -> v.version() + 1).orElse(1L);
            String storedName = existing.map(StoredParameter::name).orElse(name);
            ParameterVersion put = new ParameterVersion(storedName, type, value, secure ? ciphertext(value) : null, version,
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

    /** Refuses a value the parameter's AllowedPattern does not match, without quoting the value (it may be a secret). */
    private static void checkPattern(String pattern, String value) {
        if (pattern == null || pattern.isEmpty()) {
            return;
        }
        boolean matches;
        try {
            matches = Pattern.compile(pattern).matcher(value).matches();
        } catch (PatternSyntaxException e) {
            throw new AwsServiceException(400, "InvalidAllowedPatternException", "The request does not meet the regular expression "
                    + "requirement: " + pattern);
        }
        if (!matches) {
            throw new AwsServiceException(400, "ParameterPatternMismatchException",
                    "Parameter value failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern);
        }
    }

    /** The tier a version is put in: as asked, else as the parameter was; Intelligent-Tiering picks by the value's size. */
    private static String tier(String asked, Optional<ParameterVersion> last, String value) {
        String tier = asked != null ? asked : last.map(ParameterVersion::tier).orElse("Standard");
        if ("Intelligent-Tiering".equals(tier)) {
            tier = value.length() > STANDARD_MAX_VALUE ? "Advanced" : "Standard";
        }
        if (!Set.of("Standard", "Advanced").contains(tier)) {
            throw SsmErrors.validation(ValidationMessage.of(tier, "Tier",
                    "Member must satisfy enum value set: [Advanced, Intelligent-Tiering, Standard]"));
        }
        if ("Standard".equals(tier) && value.length() > STANDARD_MAX_VALUE) {
            throw SsmErrors.validation("Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger "
                    + "parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see "
                    + "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html");
        }
        if (value.length() > ADVANCED_MAX_VALUE) {
            throw SsmErrors.validation(ValidationMessage.withoutValue("Value", "Member must have length less than or equal to 8192"));
        }
        return tier;
    }

    /** An opaque stand-in for KMS's ciphertext: random, as long as the value makes AWS's, never derived from the value. */
    private static String ciphertext(String value) {
        byte[] blob = new byte[BLOB_HEADER.length + 160 + value.length()];
        RANDOM.nextBytes(blob);
        System.arraycopy(BLOB_HEADER, 0, blob, 0, BLOB_HEADER.length);
        return Base64.getEncoder().encodeToString(blob);
    }

    private Object getParameter(JsonNode body, String region) {
        String given = JsonBodies.required(body, "Name", SsmErrors::validation);
        ParameterNames.Reference ref = ParameterNames.reference(given);
        ParameterVersion version = find(ref).orElseThrow(() -> SsmErrors.notFound(ref.name()));
        return Map.of("Parameter", parameter(version, ref, region, body.path("WithDecryption").asBoolean(false)));
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
                find(ref).ifPresentOrElse(v -> found.add(parameter(v, ref, region, decrypt)), () -> invalid.add(given));
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
        int max = maxResults(body, 10);
        Predicate<StoredParameter> filter = ParameterFilters.byPath(body);
        List<ParameterVersion> under = store.all().stream().filter(filter)
                .map(StoredParameter::latest).filter(v -> ParameterFilters.underPath(v.name(), path, recursive)).toList();
        PageAfter.Page<ParameterVersion> page = PageAfter.page(BY_PATH_TAG, under, v -> ParameterNames.key(v.name()),
                JsonBodies.text(body, "NextToken"), max, SsmErrors::invalidNextToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Parameters", page.items().stream().map(v -> parameter(v, null, region, decrypt)).toList());
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return out;
    }

    private Object describeParameters(JsonNode body, String region) {
        int max = maxResults(body, 50);
        Predicate<StoredParameter> filter = ParameterFilters.describe(body);
        List<ParameterVersion> matching = store.all().stream().filter(filter).map(StoredParameter::latest).toList();
        PageAfter.Page<ParameterVersion> page = PageAfter.page(DESCRIBE_TAG, matching, v -> ParameterNames.key(v.name()),
                JsonBodies.text(body, "NextToken"), max, SsmErrors::invalidNextToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Parameters", page.items().stream().map(v -> metadata(v, region)).toList());
        if (page.next() != null) {
            out.put("NextToken", page.next());
        }
        return out;
    }

    private static int maxResults(JsonNode body, int most) {
        JsonNode given = body.get("MaxResults");
        if (given == null || given.isNull()) {
            return most;
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

    /** A Parameter as the reads answer it (the API Reference's Parameter shape); the Selector only when one was asked for. */
    private static Map<String, Object> parameter(ParameterVersion v, ParameterNames.Reference ref, String region, boolean decrypt) {
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

    /** A ParameterMetadata, as DescribeParameters answers it: never the value. */
    private static Map<String, Object> metadata(ParameterVersion v, String region) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", v.name());
        out.put("ARN", ParameterNames.arn(region, v.name()));
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
}
