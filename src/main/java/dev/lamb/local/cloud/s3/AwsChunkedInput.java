package dev.lamb.local.cloud.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An aws-chunked body decoded (S3's "Signature Calculations for the Authorization Header: Transferring Payload in
 * Multiple Chunks"): chunks of {@code hex-size[;chunk-signature=...]\r\n data \r\n}, a last chunk of size 0, then trailer
 * lines (a checksum) up to an empty line. The SDKs send it as {@code STREAMING-...} payloads. Chunk signatures are not
 * verified: the request's own signature is.
 */
final class AwsChunkedInput extends InputStream {
    private static final int MAX_LINE = 4096;
    private final InputStream in;
    private long left;
    private boolean first = true;
    private boolean done;

    AwsChunkedInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (left == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, left));
        if (n < 0) {
            throw S3Errors.incompleteBody();
        }
        left -= n;
        return n;
    }

    /** Moves to the next chunk; false at the end of the body, its trailers read. */
    private boolean nextChunk() throws IOException {
        if (done) {
            return false;
        }
        if (!first && !line().isEmpty()) {
            throw S3Errors.invalidArgument("the aws-chunked body has a chunk longer than its size says");
        }
        first = false;
        String header = line();
        int semicolon = header.indexOf(';');
        try {
            left = Long.parseLong((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
        } catch (NumberFormatException e) {
            throw S3Errors.invalidArgument("the aws-chunked body has a chunk size that is not hexadecimal: " + header);
        }
        if (left > 0) {
            return true;
        }
        done = true;
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
            // Trailing checksums (x-amz-checksum-crc32...) are not kept: the ETag is the object's checksum here.
        }
        return false;
    }

    private String line() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return "";
            }
            if (out.size() > MAX_LINE) {
                throw S3Errors.invalidArgument("the aws-chunked body has a chunk header longer than " + MAX_LINE + " bytes");
            }
            if (c != '\r') {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
