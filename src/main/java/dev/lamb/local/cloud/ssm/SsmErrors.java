package dev.lamb.local.cloud.ssm;

import dev.lamb.local.cloud.AwsServiceException;

/** Parameter Store's errors, by the codes of its service model (botocore ssm/2014-11-06), answered 400 as awsJson1.1 answers them. */
final class SsmErrors {
    private SsmErrors() {}

    static AwsServiceException validation(String message) {
        return new AwsServiceException(400, "ValidationException", message);
    }

    static AwsServiceException notFound(String name) {
        return new AwsServiceException(400, "ParameterNotFound", "Parameter " + name + " not found.");
    }

    static AwsServiceException versionNotFound(String name, String selector) {
        return new AwsServiceException(400, "ParameterVersionNotFound", "Systems Manager could not find version " + selector.substring(1)
                + " of " + name + ". Verify the version and try again.");
    }

    static AwsServiceException alreadyExists() {
        return new AwsServiceException(400, "ParameterAlreadyExists",
                "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
    }

    static AwsServiceException invalidNextToken() {
        return new AwsServiceException(400, "InvalidNextToken", "The specified token isn't valid.");
    }

    static AwsServiceException invalidFilterKey(String message) {
        return new AwsServiceException(400, "InvalidFilterKey", message);
    }

    static AwsServiceException invalidFilterOption(String message) {
        return new AwsServiceException(400, "InvalidFilterOption", message);
    }

    static AwsServiceException invalidFilterValue(String message) {
        return new AwsServiceException(400, "InvalidFilterValue", message);
    }
}
