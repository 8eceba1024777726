package dev.lamb.secrets;

import java.time.Instant;
import java.util.Optional;

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

    SecretChange set(SecretTarget target, String value, Optional<String> description) {
        SsmClient ssm = aws.ssm();
        Optional<ParameterMetadata> existing = describe(target.id());
        if (existing.isPresent()) {
            // Its own type kept: Overwrite may not change a String into a SecureString.
            ssm.putParameter(r -> r.name(target.id()).value(value).type(existing.get().type()).overwrite(true)
                    .description(description.orElse(null)));
        } else {
            if (target.reference().isArn()) {
                throw new LambException(ExitCode.NOT_FOUND, "no parameter " + target.id() + ": lamb creates a parameter by name only");
            }
            ssm.putParameter(r -> r.name(target.id()).value(value).type(ParameterType.SECURE_STRING)
                    .description(description.orElse(null)).tags(Tag.builder().key(SecretStore.TAG).value(target.name()).build()));
        }
        ParameterMetadata now = describe(target.id()).orElseThrow();
        return new SecretChange(now.name(), now.arn(), Long.toString(now.version()), existing.isEmpty(),
                existing.isEmpty() || isLambs(now.name()), "", SecretChange.PARAMETER,
                existing.map(p -> p.name() + ":" + p.version()).orElse(""));
    }

    SecretRow row(String name, SecretReference reference) {
        return describe(reference.id()).map(p -> new SecretRow(name, reference.toString(), p.name(), p.arn(), Long.toString(p.version()),
                SecretStore.time(p.lastModifiedDate()), null, false))
                .orElseGet(() -> new SecretRow(name, reference.toString(), reference.id(), null, null, null, null, true));
    }

    SecretRemoval remove(SecretTarget target, boolean force) {
        ParameterMetadata parameter = describe(target.id()).orElseThrow(() -> new LambException(ExitCode.NOT_FOUND,
                "no parameter " + target.id() + " in this account and region"));
        if (!force) {
            throw LambException.failed("Parameter Store keeps no deleted parameter to restore, so lamb deletes " + parameter.name()
                    + " only with --force" + (isLambs(parameter.name()) ? "" : " (and lamb did not create it)"));
        }
        aws.ssm().deleteParameter(r -> r.name(parameter.name()));
        return new SecretRemoval(parameter.name(), parameter.arn(), SecretStore.time(Instant.now()), true, "", target.referencedAs());
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
