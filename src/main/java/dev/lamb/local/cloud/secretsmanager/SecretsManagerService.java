package dev.lamb.local.cloud.secretsmanager;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.ValidationMessage;

/**
 * The local AWS Secrets Manager of one region (awsJson1.1, target prefix {@code secretsmanager}): secrets, their versions
 * and staging labels (AWSCURRENT, AWSPREVIOUS), deletion with a recovery window and restore, tags, as the Secrets Manager
 * API Reference defines them. Values live in files of their own (see {@link SecretStore}) and are never logged.
 */
public final class SecretsManagerService implements AwsService {
    static final String SERVICE = "Secrets Manager";
    static final String TARGET_PREFIX = "secretsmanager.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final String SUFFIX_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MAX_VALUE = 65_536;
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String region;
    private final SecretStore store;
    private final LongSupplier clock;

    public SecretsManagerService(String region, Path dataDir) {
        this(region, dataDir, System::currentTimeMillis);
    }

    SecretsManagerService(String region, Path dataDir, LongSupplier clock) {
        this.region = region;
        this.store = new SecretStore(dataDir);
        this.clock = clock;
    }

    @Override
    public String signingName() {
        return "secretsmanager";
    }

    /** What each operation takes (the body's members) and gives (the JSON answer). */
    @FunctionalInterface
    private interface Handler {
        Object run(SecretsManagerService secrets, JsonNode body);
    }

    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byTarget(SERVICE, TARGET_PREFIX)
            .add("CreateSecret", SecretsManagerService::createSecret)
            .add("PutSecretValue", SecretsManagerService::putSecretValue)
            .add("GetSecretValue", SecretsManagerService::getSecretValue)
            .add("DescribeSecret", SecretsManagerService::describeSecret)
            .add("ListSecrets", SecretsManagerService::listSecrets)
            .add("UpdateSecret", SecretsManagerService::updateSecret)
            .add("DeleteSecret", SecretsManagerService::deleteSecret)
            .add("RestoreSecret", SecretsManagerService::restoreSecret)
            .add("TagResource", SecretsManagerService::tagResource)
            .add("UntagResource", SecretsManagerService::untagResource)
            // The rest of the service model (botocore secretsmanager/2017-10-17): NotImplemented, naming the operation.
            .notServed("BatchGetSecretValue", "CancelRotateSecret", "DeleteResourcePolicy", "GetRandomPassword", "GetResourcePolicy",
                    "ListSecretVersionIds", "PutResourcePolicy", "RemoveRegionsFromReplication", "ReplicateSecretToRegions",
                    "RotateSecret", "StopReplicationToReplica", "UpdateSecretVersionStage", "ValidateResourcePolicy")
            .unknownOperation(operation -> new AwsServiceException(400, "UnknownOperationException",
                    "Unknown operation " + TARGET_PREFIX + operation))
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
        Object result = OPERATIONS.named(operation(request)).run(this, parse(request));
        return CloudResponse.json(200, result).withHeader("Content-Type", CONTENT_TYPE);
    }

    @Override
    public CloudResponse error(AwsServiceException e) {
        return AwsService.jsonError(e).withHeader("Content-Type", CONTENT_TYPE);
    }

    /**
     * {@code secretsmanager:} and the operation's name, on the secret's ARN as AWS names it (the SecretId as given when no
     * secret has it; the ARN the new secret will have, its suffix {@code ??????}, for CreateSecret), {@code *} for ListSecrets.
     * CreateSecret with tags asks for TagResource too (its reference's "Required permissions").
     */
    @Override
    public List<IamAction> iamActions(CloudRequest request) {
        String target = request.header("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            return List.of();
        }
        String operation = target.substring(TARGET_PREFIX.length());
        JsonNode body = parse(request);
        String action = "secretsmanager:" + operation;
        if (operation.equals("ListSecrets")) {
            return List.of(IamAction.onAny(action));
        }
        if (operation.equals("CreateSecret")) {
            String arn = arnPrefix() + Optional.ofNullable(JsonBodies.text(body, "Name")).orElse("") + "-??????";
            return body.path("Tags").isEmpty() ? List.of(new IamAction(action, arn))
                    : List.of(new IamAction(action, arn), new IamAction("secretsmanager:TagResource", arn));
        }
        String id = Optional.ofNullable(JsonBodies.text(body, "SecretId")).orElse("");
        synchronized (store) {
            return List.of(new IamAction(action, find(id).map(Secret::arn).orElse(id.isEmpty() ? "*" : id)));
        }
    }

    @Override
    public Map<String, Integer> counts() {
        synchronized (store) {
            return Map.of("secrets", (int) store.all().stream().filter(s -> !s.scheduledForDeletion()).count());
        }
    }

    private static String operation(CloudRequest request) {
        String target = request.header("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new AwsServiceException(400, "UnknownOperationException",
                    "Secrets Manager requests are POST / with X-Amz-Target: secretsmanager.<Operation>");
        }
        return target.substring(TARGET_PREFIX.length());
    }

    private static JsonNode parse(CloudRequest request) {
        return JsonBodies.object(request, () -> new AwsServiceException(400, "SerializationException", "The request body is not valid JSON"));
    }

    // ---- operations ---------------------------------------------------------------------------

    private Object createSecret(JsonNode body) {
        String name = JsonBodies.required(body, "Name", SecretsManagerService::validation);
        if (!NAME.matcher(name).matches()) {
            throw validation("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        }
        Optional<SecretValue> value = value(body);
        String token = token(body);
        String description = description(body);
        Map<String, String> tags = tags(body.path("Tags"), new LinkedHashMap<>());
        synchronized (store) {
            long now = clock.getAsLong();
            purge(now);
            Optional<Secret> existing = store.named(name);
            if (existing.isPresent()) {
                Secret secret = existing.get();
                if (secret.scheduledForDeletion()) {
                    throw invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
                }
                // A retried CreateSecret (same token, same value) answers as the first did.
                if (secret.version(token).isPresent() && value.isPresent() && value.get().same(store.values(secret).get(token))) {
                    return named(secret, token);
                }
                throw new AwsServiceException(400, "ResourceExistsException",
                        "The operation failed because the secret " + name + " already exists.");
            }
            String kmsKeyId = emptyAsNull(JsonBodies.text(body, "KmsKeyId"));
            Secret secret = new Secret(name, arnPrefix() + name + "-" + suffix(), UUID.randomUUID().toString(), description, kmsKeyId,
                    tags, now, now, null, null, null, List.of());
            if (value.isEmpty()) {
                store.put(secret);
                return named(secret, null);
            }
            Secret versioned = secret.withVersion(token, List.of(CURRENT), now);
            store.put(versioned, token, value.get());
            return named(versioned, token);
        }
    }

    private Object putSecretValue(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerService::validation);
        SecretValue value = value(body).orElseThrow(() -> invalidParameter("You must provide either SecretString or SecretBinary."));
        String token = token(body);
        List<String> stages = new ArrayList<>();
        body.path("VersionStages").forEach(s -> stages.add(s.asText()));
        synchronized (store) {
            Secret secret = usable(id);
            Optional<SecretVersion> existing = secret.version(token);
            if (existing.isPresent()) {
                return retried(secret, existing.get(), value);
            }
            Secret changed = secret.withVersion(token, stages.isEmpty() ? List.of(CURRENT) : stages, clock.getAsLong());
            store.put(changed, token, value);
            Map<String, Object> out = named(changed, token);
            out.put("VersionStages", changed.version(token).orElseThrow().stages());
            return out;
        }
    }

    /** The same version asked for again: the same data succeeds and does nothing; other data is refused (PutSecretValue's reference). */
    private Map<String, Object> retried(Secret secret, SecretVersion version, SecretValue value) {
        if (!value.same(store.values(secret).get(version.id()))) {
            throw new AwsServiceException(400, "ResourceExistsException", "You can't use ClientRequestToken " + version.id()
                    + " because that value is already in use for a version of secret " + secret.arn() + ".");
        }
        Map<String, Object> out = named(secret, version.id());
        out.put("VersionStages", version.stages());
        return out;
    }

    private Object getSecretValue(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerService::validation);
        String versionId = JsonBodies.text(body, "VersionId");
        String stage = JsonBodies.text(body, "VersionStage");
        synchronized (store) {
            Secret secret = usable(id);
            SecretVersion version;
            if (versionId != null) {
                version = secret.version(versionId).orElseThrow(() -> valueNotFound("VersionId: " + versionId));
                if (stage != null && !version.has(stage)) {
                    throw invalidParameter("You provided a VersionStage that is not associated to the provided VersionId.");
                }
            } else {
                String label = stage == null ? CURRENT : stage;
                version = secret.staged(label).orElseThrow(() -> valueNotFound("staging label: " + label));
            }
            SecretValue value = store.values(secret).get(version.id());
            long now = clock.getAsLong();
            // LastAccessedDate is a day, not a time: AWS rounds it down to midnight UTC.
            long day = now - Math.floorMod(now, DAY_MS);
            if (secret.lastAccessed() == null || secret.lastAccessed() != day) {
                store.put(secret.accessed(day));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ARN", secret.arn());
            out.put("Name", secret.name());
            out.put("VersionId", version.id());
            if (value != null && value.binary() != null) {
                out.put("SecretBinary", value.binary());
            }
            if (value != null && value.string() != null) {
                out.put("SecretString", value.string());
            }
            out.put("VersionStages", version.stages());
            out.put("CreatedDate", seconds(version.created()));
            return out;
        }
    }

    private Object describeSecret(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerService::validation);
        synchronized (store) {
            return SecretViews.described(existing(id), "VersionIdsToStages");
        }
    }

    private Object listSecrets(JsonNode body) {
        synchronized (store) {
            purge(clock.getAsLong());
            return SecretLists.page(store.all(), body);
        }
    }

    private Object updateSecret(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerService::validation);
        Optional<SecretValue> value = value(body);
        String token = token(body);
        synchronized (store) {
            Secret secret = usable(id);
            long now = clock.getAsLong();
            String description = body.has("Description") ? description(body) : secret.description();
            // An empty KmsKeyId goes back to the AWS managed key aws/secretsmanager (UpdateSecret's reference).
            String kmsKeyId = body.has("KmsKeyId") ? emptyAsNull(JsonBodies.text(body, "KmsKeyId")) : secret.kmsKeyId();
            Secret changed = secret.withDetails(description, kmsKeyId, now);
            if (value.isEmpty()) {
                store.put(changed);
                return named(changed, null);
            }
            if (secret.version(token).isPresent()) {
                throw new AwsServiceException(400, "ResourceExistsException", "You can't use ClientRequestToken " + token
                        + " because that value is already in use for a version of secret " + secret.arn() + ".");
            }
            Secret versioned = changed.withVersion(token, List.of(CURRENT), now);
            store.put(versioned, token, value.get());
            return named(versioned, token);
        }
    }

    private Object deleteSecret(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerService::validation);
        JsonNode window = body.get("RecoveryWindowInDays");
        boolean force = body.path("ForceDeleteWithoutRecovery").asBoolean(false);
        if (window != null && !window.isNull() && force) {
            throw invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        long days = window == null || window.isNull() ? 30 : window.asLong();
        if (days < 7 || days > 30) {
            throw invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        synchronized (store) {
            long now = clock.getAsLong();
            purge(now);
            Optional<Secret> found = find(id);
            if (found.isEmpty() && force) {
                // A forced delete of a secret that is not there is no error (DeleteSecret's reference).
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("ARN", id.startsWith("arn:") ? id : arnPrefix() + id);
                out.put("Name", id.startsWith("arn:") ? id.substring(id.lastIndexOf(":secret:") + 8) : id);
                out.put("DeletionDate", seconds(now));
                return out;
            }
            Secret secret = found.orElseThrow(SecretsManagerService::notFound);
            Map<String, Object> out = named(secret, null);
            if (force) {
                store.remove(secret);
                out.put("DeletionDate", seconds(now));
                return out;
            }
            if (secret.scheduledForDeletion()) {
                throw markedForDeletion();
            }
            Secret scheduled = secret.scheduled(now, now + days * DAY_MS, now);
            store.put(scheduled);
            out.put("DeletionDate", seconds(scheduled.deletion()));
            return out;
        }
    }

    private Object restoreSecret(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerService::validation);
        synchronized (store) {
            Secret secret = existing(id);
            if (secret.scheduledForDeletion()) {
                secret = secret.scheduled(null, null, clock.getAsLong());
                store.put(secret);
            }
            return named(secret, null);
        }
    }

    private Object tagResource(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerService::validation);
        JsonNode given = JsonBodies.requiredList(body, "Tags", SecretsManagerService::validation);
        synchronized (store) {
            Secret secret = usable(id);
            store.put(secret.withTags(tags(given, new LinkedHashMap<>(secret.tags())), clock.getAsLong()));
            return Map.of();
        }
    }

    private Object untagResource(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerService::validation);
        JsonNode keys = JsonBodies.requiredList(body, "TagKeys", SecretsManagerService::validation);
        synchronized (store) {
            Secret secret = usable(id);
            Map<String, String> tags = new LinkedHashMap<>(secret.tags());
            keys.forEach(k -> tags.remove(k.asText()));
            store.put(secret.withTags(tags, clock.getAsLong()));
            return Map.of();
        }
    }

    // ---- secrets -----------------------------------------------------------------------------

    /**
     * The secret a SecretId names: its name, its ARN, or its partial ARN (the ARN without the 6 random characters
     * Secrets Manager appends), as the reference's "Finding a secret from a partial ARN" reads them.
     */
    private Optional<Secret> find(String id) {
        purge(clock.getAsLong());
        if (!id.startsWith("arn:")) {
            return store.named(id);
        }
        return store.all().stream().filter(s -> s.arn().equals(id) || s.arn().substring(0, s.arn().length() - 7).equals(id)).findFirst();
    }

    private Secret existing(String id) {
        return find(id).orElseThrow(SecretsManagerService::notFound);
    }

    /** A secret whose value and details may be read or changed: not one scheduled for deletion. */
    private Secret usable(String id) {
        Secret secret = existing(id);
        if (secret.scheduledForDeletion()) {
            throw markedForDeletion();
        }
        return secret;
    }

    /** Deletes for good the secrets whose recovery window has ended. */
    private void purge(long now) {
        for (Secret secret : store.all()) {
            if (secret.deletion() != null && secret.deletion() <= now) {
                store.remove(secret);
            }
        }
    }

    private String arnPrefix() {
        return "arn:aws:secretsmanager:" + region + ":" + LocalAccount.ID + ":secret:";
    }

    /** The 6 random characters Secrets Manager appends to a secret's name in its ARN. */
    private static String suffix() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            out.append(SUFFIX_CHARACTERS.charAt(RANDOM.nextInt(SUFFIX_CHARACTERS.length())));
        }
        return out.toString();
    }

    private static Map<String, Object> named(Secret secret, String versionId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ARN", secret.arn());
        out.put("Name", secret.name());
        if (versionId != null) {
            out.put("VersionId", versionId);
        }
        return out;
    }

    // ---- request members ---------------------------------------------------------------------

    /** SecretString or SecretBinary, not both; neither is no value. Their text never goes into an error message. */
    private static Optional<SecretValue> value(JsonNode body) {
        String string = JsonBodies.text(body, "SecretString");
        String binary = JsonBodies.text(body, "SecretBinary");
        if (string != null && binary != null) {
            throw invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (string != null && (string.isEmpty() || string.length() > MAX_VALUE)) {
            throw validation(ValidationMessage.withoutValue("SecretString",
                    string.isEmpty() ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 65536"));
        }
        if (binary != null) {
            int size;
            try {
                size = Base64.getDecoder().decode(binary).length;
            } catch (IllegalArgumentException e) {
                throw new AwsServiceException(400, "SerializationException", "SecretBinary is not valid Base64");
            }
            if (size < 1 || size > MAX_VALUE) {
                throw validation(ValidationMessage.withoutValue("SecretBinary",
                        size < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 65536"));
            }
        }
        return string == null && binary == null ? Optional.empty() : Optional.of(new SecretValue(string, binary));
    }

    /** The new version's id: the ClientRequestToken the CLI and the SDKs send, else one made here (raw HTTP callers). */
    private static String token(JsonNode body) {
        String token = JsonBodies.text(body, "ClientRequestToken");
        if (token == null || token.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        if (token.length() < 32 || token.length() > 64) {
            throw validation(ValidationMessage.of(token, "ClientRequestToken", token.length() < 32
                    ? "Member must have length greater than or equal to 32" : "Member must have length less than or equal to 64"));
        }
        return token;
    }

    private static String description(JsonNode body) {
        String description = JsonBodies.text(body, "Description");
        if (description != null && description.length() > 2048) {
            throw validation(ValidationMessage.of(description, "Description", "Member must have length less than or equal to 2048"));
        }
        return emptyAsNull(description);
    }

    /** The given tags put over {@code into}, a key given again replacing its value (TagResource's reference). */
    private static Map<String, String> tags(JsonNode given, Map<String, String> into) {
        for (JsonNode tag : given) {
            String key = JsonBodies.text(tag, "Key");
            if (key == null || key.isEmpty()) {
                throw invalidParameter("You must provide a tag key.");
            }
            into.put(key, Optional.ofNullable(JsonBodies.text(tag, "Value")).orElse(""));
        }
        return into;
    }

    private static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    static double seconds(long millis) {
        return millis / 1000.0;
    }

    // ---- errors ------------------------------------------------------------------------------

    static AwsServiceException notFound() {
        return new AwsServiceException(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    private static AwsServiceException valueNotFound(String what) {
        return new AwsServiceException(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for " + what);
    }

    private static AwsServiceException markedForDeletion() {
        return invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
    }

    static AwsServiceException invalidParameter(String message) {
        return new AwsServiceException(400, "InvalidParameterException", message);
    }

    private static AwsServiceException invalidRequest(String message) {
        return new AwsServiceException(400, "InvalidRequestException", message);
    }

    static AwsServiceException validation(String message) {
        return new AwsServiceException(400, "ValidationException", message);
    }
}
