package dev.lamb.secrets;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.SecretReference;
import dev.lamb.deploy.DeployNames;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * `lamb secrets` on Secrets Manager (Parameter Store for an ssm: reference: {@link ParameterSecrets}): sets a value (a new
 * secret, or a new version of one), lists secrets and deletes them, never reading a value back except to change one key of
 * a JSON secret. What lamb creates carries the tag
 * {@link #TAG} (the name the function uses), and in a project {@link DeployNames#TAG} too.
 */
public final class SecretStore {
    /** The tag that marks a secret lamb created, with the name the function uses as its value. */
    public static final String TAG = "lamb:secret";
    /** Secrets Manager's recovery window: 7 to 30 days, 30 by default. */
    public static final int MIN_RECOVERY_DAYS = 7;
    public static final int MAX_RECOVERY_DAYS = 30;
    private static final String CURRENT = "AWSCURRENT";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients aws;
    private final ParameterSecrets parameters;

    public SecretStore(AwsClients aws) {
        this.aws = aws;
        this.parameters = new ParameterSecrets(aws);
    }

    /**
     * Stores {@code value} as the secret's new current version, creating the secret when there is none. lamb.toml is the
     * user's: when it does not reference the secret yet, the change says what to add, and lamb leaves the file alone. The
     * value is asked for only once the secret is known to be settable; with {@code dryRun}, never: the change then says what
     * would be done (no version id) and nothing is written.
     */
    public SecretChange set(SecretTarget target, Supplier<String> value, Optional<String> description, boolean dryRun) {
        SecretChange change = target.inParameterStore() ? parameters.set(target, value, description, dryRun)
                : setSecret(target, value, description, dryRun);
        return target.table().map(table -> change.withReferenceToAdd(target.name() + " = " + quoted(target.reference())
                + " in [" + table + "]")).orElse(change);
    }

    private SecretChange setSecret(SecretTarget target, Supplier<String> value, Optional<String> description, boolean dryRun) {
        SecretsManagerClient sm = aws.secretsManager();
        Optional<DescribeSecretResponse> existing = describe(target.id());
        if (existing.isPresent()) {
            DescribeSecretResponse secret = existing.get();
            if (secret.deletedDate() != null) {
                throw LambException.failed(secret.name() + " was deleted on " + day(secret.deletedDate()) + " and waits out its "
                        + "recovery window: restore it first with '" + restoreCommand(secret.arn()) + "'");
            }
            if (dryRun) {
                return SecretChange.planned(secret.name(), secret.arn(), false, isLambs(secret.tags()), SecretChange.SECRET);
            }
            String given = value.get();
            String stored = target.reference().jsonKey().map(key -> withKey(currentJson(secret.arn()), key, given)).orElse(given);
            description.ifPresent(text -> sm.updateSecret(r -> r.secretId(secret.arn()).description(text)));
            var put = sm.putSecretValue(r -> r.secretId(secret.arn()).secretString(stored));
            return new SecretChange(put.name(), put.arn(), put.versionId(), false, isLambs(secret.tags()), "", SecretChange.SECRET,
                    "AWSPREVIOUS", false);
        }
        if (target.reference().isArn()) {
            throw new LambException(ExitCode.NOT_FOUND, "no secret " + target.id() + ": lamb creates a secret by name only; "
                    + "reference it by name in lamb.toml, or create it with 'aws secretsmanager create-secret'");
        }
        if (dryRun) {
            return SecretChange.planned(target.id(), null, true, true, SecretChange.SECRET);
        }
        String given = value.get();
        String stored = target.reference().jsonKey().map(key -> withKey(JSON.createObjectNode(), key, given)).orElse(given);
        var created = sm.createSecret(r -> r.name(target.id()).secretString(stored).description(description.orElse(null))
                .tags(tags(target)));
        return new SecretChange(created.name(), created.arn(), created.versionId(), true, true, "", SecretChange.SECRET, "", false);
    }

    /** The stage's referenced secrets, in lamb.toml's order, with a row for each that does not exist. */
    public List<SecretRow> listReferenced(Map<String, SecretReference> references) {
        List<SecretRow> rows = new ArrayList<>();
        references.forEach((name, reference) -> {
            if (reference.store() == SecretReference.Store.SSM) {
                rows.add(parameters.row(name, reference));
                return;
            }
            rows.add(describe(reference.id()).map(s -> new SecretRow(name, reference.toString(), s.name(), s.arn(),
                    current(s.versionIdsToStages()), time(s.lastChangedDate()), time(s.deletedDate()), false))
                    .orElseGet(() -> new SecretRow(name, reference.toString(), reference.id(), null, null, null, null, true)));
        });
        return rows;
    }

    /**
     * The stage's referenced secrets ({@link #listReferenced}), then the ones lamb created for the project's function that no
     * stage references yet ({@link #listUnreferenced}).
     */
    public List<SecretRow> listProject(ProjectConfig stage) {
        List<SecretRow> rows = listReferenced(stage.function().secrets());
        Set<String> referenced = new HashSet<>();
        for (String name : stage.stages().declared()) {
            stage.stages().of(name).secrets().values().forEach(r -> referenced.add(r.id()));
        }
        stage.function().secrets().values().forEach(r -> referenced.add(r.id()));
        try {
            rows.addAll(listUnreferenced(stage.function().name(), referenced));
        } catch (SecretsManagerException e) {
            // Credentials that may describe the project's secrets but not list the account's still get the referenced ones.
            if (AwsErrors.translate(e).exitCode() != ExitCode.AUTH) {
                throw e;
            }
        }
        return rows;
    }

    /**
     * The secrets `lamb secrets set` created in {@code function}'s project that no reference in {@code referencedIds} (names or
     * ARNs, of every stage) reaches yet: set says what to add to lamb.toml, and list keeps showing them until it is added.
     * Their rows have no reference.
     */
    List<SecretRow> listUnreferenced(String function, Set<String> referencedIds) {
        var pages = aws.secretsManager().listSecretsPaginator(r -> r.filters(f -> f.key(FilterNameStringType.TAG_KEY).values(TAG)));
        List<SecretRow> rows = new ArrayList<>();
        for (SecretListEntry s : pages.stream().flatMap(p -> p.secretList().stream()).toList()) {
            boolean ours = s.tags().stream().anyMatch(t -> DeployNames.TAG.equals(t.key()) && function.equals(t.value()));
            boolean referenced = referencedIds.stream().anyMatch(id -> id.equals(s.name()) || names(s.arn(), id));
            if (ours && !referenced) {
                String name = s.tags().stream().filter(t -> TAG.equals(t.key())).map(Tag::value).findFirst().orElse(s.name());
                rows.add(new SecretRow(name, null, s.name(), s.arn(), current(s.secretVersionsToStages()), time(s.lastChangedDate()),
                        time(s.deletedDate()), false));
            }
        }
        return rows;
    }

    /** Whether {@code id} is {@code arn} or its partial form, the ARN without the dash and 6 characters Secrets Manager appends. */
    private static boolean names(String arn, String id) {
        return arn.equals(id) || arn.length() == id.length() + 7 && arn.startsWith(id + "-");
    }

    /**
     * The secrets lamb created (its tag), or every secret with {@code all}; ones scheduled for deletion too, with their
     * DeletedDate, since they can still be restored.
     */
    public List<SecretRow> list(boolean all) {
        var pages = aws.secretsManager().listSecretsPaginator(r -> {
            r.includePlannedDeletion(true);
            if (!all) {
                r.filters(f -> f.key(FilterNameStringType.TAG_KEY).values(TAG));
            }
        });
        List<SecretRow> rows = new ArrayList<>();
        for (SecretListEntry s : pages.stream().flatMap(p -> p.secretList().stream()).toList()) {
            rows.add(new SecretRow(s.name(), SecretReference.Store.SECRETS_MANAGER.prefix() + ":" + s.name(), s.name(), s.arn(),
                    current(s.secretVersionsToStages()), time(s.lastChangedDate()), time(s.deletedDate()), false));
        }
        return rows;
    }

    /**
     * Deletes the secret: with Secrets Manager's recovery window of {@code recoveryDays}, or at once and for good when
     * {@code force}. A secret lamb did not create is deleted the same way: the window keeps it restorable, and refusing it
     * would leave --force, which is not, as the only way. With {@code dryRun},
     * makes the same checks and says what would be deleted, deleting nothing.
     */
    public SecretRemoval remove(SecretTarget target, boolean force, int recoveryDays, boolean dryRun) {
        if (target.inParameterStore()) {
            return parameters.remove(target, force, dryRun);
        }
        DescribeSecretResponse secret = describe(target.id()).orElseThrow(() -> new LambException(ExitCode.NOT_FOUND,
                "no secret " + target.id() + " in this account and region"));
        if (!force && secret.deletedDate() != null) {
            throw LambException.failed(secret.name() + " was already deleted on " + day(secret.deletedDate()) + " and waits out "
                    + "its recovery window: '" + restoreCommand(secret.arn()) + "' restores it, --force deletes it now, for good");
        }
        if (dryRun) {
            // DeleteSecret's DeletionDate would be the window's end: now plus the window, as lamb asks for it.
            return new SecretRemoval(secret.name(), secret.arn(), force ? time(Instant.now())
                    : time(Instant.now().plus(recoveryDays, ChronoUnit.DAYS)), force, force ? "" : restoreCommand(secret.arn()),
                    target.referencedAs(), true);
        }
        DeleteSecretResponse deleted = aws.secretsManager().deleteSecret(r -> {
            r.secretId(secret.arn());
            if (force) {
                r.forceDeleteWithoutRecovery(true);
            } else {
                r.recoveryWindowInDays((long) recoveryDays);
            }
        });
        return new SecretRemoval(deleted.name(), deleted.arn(), time(deleted.deletionDate()), force,
                force ? "" : restoreCommand(deleted.arn()), target.referencedAs(), false);
    }

    /** The AWS CLI command that takes a secret out of its recovery window. */
    public static String restoreCommand(String arn) {
        return "aws secretsmanager restore-secret --secret-id " + arn;
    }

    private Optional<DescribeSecretResponse> describe(String id) {
        try {
            return Optional.of(aws.secretsManager().describeSecret(r -> r.secretId(id)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private ObjectNode currentJson(String arn) {
        String text = aws.secretsManager().getSecretValue(r -> r.secretId(arn)).secretString();
        try {
            JsonNode node = text == null ? null : JSON.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // not JSON: said below, without the value
        }
        throw LambException.failed("the secret " + arn + " is not a JSON object, so lamb cannot set one key of it");
    }

    private static String withKey(ObjectNode json, String key, String value) {
        return json.put(key, value).toString();
    }

    private static List<Tag> tags(SecretTarget target) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG, target.name());
        if (!target.function().isEmpty()) {
            tags.put(DeployNames.TAG, target.function());
        }
        return tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }

    private static boolean isLambs(List<Tag> tags) {
        return tags != null && tags.stream().anyMatch(t -> TAG.equals(t.key()));
    }

    /** The id of the version labelled AWSCURRENT. */
    private static String current(Map<String, List<String>> versions) {
        return versions == null ? null : versions.entrySet().stream().filter(e -> e.getValue().contains(CURRENT))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static String quoted(SecretReference reference) {
        return "\"" + reference + "\"";
    }

    /** A time as lamb's secrets output writes it: ISO 8601, UTC, to the second. */
    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String day(Instant instant) {
        return instant.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
    }
}
