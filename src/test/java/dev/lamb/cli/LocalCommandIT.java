package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;

/** `lamb local start --detach`, `status`, `stop` and `reset`, as a user runs them. */
class LocalCommandIT {
    @TempDir
    Path data;

    @Test
    void detachedCloudIsFoundStoppedAndReset() throws Exception {
        int port = Ports.free();
        String dir = data.toString();
        Lamb.Run start = Lamb.run("local", "start", "--detach", "--port", Integer.toString(port), "--data-dir", dir);
        try {
            assertEquals(0, start.exitCode(), start.err());
            assertTrue(start.out().contains("http://127.0.0.1:" + port), start.out());

            // Issue 11, section 4: the data folder, the port, the uptime and how many functions and APIs it holds.
            Lamb.Run status = Lamb.run("local", "status", "--data-dir", dir);
            assertEquals(0, status.exitCode(), status.err());
            for (String shown : List.of("data folder: " + data.toAbsolutePath(), "port:        " + port, "uptime:",
                    "functions:   0", "APIs:        0")) {
                assertTrue(status.out().contains(shown), shown + " in " + status.out());
            }
            // Issue 14, section 4: the runtimes found, with their paths, and where functions' SDKs come from, or a line
            // for each SDK none is found of.
            assertTrue(status.out().lines().anyMatch(l -> l.matches("    python3\\.\\d+  /.*/python3\\.\\d+")), status.out());
            assertTrue(status.out().contains("    java (all java runtimes)  /"), status.out());
            assertTrue(status.out().lines().anyMatch(l -> l.matches("    boto3 1\\.\\d+\\.\\d+  /.*") || l.startsWith("    boto3: none")),
                    status.out());
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith("    AWS SDK for JavaScript v3")), status.out());
            Lamb.Run json = Lamb.run("--output", "json", "local", "status", "--data-dir", dir);
            var record = new ObjectMapper().readTree(json.out());
            assertEquals(port, record.get("port").asInt());
            assertEquals(data.toAbsolutePath().toString(), record.get("data_dir").asText());
            assertEquals(0, record.get("functions").asInt());
            assertEquals(0, record.get("apis").asInt());
            assertTrue(record.get("uptime_seconds").asLong() >= 0);
            assertTrue(record.get("runtimes").get("runtimes").size() >= 2, json.out());
            // Once the state is loaded (the status waits for it; a health check answers sooner), the services are listed.
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/_lamb/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(health.body().contains("lambda") && health.body().contains("iam"), health.body());

            Lamb.Run reset = Lamb.run("local", "reset", "--data-dir", dir);
            assertEquals(2, reset.exitCode(), "reset refuses while the cloud runs");
            assertTrue(reset.err().contains("lamb local stop"), reset.err());
        } finally {
            Lamb.run("local", "stop", "--data-dir", dir);
        }
        Lamb.Run status = Lamb.run("local", "status", "--data-dir", dir);
        assertEquals(4, status.exitCode());
        assertTrue(status.err().contains("no local cloud is running"), status.err());

        Files.createDirectories(data.resolve("lambda"));
        Lamb.Run cleared = Lamb.run("local", "reset", "--data-dir", dir);
        assertEquals(0, cleared.exitCode(), cleared.err());
        try (var left = Files.list(data)) {
            assertEquals(List.of(data.resolve("local.lock")), left.toList(), "reset leaves only the folder's lock");
        }
    }

    @Test
    void aBusyPortForADetachedStartIsOneLineAndExit2() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Lamb.Run run = Lamb.run("local", "start", "--detach", "--port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", data.toString());
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("lamb: port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    @Test
    void aBusyPortIsOneLineAndExit2() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Lamb.Run run = Lamb.run("local", "start", "--port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", data.toString());
            assertEquals(2, run.exitCode());
            assertTrue(run.err().startsWith("lamb: port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), run.err());
        }
    }

    /** Issue 11 §10: with --detach too, a port in use is exit 2 and one line with one "lamb:". */
    @Test
    void aBusyPortForADetachedCloudIsOneLineAndExit2() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Lamb.Run run = Lamb.run("local", "start", "--detach", "--port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", data.toString());
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("lamb: port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), run.err());
            assertEquals(1, run.err().split("lamb:", -1).length - 1, run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    @Test
    void instanceLimitsBelowOneAreOneLineAndExit2() {
        Lamb.Run run = Lamb.run("local", "start", "--detach", "--max-instances", "0", "--data-dir", data.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("lamb: the local cloud's instance limits must be at least 1, not 0 per function and 50 in all",
                run.err().strip());
    }

    @Test
    void anAsyncDelayScaleAboveOneIsOneLineAndExit2() {
        Lamb.Run run = Lamb.run("local", "start", "--detach", "--async-delay-scale", "2", "--data-dir", data.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("lamb: --async-delay-scale must be a number above 0 and at most 1 (0.01 makes Lambda's 1-minute retry "
                + "delay 0.6 s), not '2.0'", run.err().strip());
    }
}
