package dev.lamb.local.cloud.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;

/**
 * Request bodies as S3 reads them. The aws-chunked shape is the S3 API reference's ("Signature Calculations for the
 * Authorization Header: Transferring Payload in Multiple Chunks", and its trailing-checksum variant that the SDKs send as
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER); the errors are S3's ("Error responses").
 */
class S3PayloadTest {
    private static CloudRequest head(Map<String, String> headers) {
        TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> map.put(k, List.of(v)));
        return new CloudRequest("PUT", "/b/k", Map.of(), map, new byte[0], "us-east-1");
    }

    private static byte[] read(Map<String, String> headers, String body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        S3Payload.of(head(headers), new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII))).copyTo(out);
        return out.toByteArray();
    }

    @Test
    void signedChunksAreDecoded() throws IOException {
        String body = "5;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\nhello\r\n"
                + "6;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n world\r\n"
                + "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n";
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), read(Map.of("x-amz-content-sha256",
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "x-amz-decoded-content-length", "11"), body));
    }

    @Test
    void unsignedChunksWithATrailingChecksumAreDecoded() throws IOException {
        String body = "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), read(Map.of("x-amz-content-sha256",
                "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "11"), body));
    }

    @Test
    void aBodyThatIsNotWhatItsHeadersSayIsRefused() {
        AwsServiceException sha = assertThrows(AwsServiceException.class, () -> read(Map.of("x-amz-content-sha256",
                "0000000000000000000000000000000000000000000000000000000000000000", "Content-Length", "5"), "hello"));
        assertEquals("XAmzContentSHA256Mismatch", sha.code());
        AwsServiceException md5 = assertThrows(AwsServiceException.class, () -> read(Map.of("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==",
                "Content-Length", "5"), "hello"));
        assertEquals("BadDigest", md5.code());
        AwsServiceException shortBody = assertThrows(AwsServiceException.class, () -> read(Map.of("Content-Length", "9"), "hello"));
        assertEquals("IncompleteBody", shortBody.code());
    }
}
