package dev.lamb.local.cloud;

import java.io.IOException;
import java.io.InputStream;

/**
 * A service that reads its requests' bodies itself, as streams, rather than whole before {@link #handle(CloudRequest)}:
 * S3, whose objects run to gigabytes. Its requests are verified against the payload hash their signature declares
 * (x-amz-content-sha256), which the service checks against the body as it reads it.
 */
public interface StreamingService extends AwsService {
    /** Answers a request whose head is read, reading its body from {@code body} (as sent: chunked or not). */
    CloudResponse handle(CloudRequest head, InputStream body) throws IOException;
}
