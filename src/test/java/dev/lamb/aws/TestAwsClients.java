package dev.lamb.aws;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/** SDK clients for tests in other packages that need what {@link AwsClients} keeps package-private. */
public final class TestAwsClients {
    private TestAwsClients() {}

    /**
     * Clients on a local cloud whose SDK retries are lamb's (the same errors retried, the same number of attempts) with
     * every delay at most {@code maxDelay}: a test that rides out throttling waits milliseconds, not AWS's backoff.
     */
    public static AwsClients quickRetries(String endpoint, Duration maxDelay, Consumer<String> notices) {
        return new AwsClients(AwsTarget.localCloud(URI.create(endpoint)), notices, maxDelay);
    }
}
