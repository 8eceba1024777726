package dev.lamb.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.config.KeyLines;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.config.SecretReference;
import dev.lamb.lambda.KmsKeys;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

/**
 * Turns the references of [function.secrets] into ARNs with read calls that never return a value: Secrets Manager's
 * DescribeSecret (the ARN and KmsKeyId) and SSM's DescribeParameters with a Name Equals filter (Type and KeyId; the ARN
 * where the endpoint gives it, else built as AWS's "Parameter Store resources" ARN format says). A reference to nothing
 * is exit 4, naming it, the table of lamb.toml it is in, and a command that creates it without a value on the command line;
 * one to a parameter that is not a SecureString resolves, with a warning.
 */
public final class SecretResolver {
    private final AwsClients aws;
    private final String region;
    /** The stage the references are of: `lamb secrets set NAME --stage STAGE` makes the secret its reference names. */
    private final String stage;
    private final Consumer<String> progress;
    /** The project's folder, to name the lamb.toml table a reference is in; null when unknown. */
    private final Path projectDir;
    /** arn:PARTITION:iam::ACCOUNT (from STS), asked for once and only when an ARN must be built. */
    private String[] caller;

    public SecretResolver(AwsClients aws, String region, String stage, Consumer<String> progress) {
        this(aws, region, stage, null, progress);
    }

    /** {@code projectDir}: where lamb.toml is, so that a missing reference's message names its table. */
    public SecretResolver(AwsClients aws, String region, String stage, Path projectDir, Consumer<String> progress) {
        this.aws = aws;
        this.region = region;
        this.stage = stage;
        this.projectDir = projectDir;
        this.progress = progress;
    }

    /** " in REGION", or nothing when the SDK picks the region. */
    private String where() {
        return region == null ? "" : " in " + region;
    }

    /** Each reference, by the name the function uses, resolved in lamb.toml's order. */
    public Map<String, ResolvedSecret> resolve(Map<String, SecretReference> references) {
        Map<String, ResolvedSecret> out = new LinkedHashMap<>();
        references.forEach((name, reference) -> out.put(name, resolve(name, reference)));
        return out;
    }

    /** One reference, which the function calls {@code name}; exit 4 when it names nothing. */
    public ResolvedSecret resolve(String name, SecretReference reference) {
        return reference.store() == SecretReference.Store.SECRETS_MANAGER ? secret(name, reference) : parameter(name, reference);
    }

    private ResolvedSecret secret(String name, SecretReference reference) {
        DescribeSecretResponse found;
        try {
            found = aws.secretsManager().describeSecret(r -> r.secretId(reference.id()));
        } catch (ResourceNotFoundException e) {
            found = null;
        }
        if (found == null || found.deletedDate() != null) {
            String create = found != null ? "it was deleted and waits out its recovery window: restore it with "
                    + "'aws secretsmanager restore-secret --secret-id " + reference.id() + "'"
                    : reference.isArn() ? "lamb creates secrets by name only: reference one by name (" + name + " = \"secretsmanager:"
                            + secretName(reference.id()) + "\") and create it with '" + setCommand(name) + "'"
                    : "create it with '" + setCommand(name) + "'";
            throw new LambException(ExitCode.NOT_FOUND, "the secret " + reference.id() + " of " + entry(name, reference)
                    + " is not in Secrets Manager" + where() + ": " + create);
        }
        String[] arn = found.arn().split(":", 6);
        return new ResolvedSecret(name, reference, found.arn(), customerKey(name, found.kmsKeyId(), arn[1], arn[3], arn[4]));
    }

    private ResolvedSecret parameter(String name, SecretReference reference) {
        String parameter = parameterName(reference.id());
        List<ParameterMetadata> found = aws.ssm().describeParametersPaginator(r -> r.parameterFilters(ParameterStringFilter.builder()
                .key("Name").option("Equals").values(parameter).build())).stream().flatMap(page -> page.parameters().stream())
                .filter(p -> p.name().equals(parameter)).toList();
        if (found.isEmpty()) {
            String create = reference.isArn() ? "lamb creates parameters by name only: reference it by name (" + name + " = \"ssm:"
                    + parameter + "\") and create it as a SecureString with '" + setCommand(name) + "'"
                    : "create it as a SecureString with '" + setCommand(name) + "'";
            throw new LambException(ExitCode.NOT_FOUND, "the parameter " + parameter + " of " + entry(name, reference)
                    + " is not in SSM Parameter Store" + where() + ": " + create);
        }
        ParameterMetadata metadata = found.get(0);
        if (!"SecureString".equals(metadata.typeAsString())) {
            progress.accept("lamb: warning: " + entry(name, reference) + " is a " + metadata.typeAsString() + " parameter, stored "
                    + "unencrypted: recreate it as a SecureString (delete it, then '" + setCommand(name) + "')");
        }
        String arn = metadata.arn() != null ? metadata.arn() : reference.isArn() ? reference.id()
                : "arn:" + caller()[0] + ":ssm:" + ssmRegion() + ":" + caller()[1] + ":parameter"
                        + (parameter.startsWith("/") ? "" : "/") + parameter;
        String[] parts = arn.split(":", 6);
        Optional<String> key = "SecureString".equals(metadata.typeAsString())
                ? customerKey(name, metadata.keyId(), parts[1], parts[3], parts[4]) : Optional.empty();
        return new ResolvedSecret(name, reference, arn, key);
    }

    /** The command that sets the reference's value, read from stdin or a prompt, never from the command line. */
    private String setCommand(String name) {
        return "lamb secrets set " + name + " --stage " + stage;
    }

    /** {@code [TABLE] NAME = "REFERENCE"}: the table is [stage.STAGE.secrets] when that one sets NAME, else [function.secrets]. */
    private String entry(String name, SecretReference reference) {
        return "[" + table(name) + "] " + name + " = \"" + reference + "\"";
    }

    private String table(String name) {
        String staged = "stage." + stage + ".secrets";
        Path toml = projectDir == null ? null : projectDir.resolve(ProjectConfigLoader.FILE);
        if (toml == null || !Files.isRegularFile(toml)) {
            return "function.secrets";
        }
        try {
            int line = new KeyLines(Files.readString(toml)).lineOf(staged + "." + name);
            return line > 0 ? staged : "function.secrets";
        } catch (IOException e) {
            return "function.secrets"; // read a moment ago by the config loader; only the message's table is at stake
        }
    }

    /** A secret's name from its ARN: the last part less the "-" and six characters Secrets Manager appends. */
    static String secretName(String arn) {
        String last = arn.substring(arn.lastIndexOf(':') + 1);
        return last.matches(".+-[A-Za-z0-9]{6}") ? last.substring(0, last.length() - 7) : last;
    }

    /** A parameter's name: the id, or the part of its ARN after "parameter" ("/a/b" for .../parameter/a/b, "x" for .../parameter/x). */
    static String parameterName(String id) {
        if (!id.startsWith("arn:")) {
            return id;
        }
        String rest = id.substring(id.indexOf(":parameter/") + ":parameter/".length());
        return rest.contains("/") ? "/" + rest : rest;
    }

    /**
     * The ARN of the customer managed key {@code keyId} names (a key ARN, or a key id in the secret's account and region),
     * empty for the AWS managed keys (and no key). An alias of a customer key cannot be turned into its key's ARN without
     * KMS, and IAM grants kms:Decrypt on keys, not aliases: one line says so.
     */
    private Optional<String> customerKey(String name, String keyId, String partition, String keyRegion, String account) {
        if (keyId == null || keyId.isEmpty() || KmsKeys.isAwsManaged(keyId)) {
            return Optional.empty();
        }
        if (keyId.startsWith("arn:") && keyId.contains(":key/")) {
            return Optional.of(keyId);
        }
        if (keyId.startsWith("alias/") || keyId.contains(":alias/")) {
            progress.accept("lamb: warning: the secret of [function.secrets] " + name + " is encrypted with the KMS key " + keyId
                    + ", an alias: lamb grants kms:Decrypt on a key's ARN, which an alias does not give; set the secret's key by "
                    + "its id or ARN, or allow kms:Decrypt on that key in a [[function.permissions]] statement");
            return Optional.empty();
        }
        return Optional.of(KmsKeys.keyArn(partition, keyRegion, account, keyId));
    }

    /** The region SSM answered from: the deploy's, else the one the SDK chose. */
    private String ssmRegion() {
        return region != null ? region : aws.ssm().serviceClientConfiguration().region().id();
    }

    /** The partition and account of the credentials in use, for ARNs the endpoint does not give. */
    private String[] caller() {
        if (caller == null) {
            String[] arn = aws.sts().getCallerIdentity().arn().split(":", 6);
            caller = new String[] {arn[1], arn[4]};
        }
        return caller;
    }
}
