package dev.lamb.local.runtime;

import java.io.IOException;

/**
 * Where a streamed response goes as the runtime writes it: a runtime that posts its response with
 * {@code Lambda-Runtime-Function-Response-Mode: streaming} (Node's awslambda.streamifyResponse) hands each piece on
 * as it arrives, for a caller (a function URL whose invoke mode is RESPONSE_STREAM) to send before the function ends.
 */
public interface ResponseStream {
    /** The stream begins, with the Content-Type the runtime gave it. */
    void open(String contentType);

    /** The next bytes the function wrote. */
    void write(byte[] bytes) throws IOException;
}
