package dev.lamb.deploy;

import dev.lamb.config.AsyncSettings;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;

/**
 * The alias's options for asynchronous invocation, as Lambda reports them: each null when not set (Lambda's
 * default then applies: two retries, six hours, no destination).
 */
public record AsyncStatus(Integer maxRetries, Integer maxEventAgeSeconds, String onFailure, String onSuccess) {
    /** null for no config at all. */
    static AsyncStatus of(GetFunctionEventInvokeConfigResponse config) {
        if (config == null) {
            return null;
        }
        var destinations = config.destinationConfig();
        return new AsyncStatus(config.maximumRetryAttempts(), config.maximumEventAgeInSeconds(),
                destinations == null || destinations.onFailure() == null ? null : blankToNull(destinations.onFailure().destination()),
                destinations == null || destinations.onSuccess() == null ? null : blankToNull(destinations.onSuccess().destination()));
    }

    /** What lamb.toml asks for, in the same terms. */
    static AsyncStatus of(AsyncSettings wanted) {
        return new AsyncStatus(wanted.maxRetries(), wanted.maxEventAgeSeconds(), blankToNull(wanted.onFailure()),
                blankToNull(wanted.onSuccess()));
    }

    /** lamb.toml's "" and Lambda's empty DestinationConfig member both mean no destination. */
    static String blankToNull(String arn) {
        return arn == null || arn.isEmpty() ? null : arn;
    }
}
