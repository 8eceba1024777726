package dev.lamb.aws;

import java.util.Optional;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.lambda.FunctionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A function's execution role at an endpoint (lamb's local cloud), and that role's temporary credentials from the
 * endpoint's STS: what Lambda hands each execution environment as it starts, for a function run on this machine.
 */
public final class FunctionRoles {
    /** AssumeRole's default, which every role allows (IAM's MaxSessionDuration is an hour at least). */
    private static final int SESSION_SECONDS = 3600;

    private FunctionRoles() {}

    /**
     * The role ARN the function deployed at {@code target} runs as; when it is not deployed there, the ARN of the role
     * named {@code roleName} there; empty when there is neither.
     */
    public static Optional<String> of(AwsTarget target, String function, String roleName) {
        try (AwsClients aws = new AwsClients(target)) {
            try {
                return Optional.ofNullable(aws.lambda().getFunctionConfiguration(r -> r.functionName(function)).role());
            } catch (ResourceNotFoundException e) {
                return Optional.of(aws.iam().getRole(r -> r.roleName(roleName)).role().arn());
            }
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    /** Credentials of the role from {@code target}'s STS, the session named as Lambda names it: after the function. */
    public static FunctionCredentials assume(AwsTarget target, String roleArn, String function) {
        try (AwsClients aws = new AwsClients(target)) {
            Credentials c = aws.sts().assumeRole(r -> r.roleArn(roleArn).roleSessionName(function).durationSeconds(SESSION_SECONDS))
                    .credentials();
            return new FunctionCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
        }
    }

    /** The credentials lamb itself signs with at {@code target}, as the SDK resolves them; none found is exit 3. */
    public static FunctionCredentials resolved(AwsTarget target) {
        try (AwsClients aws = new AwsClients(target)) {
            return aws.resolvedCredentials();
        } catch (SdkClientException e) {
            LambException translated = AwsErrors.translate(e);
            throw translated.exitCode() != ExitCode.AUTH ? translated : new LambException(ExitCode.AUTH, "--aws-credentials found "
                    + "no AWS credentials: pass --profile (or set AWS_PROFILE), or leave --aws-credentials out to run against the "
                    + "local cloud", e);
        }
    }
}
