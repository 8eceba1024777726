package dev.lamb.local.cloud.ssm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsJsonService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.PageAfter;

/**
 * The local SSM Parameter Store (awsJson1.1, target prefix {@code AmazonSSM}, signing name {@code ssm}): String,
 * StringList and SecureString parameters with their versions, read one by one, by the list, by path and described, as
 * the SSM API Reference defines the operations. A SecureString reads as an opaque ciphertext unless WithDecryption is
 * set; its value is kept in the region's 0600 parameters file and never written anywhere else.
 */
public final class SsmService extends AwsJsonService<SsmService.Handler> {
    static final String SERVICE = "Systems Manager";
    static final String TARGET_PREFIX = "AmazonSSM.";
    /** The key a SecureString is encrypted with when PutParameter names none: the account's AWS managed key for SSM. */
    static final String DEFAULT_KEY = "alias/aws/ssm";
    /** How many versions Parameter Store keeps of a parameter; putting one more drops the oldest. */
    static final int MAX_VERSIONS = 100;
    private static final String BY_PATH_TAG = "GetParametersByPath\n";
    private static final String DESCRIBE_TAG = "DescribeParameters\n";
    private static final String HISTORY_TAG = "GetParameterHistory\n";
    private static final String CALLER = "arn:aws:iam::" + LocalAccount.ID + ":root";

    private final ParameterStore store;
    private final ParameterTags tags;
    private final ParameterLabels labels;
    private final LongSupplier clock;

    public SsmService(Path dataDir) {
        this(dataDir, System::currentTimeMillis);
    }

    SsmService(Path dataDir, LongSupplier clock) {
        super(OPERATIONS, "The request body is not JSON");
        this.store = new ParameterStore(dataDir);
        this.tags = new ParameterTags(store);
        this.labels = new ParameterLabels(store);
        this.clock = clock;
    }

    @Override
    public String signingName() {
        return "ssm";
    }

    /** What each operation takes (the body's members, the request's region) and gives: its JSON answer. */
    @FunctionalInterface
    interface Handler {
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
            .add("AddTagsToResource", (ssm, body, region) -> ssm.tags.add(body))
            .add("RemoveTagsFromResource", (ssm, body, region) -> ssm.tags.remove(body))
            .add("ListTagsForResource", (ssm, body, region) -> ssm.tags.list(body))
            .add("LabelParameterVersion", (ssm, body, region) -> ssm.labels.label(body))
            .add("UnlabelParameterVersion", (ssm, body, region) -> ssm.labels.unlabel(body))
            .build();

    /** The operations this service serves, without an instance of it (for `lamb local operations`). */
    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    @Override
    protected Object run(Handler handler, JsonNode body, CloudRequest request) {
        return handler.run(this, body, region(request));
    }

    @Override
    protected List<IamAction> iamActions(String operation, JsonNode body, CloudRequest request) {
        return SsmIamActions.of(operation, body, region(request), store);
    }

    @Override
    public Map<String, Integer> counts() {
        return Map.of("parameters", store.size());
    }

    @Override
    public void close() {
        store.close();
    }

    // ---- operations ---------------------------------------------------------------------------

    private Object putParameter(JsonNode body, String region) {
        String name = JsonBodies.required(body, "Name", SsmErrors::validation);
        String value = ParameterInputs.value(body);
        ParameterNames.validate(name);
        boolean overwrite = body.path("Overwrite").asBoolean(false);
        Map<String, String> tags = ParameterInputs.tags(body, overwrite);
        String description = ParameterInputs.description(body);
        synchronized (store) {
            Optional<StoredParameter> existing = store.get(name);
            if (existing.isPresent() && !overwrite) {
                throw SsmErrors.alreadyExists();
            }
            Optional<ParameterVersion> last = existing.map(StoredParameter::latest);
            String type = ParameterInputs.type(body, last);
            String dataType = ParameterInputs.dataType(body, last);
            String pattern = Optional.ofNullable(JsonBodies.text(body, "AllowedPattern"))
                    .or(() -> last.map(ParameterVersion::allowedPattern)).orElse(null);
            ParameterValues.checkPattern(pattern, value);
            String tier = ParameterValues.tier(JsonBodies.text(body, "Tier"), last, value);
            boolean secure = ParameterVersion.SECURE_STRING.equals(type);
            String keyId = ParameterInputs.keyId(body, last, secure);
            long version = last.map(v -> v.version() + 1).orElse(1L);
            String storedName = existing.map(StoredParameter::name).orElse(name);
            ParameterVersion put = new ParameterVersion(storedName, type, value, secure ? ParameterValues.ciphertext(value) : null, version,
                    description != null ? description : last.map(ParameterVersion::description).orElse(null), keyId, pattern, tier,
                    dataType, clock.getAsLong(), CALLER, List.of());
            List<ParameterVersion> versions = new ArrayList<>(existing.map(StoredParameter::versions).orElse(List.of()));
            versions.add(put);
            while (versions.size() > MAX_VERSIONS) {
                ParameterVersion oldest = versions.remove(0);
                if (!oldest.labels().isEmpty()) {
                    throw new AwsServiceException(400, "ParameterMaxVersionLimitExceeded", "You attempted to create a new version of "
                            + storedName + " by calling the PutParameter API with the overwrite flag. Version " + oldest.version()
                            + ", the oldest version, can't be deleted because it has a label associated with it. Move the label to "
                            + "another version of the parameter, and try again.");
                }
            }
            store.put(new StoredParameter(versions, existing.map(StoredParameter::tags).orElse(tags)));
            return Map.of("Version", version, "Tier", tier);
        }
    }

    private Object getParameter(JsonNode body, String region) {
        String given = JsonBodies.required(body, "Name", SsmErrors::validation);
        ParameterNames.Reference ref = ParameterNames.reference(given);
        ParameterVersion version = find(ref).orElseThrow(() -> SsmErrors.notFound(ref.version() == null ? ref.name() : given));
        return Map.of("Parameter", ParameterViews.parameter(version, ref, region, body.path("WithDecryption").asBoolean(false)));
    }

    /**
     * The version a reference names; empty when there is no such parameter or no version carries the label it names,
     * ParameterVersionNotFound when no such version.
     */
    private Optional<ParameterVersion> find(ParameterNames.Reference ref) {
        Optional<StoredParameter> parameter = store.get(ref.name());
        Long wanted = ref.version();
        if (wanted == null || parameter.isEmpty()) {
            return parameter.map(StoredParameter::latest);
        }
        if (wanted < 0) {
            return Optional.ofNullable(ParameterLabels.labelled(parameter.get(), ref.selector().substring(1)));
        }
        return Optional.of(parameter.get().versions().stream().filter(v -> v.version() == wanted).findFirst()
                .orElseThrow(() -> SsmErrors.versionNotFound(ref.name(), ref.selector())));
    }

    private Object getParameters(JsonNode body, String region) {
        JsonNode names = ParameterInputs.names(body);
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
        String path = ParameterInputs.path(body);
        boolean recursive = body.path("Recursive").asBoolean(false);
        boolean decrypt = body.path("WithDecryption").asBoolean(false);
        int max = ParameterInputs.maxResults(body, 10, 10);
        Predicate<StoredParameter> filter = ParameterFilters.byPath(body);
        List<ParameterVersion> under = store.all().stream().filter(filter)
                .map(p -> ParameterFilters.answered(p, body)).filter(v -> ParameterFilters.underPath(v.name(), path, recursive)).toList();
        PageAfter.Page<ParameterVersion> page = PageAfter.page(BY_PATH_TAG, under, v -> ParameterNames.key(v.name()),
                JsonBodies.text(body, "NextToken"), max, SsmErrors::invalidNextToken);
        return ParameterViews.page(page, v -> ParameterViews.parameter(v, null, region, decrypt));
    }

    private Object describeParameters(JsonNode body, String region) {
        int max = ParameterInputs.maxResults(body, 10, 50);
        Predicate<StoredParameter> filter = ParameterFilters.describe(body);
        List<ParameterVersion> matching = store.all().stream().filter(filter).map(StoredParameter::latest).toList();
        PageAfter.Page<ParameterVersion> page = PageAfter.page(DESCRIBE_TAG, matching, v -> ParameterNames.key(v.name()),
                JsonBodies.text(body, "NextToken"), max, SsmErrors::invalidNextToken);
        return ParameterViews.page(page, v -> ParameterViews.metadata(v, region));
    }

    private Object deleteParameter(JsonNode body) {
        String name = JsonBodies.required(body, "Name", SsmErrors::validation);
        if (!store.remove(name)) {
            throw SsmErrors.notFound(name);
        }
        return Map.of();
    }

    private Object deleteParameters(JsonNode body) {
        JsonNode names = ParameterInputs.names(body);
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
                JsonBodies.text(body, "NextToken"), ParameterInputs.maxResults(body, 50, 50), SsmErrors::invalidNextToken);
        return ParameterViews.page(page, v -> {
            Map<String, Object> item = ParameterViews.metadata(v, null);
            item.put("Value", v.valueRead(decrypt));
            item.put("Labels", v.labels());
            return item;
        });
    }
}
