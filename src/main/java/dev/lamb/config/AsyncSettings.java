package dev.lamb.config;

/**
 * [function.async]: how Lambda handles the function's asynchronous (Event) invocations. Destinations are
 * ARNs of a Lambda function, an SQS queue, an SNS topic or an EventBridge bus, or "" for none.
 */
public record AsyncSettings(int maxRetries, int maxEventAgeSeconds, String onFailure, String onSuccess) {
    /** Lambda's defaults when a key is not set: two retries, six hours. */
    public static final int DEFAULT_RETRIES = 2;
    public static final int DEFAULT_EVENT_AGE_SECONDS = 21600;
}
