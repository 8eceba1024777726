package dev.lamb.local.cloud.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.runtime.ResponseStream;

/**
 * A function URL's response in RESPONSE_STREAM mode, passed on as the function writes it. A stream of Content-Type
 * application/vnd.awslambda.http-integration-response (awslambda.HttpResponseStream.from) opens with a JSON prelude
 * (statusCode, headers, cookies) and eight NUL bytes, then the body; any other stream is a 200 body of its own
 * Content-Type. The invocation runs on another thread: {@link #head} waits for the prelude, {@link #body} for the rest.
 * At most {@link #CAPACITY} pieces wait between the two: a slow client holds the function's writes back (as a full socket
 * would) rather than the cloud holding the whole stream, and once the client is gone what the function writes is dropped.
 */
final class StreamedUrlResponse implements ResponseStream {
    static final String HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] END = new byte[0];
    /** The end of a stream the function broke off: it failed after the response began. */
    private static final byte[] FAILED = new byte[0];
    private static final int DELIMITER = 8;
    /** Pieces are the runtime API's reads of at most 8 KiB: about 512 KiB wait per stream at most. */
    static final int CAPACITY = 64;
    private static final long OFFER_MILLIS = 100;
    /** A client that takes nothing this long is taken as gone: one whose answer could not even begin never reads. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final BlockingQueue<byte[]> pieces = new ArrayBlockingQueue<>(CAPACITY);
    /** Set once the client's connection failed: nothing is queued any more. */
    private volatile boolean gone;
    /** Set once the reader took END: there is nothing more to wait for. */
    private volatile boolean ended;
    private volatile long lastTaken = System.nanoTime();
    /** The stream's Content-Type once the runtime opened it; null when the invocation ended without streaming. */
    private final CompletableFuture<String> opened = new CompletableFuture<>();

    @Override
    public void open(String contentType) {
        opened.complete(contentType);
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        try {
            enqueue(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the local cloud is stopping");
        }
    }

    /**
     * The invocation ended: whatever was streamed is all there is. When it failed after the response began, the response
     * is cut off rather than ended, so the client sees it incomplete (Lambda reports a midstream error as the end of the
     * stream, "Implementing response streaming in a custom runtime"); the status it had is no longer the function's answer.
     */
    void finish(boolean failed) {
        opened.complete(null);
        try {
            enqueue(failed ? FAILED : END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for room while the client reads; drops the piece once it is gone. */
    private void enqueue(byte[] piece) throws InterruptedException {
        while (!gone && !pieces.offer(piece, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
            // The client is slow: the function waits, as it would on a full socket, until it stalls.
            if (System.nanoTime() - lastTaken > STALL_NANOS) {
                leave();
            }
        }
    }

    /** The next piece the function wrote, END once it ended. */
    private byte[] next() throws InterruptedException {
        if (ended) {
            return END;
        }
        byte[] piece = pieces.poll(OFFER_MILLIS, TimeUnit.MILLISECONDS);
        while (piece == null) {
            // A reader taken as gone (it stalled) has nothing more coming.
            if (gone) {
                return END;
            }
            piece = pieces.poll(OFFER_MILLIS, TimeUnit.MILLISECONDS);
        }
        lastTaken = System.nanoTime();
        ended = piece == END || piece == FAILED;
        return piece;
    }

    /**
     * The response's status and headers, with a body that streams the rest; empty when the function did not stream
     * (it answered buffered, or failed before it wrote), so that its result is read as a buffered one.
     */
    Optional<CloudResponse> head() throws InterruptedException {
        String contentType;
        try {
            contentType = opened.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (contentType == null) {
            return Optional.empty();
        }
        if (!contentType.startsWith(HTTP_INTEGRATION)) {
            return Optional.of(CloudResponse.streamed(200, contentType, out -> body(new byte[0], out)));
        }
        ByteArrayOutputStream prelude = new ByteArrayOutputStream();
        int nuls = 0;
        while (true) {
            byte[] piece = next();
            if (piece == END || piece == FAILED) {
                return Optional.of(responseOf(prelude.toByteArray(), new byte[0]));
            }
            for (int i = 0; i < piece.length; i++) {
                nuls = piece[i] == 0 ? nuls + 1 : 0;
                if (nuls == DELIMITER) {
                    byte[] json = prelude.toByteArray();
                    return Optional.of(responseOf(Arrays.copyOf(json, json.length - (DELIMITER - 1)),
                            Arrays.copyOfRange(piece, i + 1, piece.length)));
                }
                prelude.write(piece[i]);
            }
        }
    }

    private CloudResponse responseOf(byte[] prelude, byte[] first) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(prelude, StandardCharsets.UTF_8));
        } catch (IOException e) {
            root = null;
        }
        Optional<CloudResponse> mapped = root != null && root.isObject()
                ? FunctionUrlRequests.response(root.has("statusCode") ? root : ((ObjectNode) root).deepCopy().put("statusCode", 200))
                : Optional.empty();
        CloudResponse head = mapped.orElse(CloudResponse.json(502, null));
        CloudResponse streamed = CloudResponse.streamed(head.status(), "application/octet-stream", out -> body(first, out));
        for (var header : head.headers().entrySet()) {
            streamed = streamed.withHeader(header.getKey(), header.getValue());
        }
        return streamed;
    }

    /** Writes each piece as it comes, flushed, so that the client has it before the function ends. */
    private void body(byte[] first, OutputStream out) throws IOException {
        try {
            if (first.length > 0) {
                out.write(first);
                out.flush();
            }
            for (byte[] piece = next(); piece != END; piece = next()) {
                if (piece == FAILED) {
                    throw new CloudResponse.Cut("the function failed mid-stream");
                }
                out.write(piece);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            leave();
            throw new CloudResponse.Cut("the local cloud is stopping");
        } catch (IOException e) {
            leave();
            throw e;
        }
    }

    /** The client is gone: what waits and what the function still writes is dropped. */
    private void leave() {
        gone = true;
        pieces.clear();
    }
}
