package dev.lamb.local.cloud.s3;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.lamb.local.cloud.CloudRequest;

/**
 * A request body as S3 reads it: decoded when aws-chunked, its length checked against what the request declares, its
 * SHA-256 against the signed x-amz-content-sha256 and its MD5 against Content-MD5, as it streams by.
 */
final class S3Payload {
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int BUFFER = 256 * 1024;

    /** What a body held: its size and MD5, the object's ETag. */
    record Read(long size, byte[] md5) {
        String etag() {
            return "\"" + HexFormat.of().formatHex(md5) + "\"";
        }
    }

    private final InputStream in;
    private final long declaredLength;
    private final String sha256;
    private final String contentMd5;

    private S3Payload(InputStream in, long declaredLength, String sha256, String contentMd5) {
        this.in = in;
        this.declaredLength = declaredLength;
        this.sha256 = sha256;
        this.contentMd5 = contentMd5;
    }

    static S3Payload of(CloudRequest head, InputStream raw) {
        String declared = head.header("x-amz-content-sha256");
        String encoding = head.header("Content-Encoding");
        boolean chunked = declared != null && declared.startsWith("STREAMING-")
                || encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked");
        String length = chunked ? head.header("x-amz-decoded-content-length") : head.header("Content-Length");
        return new S3Payload(chunked ? new AwsChunkedInput(raw) : raw, length == null ? -1 : Long.parseLong(length.trim()),
                declared != null && HEX_SHA256.matcher(declared).matches() ? declared.toLowerCase(Locale.ROOT) : null,
                head.header("Content-MD5"));
    }

    /** Bytes the cloud writes itself, with nothing to check them against. */
    static S3Payload of(byte[] bytes) {
        return new S3Payload(new ByteArrayInputStream(bytes), bytes.length, null, null);
    }

    /** Streams the body to out, checking it on the way; what it held. */
    Read copyTo(OutputStream out) throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha = sha256 == null ? null : digest("SHA-256");
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            md5.update(buffer, 0, n);
            if (sha != null) {
                sha.update(buffer, 0, n);
            }
            out.write(buffer, 0, n);
            size += n;
        }
        if (declaredLength >= 0 && size != declaredLength) {
            throw S3Errors.incompleteBody();
        }
        if (sha != null && !HexFormat.of().formatHex(sha.digest()).equals(sha256)) {
            throw S3Errors.sha256Mismatch();
        }
        byte[] sum = md5.digest();
        if (contentMd5 != null && !contentMd5.trim().equals(Base64.getEncoder().encodeToString(sum))) {
            throw S3Errors.badDigest();
        }
        return new Read(size, sum);
    }

    /** A small body (a configuration's XML), read whole; past {@code limit} bytes it is refused. */
    byte[] readSmall(int limit) throws IOException {
        if (declaredLength > limit) {
            throw S3Errors.invalidRequest("The request body must be smaller than " + limit + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copyTo(new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (out.size() + len > limit) {
                    throw S3Errors.invalidRequest("The request body must be smaller than " + limit + " bytes");
                }
                out.write(b, off, len);
            }
        });
        return out.toByteArray();
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
