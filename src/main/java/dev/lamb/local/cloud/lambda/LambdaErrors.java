package dev.lamb.local.cloud.lambda;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.ValidationMessage;

/** Lambda's errors with the status codes and messages AWS gives them. */
final class LambdaErrors {
    static final String ACCOUNT = LocalAccount.ID;

    private LambdaErrors() {}

    static AwsServiceException notFound(String message) {
        return new AwsServiceException(404, "ResourceNotFoundException", message);
    }

    static AwsServiceException functionNotFound(String arn) {
        return notFound("Function not found: " + arn);
    }

    static AwsServiceException conflict(String message) {
        return new AwsServiceException(409, "ResourceConflictException", message);
    }

    static AwsServiceException updateInProgress(String functionArn) {
        return conflict("The operation cannot be performed at this time. An update is in progress for resource: " + functionArn);
    }

    static AwsServiceException invalid(String message) {
        return new AwsServiceException(400, "InvalidParameterValueException", message);
    }

    static AwsServiceException validation(String value, String member, String constraint) {
        return new AwsServiceException(400, "ValidationException", ValidationMessage.of(value, member, constraint));
    }

    static AwsServiceException mustNotBeNull(String member) {
        return new AwsServiceException(400, "ValidationException", ValidationMessage.mustNotBeNull(member));
    }

    static AwsServiceException badRevision() {
        return new AwsServiceException(412, "PreconditionFailedException", "The Revision Id provided does not match the "
                + "latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
    }

    static AwsServiceException tooLarge(String message) {
        return new AwsServiceException(413, "RequestEntityTooLargeException", message);
    }
}
