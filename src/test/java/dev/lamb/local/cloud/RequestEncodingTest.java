package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/**
 * Review 16, item 1: a body sent with Content-Encoding gzip (as botocore and the Java SDK send PutMetricData's of 10,240
 * bytes or more, the model's requestcompression trait) is inflated before a protocol reads it, within the operation's
 * body limit; boto3's whole round trip is in cloudwatch_roundtrips.py (Boto3IT).
 */
class RequestEncodingTest {
    private static final BodyLimit LIMIT = BodyLimit.of(1000, new AwsServiceException(413, "RequestEntityTooLargeException", "too big"));

    @Test
    void aGzipBodyIsInflatedAndAPlainOneKept() throws IOException {
        byte[] text = "Action=PutMetricData&Namespace=N".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(text, RequestEncoding.decoded(request("gzip"), gzip(text), LIMIT));
        assertArrayEquals(text, RequestEncoding.decoded(request("GZIP"), gzip(text), LIMIT));
        assertArrayEquals(text, RequestEncoding.decoded(request(null), text, LIMIT));
        assertArrayEquals(text, RequestEncoding.decoded(request("identity"), text, LIMIT));
    }

    @Test
    void theInflatedBodyIsHeldToTheLimit() throws IOException {
        byte[] zeros = gzip(new byte[5000]);
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> RequestEncoding.decoded(request("gzip"), zeros, LIMIT));
        assertEquals(413, e.status());
    }

    @Test
    void aBodyThatIsNotGzipOrAnEncodingNotReadIsA400() {
        byte[] text = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, assertThrows(AwsServiceException.class, () -> RequestEncoding.decoded(request("gzip"), text, LIMIT)).status());
        assertEquals(400, assertThrows(AwsServiceException.class, () -> RequestEncoding.decoded(request("br"), text, LIMIT)).status());
    }

    private static CloudRequest request(String encoding) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (encoding != null) {
            headers.put("content-encoding", List.of(encoding));
        }
        return new CloudRequest("POST", "/", Map.of(), headers, new byte[0], "us-east-1");
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(data);
        }
        return out.toByteArray();
    }
}
