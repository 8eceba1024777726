package dev.lamb.local.cloud.secretsmanager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.AwsJsonService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.OperationTable;

/**
 * The local AWS Secrets Manager of one region (awsJson1.1, target prefix {@code secretsmanager}): secrets, their versions
 * and staging labels (AWSCURRENT, AWSPREVIOUS), deletion with a recovery window and restore, tags, as the Secrets Manager
 * API Reference defines them. Values live in files of their own (see {@link StoredSecrets}) and are never logged.
 */
public final class SecretsManagerService extends AwsJsonService<SecretsManagerService.Handler> {
    static final String SERVICE = "Secrets Manager";
    static final String TARGET_PREFIX = "secretsmanager.";
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final String region;
    private final StoredSecrets store;
    private final LongSupplier clock;

    public SecretsManagerService(String region, Path dataDir) {
        this(region, dataDir, System::currentTimeMillis);
    }

    SecretsManagerService(String region, Path dataDir, LongSupplier clock) {
        super(OPERATIONS, "The request body is not valid JSON");
        this.region = region;
        this.store = new StoredSecrets(dataDir);
        this.clock = clock;
    }

    @Override
    public String signingName() {
        return "secretsmanager";
    }

    /** What each operation takes (the body's members) and gives (the JSON answer). */
    @FunctionalInterface
    interface Handler {
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
            .add("ListSecretVersionIds", SecretsManagerService::listSecretVersionIds)
            .add("TagResource", SecretsManagerService::tagResource)
            .add("UntagResource", SecretsManagerService::untagResource)
            .add("UpdateSecretVersionStage", SecretsManagerService::updateSecretVersionStage)
            // The rest of the service model (botocore secretsmanager/2017-10-17): NotImplemented, naming the operation.
            .notServed("BatchGetSecretValue", "CancelRotateSecret", "DeleteResourcePolicy", "GetRandomPassword", "GetResourcePolicy",
                    "PutResourcePolicy", "RemoveRegionsFromReplication", "ReplicateSecretToRegions",
                    "RotateSecret", "StopReplicationToReplica", "ValidateResourcePolicy")
            .unknownOperation(operation -> new AwsServiceException(400, "UnknownOperationException",
                    "Unknown operation " + TARGET_PREFIX + operation))
            .build();

    /** The operations this service serves, without an instance of it (for `lamb local operations`). */
    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    @Override
    protected Object run(Handler handler, JsonNode body, CloudRequest request) {
        return handler.run(this, body);
    }

    @Override
    protected List<IamAction> iamActions(String operation, JsonNode body, CloudRequest request) {
        synchronized (store) {
            return SecretsManagerIamActions.of(operation, body, region, this::find);
        }
    }

    @Override
    public Map<String, Integer> counts() {
        synchronized (store) {
            return Map.of("secrets", (int) store.all().stream().filter(s -> !s.scheduledForDeletion()).count());
        }
    }

    // ---- operations ---------------------------------------------------------------------------

    private Object createSecret(JsonNode body) {
        String name = JsonBodies.required(body, "Name", SecretsManagerErrors::validation);
        SecretArns.checkName(name);
        Optional<SecretValue> value = SecretsManagerInput.value(body);
        String token = SecretsManagerInput.token(body);
        String description = SecretsManagerInput.description(body);
        Map<String, String> tags = SecretsManagerInput.tags(body.path("Tags"), new LinkedHashMap<>());
        synchronized (store) {
            long now = clock.getAsLong();
            purge(now);
            Optional<Secret> existing = store.named(name);
            if (existing.isPresent()) {
                Secret secret = existing.get();
                if (secret.scheduledForDeletion()) {
                    throw SecretsManagerErrors.invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
                }
                // A retried CreateSecret (same token, same value) answers as the first did.
                if (secret.version(token).isPresent() && value.isPresent() && value.get().same(store.values(secret).get(token))) {
                    return SecretViews.named(secret, token);
                }
                throw SecretsManagerErrors.exists(name);
            }
            String kmsKeyId = SecretsManagerInput.customerKey(JsonBodies.text(body, "KmsKeyId"));
            Secret secret = new Secret(name, SecretArns.of(region, name), UUID.randomUUID().toString(), description, kmsKeyId,
                    tags, now, now, null, null, null, List.of());
            if (value.isEmpty()) {
                store.put(secret);
                return SecretViews.named(secret, null);
            }
            Secret versioned = secret.withVersion(token, List.of(CURRENT), now);
            store.put(versioned, token, value.get());
            return SecretViews.named(versioned, token);
        }
    }

    private Object putSecretValue(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerErrors::validation);
        SecretValue value = SecretsManagerInput.value(body)
                .orElseThrow(() -> SecretsManagerErrors.invalidParameter("You must provide either SecretString or SecretBinary."));
        String token = SecretsManagerInput.token(body);
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
            Map<String, Object> out = SecretViews.named(changed, token);
            out.put("VersionStages", changed.version(token).orElseThrow().stages());
            return out;
        }
    }

    /** The same version asked for again: the same data succeeds and does nothing; other data is refused (PutSecretValue's reference). */
    private Map<String, Object> retried(Secret secret, SecretVersion version, SecretValue value) {
        if (!value.same(store.values(secret).get(version.id()))) {
            throw SecretsManagerErrors.tokenInUse(version.id(), secret);
        }
        Map<String, Object> out = SecretViews.named(secret, version.id());
        out.put("VersionStages", version.stages());
        return out;
    }

    private Object getSecretValue(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerErrors::validation);
        String versionId = JsonBodies.text(body, "VersionId");
        String stage = JsonBodies.text(body, "VersionStage");
        synchronized (store) {
            Secret secret = usable(id);
            SecretVersion version = secret.asked(versionId, stage);
            SecretValue value = store.values(secret).get(version.id());
            long now = clock.getAsLong();
            // LastAccessedDate is a day, not a time: AWS rounds it down to midnight UTC.
            long day = now - Math.floorMod(now, DAY_MS);
            if (secret.lastAccessed() == null || secret.lastAccessed() != day) {
                store.put(secret.accessed(day));
            }
            return SecretViews.value(secret, version, value);
        }
    }

    private Object describeSecret(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerErrors::validation);
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

    /** A secret's versions (the deprecated ones only with IncludeDeprecated), readable while it is scheduled for deletion. */
    private Object listSecretVersionIds(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerErrors::validation);
        synchronized (store) {
            return SecretLists.versions(existing(id), body);
        }
    }

    private Object updateSecret(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerErrors::validation);
        Optional<SecretValue> value = SecretsManagerInput.value(body);
        String token = SecretsManagerInput.token(body);
        synchronized (store) {
            Secret secret = usable(id);
            long now = clock.getAsLong();
            String description = body.has("Description") ? SecretsManagerInput.description(body) : secret.description();
            // An empty KmsKeyId goes back to the AWS managed key aws/secretsmanager (UpdateSecret's reference).
            String kmsKeyId = body.has("KmsKeyId") ? SecretsManagerInput.customerKey(JsonBodies.text(body, "KmsKeyId")) : secret.kmsKeyId();
            Secret changed = secret.withDetails(description, kmsKeyId, now);
            if (value.isEmpty()) {
                store.put(changed);
                return SecretViews.named(changed, null);
            }
            if (secret.version(token).isPresent()) {
                throw SecretsManagerErrors.tokenInUse(token, secret);
            }
            Secret versioned = changed.withVersion(token, List.of(CURRENT), now);
            store.put(versioned, token, value.get());
            return SecretViews.named(versioned, token);
        }
    }

    private Object deleteSecret(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerErrors::validation);
        DeletionRequest request = DeletionRequest.of(body);
        synchronized (store) {
            long now = clock.getAsLong();
            purge(now);
            Optional<Secret> found = find(id);
            if (found.isEmpty() && request.force()) {
                // A forced delete of a secret that is not there is no error (DeleteSecret's reference).
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("ARN", SecretArns.arnOf(region, id));
                out.put("Name", SecretArns.nameOf(id));
                out.put("DeletionDate", seconds(now));
                return out;
            }
            Secret secret = found.orElseThrow(SecretsManagerErrors::notFound);
            Map<String, Object> out = SecretViews.named(secret, null);
            if (request.force()) {
                store.remove(secret);
                out.put("DeletionDate", seconds(now));
                return out;
            }
            if (secret.scheduledForDeletion()) {
                throw SecretsManagerErrors.markedForDeletion();
            }
            Secret scheduled = secret.scheduled(now, now + request.days() * DAY_MS, now);
            store.put(scheduled);
            out.put("DeletionDate", seconds(scheduled.deletion()));
            return out;
        }
    }

    private Object restoreSecret(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerErrors::validation);
        synchronized (store) {
            Secret secret = existing(id);
            if (secret.scheduledForDeletion()) {
                secret = secret.scheduled(null, null, clock.getAsLong());
                store.put(secret);
            }
            return SecretViews.named(secret, null);
        }
    }

    private Object updateSecretVersionStage(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerErrors::validation);
        String stage = JsonBodies.required(body, "VersionStage", SecretsManagerErrors::validation);
        synchronized (store) {
            Secret secret = usable(id);
            Secret changed = StagingLabels.moved(secret, stage, JsonBodies.text(body, "RemoveFromVersionId"),
                    JsonBodies.text(body, "MoveToVersionId"), clock.getAsLong());
            store.put(changed);
            return SecretViews.named(changed, null);
        }
    }

    private Object tagResource(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerErrors::validation);
        JsonNode given = JsonBodies.requiredList(body, "Tags", SecretsManagerErrors::validation);
        synchronized (store) {
            Secret secret = usable(id);
            store.put(secret.withTags(SecretsManagerInput.tags(given, new LinkedHashMap<>(secret.tags())), clock.getAsLong()));
            return Map.of();
        }
    }

    private Object untagResource(JsonNode body) {
        String id = JsonBodies.required(body, "SecretId", SecretsManagerErrors::validation);
        JsonNode keys = JsonBodies.requiredList(body, "TagKeys", SecretsManagerErrors::validation);
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
        return store.all().stream().filter(s -> SecretArns.names(id, s)).findFirst();
    }

    private Secret existing(String id) {
        return find(id).orElseThrow(SecretsManagerErrors::notFound);
    }

    /** A secret whose value and details may be read or changed: not one scheduled for deletion. */
    private Secret usable(String id) {
        Secret secret = existing(id);
        if (secret.scheduledForDeletion()) {
            throw SecretsManagerErrors.markedForDeletion();
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

    static double seconds(long millis) {
        return millis / 1000.0;
    }
}
