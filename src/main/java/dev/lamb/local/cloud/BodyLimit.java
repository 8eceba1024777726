package dev.lamb.local.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongFunction;

import dev.lamb.lambda.PayloadLimits;

/**
 * The largest request body an operation takes, as AWS limits it, and the error AWS answers past it. The
 * declared length is judged before a byte is read, and a body without one is cut off at the limit, so a
 * client cannot make the cloud hold more than the limit in memory.
 */
public record BodyLimit(long bytes, LongFunction<AwsServiceException> refusal) {
    /** Lambda's synchronous payload limit, a fair bound for any JSON or query request to a control plane. */
    public static final BodyLimit DEFAULT = of(PayloadLimits.SYNC_BYTES, new AwsServiceException(413, "RequestEntityTooLargeException",
            "Request must be smaller than " + PayloadLimits.SYNC_BYTES + " bytes"));

    public static BodyLimit of(long bytes, AwsServiceException refusal) {
        return new BodyLimit(bytes, size -> refusal);
    }

    /**
     * The body, kept only when within the limit: a declared length (Content-Length) is judged before reading,
     * a body without one ({@code declaredLength} -1, chunked) is cut off at the limit. A body at most twice the
     * limit is read through and dropped before the refusal, so that a client still sending it (as SDKs do)
     * can read the answer; a larger one is left unread, and the HTTP server drops the connection with it.
     */
    byte[] read(InputStream in, long declaredLength) throws IOException {
        if (declaredLength > bytes) {
            if (declaredLength <= 2 * bytes) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            throw refusal.apply(declaredLength);
        }
        if (declaredLength >= 0) {
            byte[] body = new byte[(int) declaredLength];
            int at = 0;
            for (int n; at < body.length && (n = in.read(body, at, body.length - at)) > 0; ) {
                at += n;
            }
            if (at < body.length) {
                throw new IOException("the request body ended after " + at + " of " + declaredLength + " bytes");
            }
            return body;
        }
        // Read in the stream's own small steps up to one byte past the limit: most bodies without a length are a GET's
        // empty one, which a 64 KB buffer made each request allocate and clear.
        byte[] body = in.readNBytes((int) Math.min(bytes + 1, Integer.MAX_VALUE - 8));
        if (body.length > bytes) {
            throw refusal.apply(body.length + skip(in, 2 * bytes - body.length));
        }
        return body;
    }

    /** Reads and drops at most max bytes of what is left; how many it dropped. */
    private static long skip(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long skipped = 0;
        for (int n; skipped < max && (n = in.read(buffer, 0, (int) Math.min(buffer.length, max - skipped))) > 0; ) {
            skipped += n;
        }
        return skipped;
    }
}
