package dev.lamb.local.cloud;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A request body's Content-Encoding, undone before any protocol reads the body. botocore's models mark operations
 * {@code "requestcompression": {"encodings": ["gzip"]}} (CloudWatch's PutMetricData), and boto3, the AWS CLI v2 and the
 * Java SDK then gzip a body of 10,240 bytes or more and say so in Content-Encoding. The inflated body is held to the
 * operation's limit as any other, so a small compressed body cannot make the cloud hold more than that.
 */
final class RequestEncoding {
    private RequestEncoding() {}

    /** Whether the body comes compressed, so that its declared length says nothing about what it inflates to. */
    static boolean compressed(CloudRequest head) {
        return "gzip".equals(encoding(head));
    }

    /** The body as the service reads it: inflated when gzip, as sent when not encoded; a 400 for anything else. */
    static byte[] decoded(CloudRequest head, byte[] body, BodyLimit limit) throws IOException {
        String encoding = encoding(head);
        if (encoding == null || encoding.equals("identity")) {
            return body;
        }
        if (!encoding.equals("gzip")) {
            throw new AwsServiceException(400, "SerializationException", "Content-Encoding '" + encoding
                    + "' is not one lamb's local cloud reads: send the body as it is, or gzip it");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return limit.read(in, -1);
        } catch (IOException e) {
            // java.util.zip's ZipException and EOFException: what was sent is not a whole gzip stream.
            throw new AwsServiceException(400, "SerializationException", "the body says Content-Encoding gzip but is not gzip data: "
                    + e.getMessage());
        }
    }

    private static String encoding(CloudRequest head) {
        String encoding = head.header("Content-Encoding");
        return encoding == null || encoding.isBlank() ? null : encoding.strip().toLowerCase(Locale.ROOT);
    }
}
