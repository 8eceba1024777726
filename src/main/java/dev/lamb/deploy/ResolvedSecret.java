package dev.lamb.deploy;

import java.util.Optional;

import dev.lamb.config.SecretReference;

/**
 * A reference of [function.secrets] as deploy found it, never the secret: the name the function uses, where the secret
 * lives, its ARN, and the ARN of the customer managed KMS key that encrypts it, when one does (the AWS managed keys need
 * no grant in the role).
 */
public record ResolvedSecret(String name, SecretReference reference, String arn, Optional<String> keyArn) {
    /** NAME_SECRET_ARN: the environment variable the function finds the secret by. */
    public String variable() {
        return SecretReference.variable(name);
    }

    /** What that variable holds: the ARN, with "#json-key" after it when the reference names one key of a JSON secret. */
    public String variableValue() {
        return arn + reference.jsonKey().map(k -> "#" + k).orElse("");
    }

    /** The action the function's role needs on {@link #arn}: GetSecretValue, or GetParameter. */
    String action() {
        return reference.store() == SecretReference.Store.SECRETS_MANAGER ? "secretsmanager:GetSecretValue" : "ssm:GetParameter";
    }
}
