package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.local.HttpServers;
import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.Ports;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Issue 12, section 3: request bodies are judged against AWS's limit for their operation before they are
 * read, and a request that stops arriving is dropped after the read timeout. The cloud runs as a process
 * of its own (`lamb local start`, its read timeout shortened to 2 s) so that its memory can be measured.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalCloudRequestLimitsIT {
    private static final long HUNDRED_MB = 100L << 20;
    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, "
            + "SignedHeaders=host, Signature=0";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @TempDir
    static Path data;
    static Process cloud;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        port = Ports.free();
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.add(1, "-D" + HttpServers.READ_TIMEOUT_PROPERTY + "=2");
        command.addAll(List.of("local", "start", "--port", String.valueOf(port), "--data-dir", data.resolve("cloud").toString()));
        cloud = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolve("cloud.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/_lamb/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !cloud.isAlive()) {
                    throw new AssertionError("the cloud did not start: " + Files.readString(data.resolve("cloud.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.destroy();
            cloud.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void twentyHundredMegabyteBodiesAreRefusedUnreadWithoutTheCloudsMemoryGrowing() throws Exception {
        long before = rssKb();
        List<CompletableFuture<Upload>> uploads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            uploads.add(CompletableFuture.supplyAsync(() -> upload("/2015-03-31/functions/any/invocations", false, HUNDRED_MB)));
        }
        for (CompletableFuture<Upload> upload : uploads) {
            Upload done = upload.join();
            // Lambda's answer past the synchronous payload limit, as AWS gives it (status 413, code and message).
            assertTrue(done.answer().startsWith("HTTP/1.1 413"), done.answer());
            assertTrue(done.answer().contains("RequestEntityTooLargeException")
                    && done.answer().contains("Request must be smaller than 6291456 bytes for the InvokeFunction operation"),
                    done.answer());
            assertTrue(done.sent() < HUNDRED_MB / 2, "the cloud read " + done.sent() + " bytes of a body it refused");
        }
        long grown = rssKb() - before;
        assertTrue(grown < 100 * 1024, "the cloud grew by " + grown + " KB on bodies it refused, from " + before + " KB");
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimit() {
        Upload done = upload("/2015-03-31/functions/any/invocations", true, HUNDRED_MB);
        assertTrue(done.answer().startsWith("HTTP/1.1 413"), done.answer());
        assertTrue(done.answer().contains("Request must be smaller than 6291456 bytes for the InvokeFunction operation"),
                done.answer());
        assertTrue(done.sent() < HUNDRED_MB / 2, "the cloud read " + done.sent() + " bytes past its 6291456-byte limit");
    }

    @Test
    void aStalledUploadIsDroppedAfterTheReadTimeout() throws Exception {
        // The Host names the port, as every client sends it: the cloud refuses other hosts before reading a body.
        for (String stalled : List.of("POST /2015-03-31/functions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + SIGNED
                + "\r\nContent-Length: 1000\r\n\r\n{\"Functi", "POST /2015-03-31/functions HTTP/1.1\r\nHost: 127.0")) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write(stalled.getBytes(StandardCharsets.US_ASCII));
                long started = System.nanoTime();
                int read;
                try {
                    read = socket.getInputStream().read();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a stalled request still held its connection after 20 s: " + stalled);
                } catch (IOException e) {
                    read = -1;
                }
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                assertEquals(-1, read, "dropped, not answered");
                assertTrue(seconds < 10, "dropped after " + seconds + " s, with a 2 s read timeout");
            }
        }
    }

    @Test
    void invocationsLongerThanTheReadTimeoutAndWarmInstancesIdleLongerStillWork() throws Exception {
        RequiredTools.require("python3");
        try (AwsClients aws = new AwsClients(AwsTarget.localCloud(URI.create(endpoint())))) {
            String role = aws.iam().createRole(r -> r.roleName("limits").assumeRolePolicyDocument(TRUST)).role().arn();
            aws.lambda().createFunction(r -> r.functionName("sleepy").runtime(Runtime.PYTHON3_12).handler("handler.handle")
                    .role(role).timeout(30).code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip("""
                            import time

                            def handle(event, context):
                                time.sleep(event["seconds"])
                                return "slept"
                            """)))));
            aws.lambda().waiter().waitUntilFunctionActiveV2(GetFunctionRequest.builder().functionName("sleepy").build());
            for (String seconds : List.of("3", "0")) {
                Thread.sleep(3000);
                var answer = aws.lambda().invoke(r -> r.functionName("sleepy")
                        .payload(SdkBytes.fromUtf8String("{\"seconds\": " + seconds + "}")));
                assertEquals(null, answer.functionError(), answer.payload().asUtf8String());
                assertEquals("\"slept\"", answer.payload().asUtf8String());
            }
        }
    }

    private record Upload(String answer, long sent) {}

    /** Sends a body of size zero bytes (declared, or chunked) while reading the answer, as a client that keeps on sending. */
    private static Upload upload(String path, boolean chunked, long size) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + SIGNED
                    + "\r\nContent-Type: application/json\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (sent.get() < size) {
                        if (chunked) {
                            out.write(chunkHead);
                        }
                        out.write(chunk);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        sent.addAndGet(chunk.length);
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    // the cloud closed the connection on a body it refused
                }
            });
            writer.start();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[4096];
            int length = 0;
            for (int n; length < answer.length && (n = in.read(answer, length, answer.length - length)) > 0; ) {
                length += n;
                String text = new String(answer, 0, length, StandardCharsets.UTF_8);
                if (text.contains("\r\n\r\n") && text.endsWith("}")) {
                    break;
                }
            }
            long read = sent.get();
            socket.close();
            writer.join(10_000);
            return new Upload(new String(answer, 0, length, StandardCharsets.UTF_8), read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long rssKb() throws IOException {
        return Files.readAllLines(Path.of("/proc/" + cloud.pid() + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}
