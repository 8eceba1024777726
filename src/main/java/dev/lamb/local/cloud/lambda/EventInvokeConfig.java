package dev.lamb.local.cloud.lambda;

/**
 * A function's, version's or alias's options for asynchronous invocation (PutFunctionEventInvokeConfig):
 * each option null when not set, the destinations as ARNs, and when it last changed (epoch milliseconds).
 */
record EventInvokeConfig(Integer maximumRetryAttempts, Integer maximumEventAgeInSeconds, String onSuccess,
        String onFailure, long lastModified) {
    /** Lambda's defaults for an invocation with no configuration: two retries, events kept six hours. */
    static final int DEFAULT_RETRY_ATTEMPTS = 2;
    static final int DEFAULT_EVENT_AGE_SECONDS = 21_600;

    static final EventInvokeConfig NONE = new EventInvokeConfig(null, null, null, null, 0);

    int retryAttempts() {
        return maximumRetryAttempts == null ? DEFAULT_RETRY_ATTEMPTS : maximumRetryAttempts;
    }

    int eventAgeSeconds() {
        return maximumEventAgeInSeconds == null ? DEFAULT_EVENT_AGE_SECONDS : maximumEventAgeInSeconds;
    }
}
