package dev.lamb.local.cloud.cloudwatch;

import dev.lamb.local.cloud.AwsServiceException;

/** CloudWatch's errors, with the query codes of its model's error shapes and the messages its answers give. */
public final class CloudWatchErrors {
    private CloudWatchErrors() {}

    /** MissingRequiredParameterException: a member the operation requires is absent. */
    public static AwsServiceException missing(String parameter) {
        return new AwsServiceException(400, "MissingParameter", "The parameter " + parameter + " is required.");
    }

    /** InvalidParameterValueException: the value of one member is not one the operation takes. */
    public static AwsServiceException invalidValue(String value, String parameter) {
        return invalid("The value " + value + " for parameter " + parameter + " is invalid.");
    }

    public static AwsServiceException invalid(String message) {
        return new AwsServiceException(400, "InvalidParameterValue", message);
    }

    /** InvalidParameterCombinationException: members that may not go together, or one that needs another. */
    public static AwsServiceException combination(String message) {
        return new AwsServiceException(400, "InvalidParameterCombination", message);
    }

    /** InvalidNextToken: a token this listing did not hand out. */
    public static AwsServiceException invalidNextToken() {
        return new AwsServiceException(400, "InvalidNextToken", "The service cannot use the NextToken given.");
    }
}
