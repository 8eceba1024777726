package dev.lamb.secrets;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.config.SecretReference;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * `lamb secrets` for an {@code ssm:} reference: a SecureString parameter in Parameter Store. set puts a new version
 * (PutParameter, Overwrite), or creates the parameter tagged as lamb's; rm deletes only with --force, since Parameter Store
 * keeps no deleted parameter to restore. Values are never read.
 */
final class ParameterSecrets {
    private final AwsClients aws;

    ParameterSecrets(AwsClients aws) {
        this.aws = aws;
    }

    SecretChange set(SecretTarget target, Supplier<String> value, Optional<String> description, boolean dryRun) {
        SsmClient ssm = aws.ssm();
        Optional<ParameterMetadata> existing = describe(target.id());
        if (existing.isPresent()) {
            ParameterMetadata parameter = existing.get();
            if (parameter.type() != ParameterType.SECURE_STRING) {
                throw LambException.failed(notEncrypted(parameter));
            }
            if (dryRun) {
                return SecretChange.planned(parameter.name(), parameter.arn(), false, isLambs(parameter.name()), SecretChange.PARAMETER);
            }
            String given = value.get();
            ssm.putParameter(r -> r.name(target.id()).value(given).type(ParameterType.SECURE_STRING).overwrite(true)
                    .description(description.orElse(null)));
        } else {
            if (target.reference().isArn()) {
                throw new LambException(ExitCode.NOT_FOUND, "no parameter " + target.id() + ": lamb creates a parameter by name only");
            }
            if (dryRun) {
                return SecretChange.planned(target.id(), null, true, true, SecretChange.PARAMETER);
            }
            String given = value.get();
            ssm.putParameter(r -> r.name(target.id()).value(given).type(ParameterType.SECURE_STRING)
                    .description(description.orElse(null)).tags(Tag.builder().key(SecretStore.TAG).value(target.name()).build()));
        }
        ParameterMetadata now = describe(target.id()).orElseThrow();
        return new SecretChange(now.name(), now.arn(), Long.toString(now.version()), existing.isEmpty(),
                existing.isEmpty() || isLambs(now.name()), "", SecretChange.PARAMETER,
                existing.map(p -> p.name() + ":" + p.version()).orElse(""), false);
    }

    SecretRow row(String name, SecretReference reference) {
        return describe(reference.id()).map(p -> new SecretRow(name, reference.toString(), p.name(), p.arn(), Long.toString(p.version()),
                SecretStore.time(p.lastModifiedDate()), null, false))
                .orElseGet(() -> new SecretRow(name, reference.toString(), reference.id(), null, null, null, null, true));
    }

    /**
     * Why lamb writes no secret into a parameter that is not a SecureString: Parameter Store would keep it unencrypted, and
     * PutParameter's Overwrite is no safe way to change its type under the readers that expect a String.
     */
    private static String notEncrypted(ParameterMetadata parameter) {
        return parameter.name() + " is a " + parameter.typeAsString() + " parameter, not encrypted, so lamb puts no secret in it: "
                + "delete it ('aws ssm delete-parameter --name " + parameter.name() + "') and run lamb secrets set again to "
                + "recreate it as a SecureString, or reference another parameter";
    }

    SecretRemoval remove(SecretTarget target, boolean force, boolean dryRun) {
        ParameterMetadata parameter = describe(target.id()).orElseThrow(() -> new LambException(ExitCode.NOT_FOUND,
                "no parameter " + target.id() + " in this account and region"));
        if (!force) {
            throw LambException.failed("Parameter Store keeps no deleted parameter to restore, so lamb deletes " + parameter.name()
                    + " only with --force" + (isLambs(parameter.name()) ? "" : " (and lamb did not create it)"));
        }
        if (!dryRun) {
            aws.ssm().deleteParameter(r -> r.name(parameter.name()));
        }
        return new SecretRemoval(parameter.name(), parameter.arn(), SecretStore.time(Instant.now()), true, "", target.referencedAs(),
                dryRun);
    }

    private Optional<ParameterMetadata> describe(String name) {
        return aws.ssm().describeParametersPaginator(r -> r.parameterFilters(f -> f.key("Name").option("Equals").values(name)))
                .stream().flatMap(page -> page.parameters().stream()).findFirst();
    }

    private boolean isLambs(String name) {
        return aws.ssm().listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)).tagList()
                .stream().anyMatch(t -> SecretStore.TAG.equals(t.key()));
    }
}
