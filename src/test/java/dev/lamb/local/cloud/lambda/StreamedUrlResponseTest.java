package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.lamb.local.cloud.CloudResponse;

/**
 * Review item 12: a RESPONSE_STREAM URL's pieces wait in a bounded queue. A client that does not read holds the function's
 * writes back once {@link StreamedUrlResponse#CAPACITY} pieces wait, and once the client is gone the rest is dropped, so
 * the function ends and the cloud holds nothing of it.
 */
@Timeout(10)
class StreamedUrlResponseTest {
    private static final int PIECES = 1000;
    private static final byte[] PIECE = new byte[8192];

    @Test
    void aClientThatDoesNotReadHoldsTheFunctionBackAndOneThatLeftLetsItEnd() throws Exception {
        StreamedUrlResponse stream = new StreamedUrlResponse();
        stream.open("text/plain");
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Void> function = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < PIECES; i++) {
                    stream.write(PIECE);
                    written.incrementAndGet();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            stream.finish(false);
        });
        CloudResponse response = stream.head().orElseThrow();
        while (written.get() < StreamedUrlResponse.CAPACITY) {
            Thread.onSpinWait();
        }
        assertThrows(TimeoutException.class, () -> function.get(300, TimeUnit.MILLISECONDS),
                "the function waits while the client reads nothing");
        assertEquals(StreamedUrlResponse.CAPACITY, written.get(), "no more than the queue's capacity waits");

        AtomicInteger sent = new AtomicInteger();
        assertThrows(IOException.class, () -> response.stream().writeTo(new OutputStream() {
            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (sent.incrementAndGet() > 2) {
                    throw new IOException("Broken pipe");
                }
            }
        }));
        function.get(5, TimeUnit.SECONDS);
        assertEquals(PIECES, written.get(), "once the client is gone, the function's writes are dropped and it ends");
        assertTrue(sent.get() <= 3, "nothing is sent after the failure");
    }
}
