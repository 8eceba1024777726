package dev.lamb.local.cloud.secretsmanager;

import dev.lamb.local.cloud.AwsServiceException;

/** Secrets Manager's errors, with the API Reference's codes and, where it gives them, AWS's messages (awsJson1.1: 400). */
final class SecretsManagerErrors {
    private SecretsManagerErrors() {}

    static AwsServiceException notFound() {
        return new AwsServiceException(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    static AwsServiceException valueNotFound(String what) {
        return new AwsServiceException(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for " + what);
    }

    static AwsServiceException markedForDeletion() {
        return invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
    }

    static AwsServiceException invalidParameter(String message) {
        return new AwsServiceException(400, "InvalidParameterException", message);
    }

    static AwsServiceException invalidRequest(String message) {
        return new AwsServiceException(400, "InvalidRequestException", message);
    }

    static AwsServiceException validation(String message) {
        return new AwsServiceException(400, "ValidationException", message);
    }

    static AwsServiceException exists(String name) {
        return new AwsServiceException(400, "ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
    }

    /** A ClientRequestToken names the version it makes: one already made with other data cannot be made again. */
    static AwsServiceException tokenInUse(String token, Secret secret) {
        return new AwsServiceException(400, "ResourceExistsException", "You can't use ClientRequestToken " + token
                + " because that value is already in use for a version of secret " + secret.arn() + ".");
    }
}
