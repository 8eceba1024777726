package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;

/** `lamb local faults add|list|clear` against a detached local cloud, as a user runs them. */
class LocalFaultsCommandIT {
    @TempDir
    Path data;

    @Test
    void faultsAreAddedListedObservedAndCleared() throws Exception {
        int port = Ports.free();
        String dir = data.toString();
        Lamb.Run start = Lamb.run("local", "start", "--detach", "--port", Integer.toString(port), "--data-dir", dir);
        try {
            assertEquals(0, start.exitCode(), start.err());
            Lamb.Run add = Lamb.run("local", "faults", "add", "--service", "lambda", "--kind", "throttle", "--count", "1",
                    "--data-dir", dir);
            assertEquals(0, add.exitCode(), add.err());
            assertTrue(add.out().contains("fault 1 added: throttle on lambda"), add.out());

            HttpResponse<String> throttled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/")).header("Authorization",
                    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=x")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(429, throttled.statusCode(), throttled.body());

            Lamb.Run list = Lamb.run("local", "faults", "list", "--data-dir", dir);
            assertEquals(0, list.exitCode(), list.err());
            assertTrue(list.out().contains("0 of 1 left, fired 1 (spent)"), list.out());

            // Issue 14: STS, which the cloud serves, takes faults too.
            Lamb.Run sts = Lamb.run("local", "faults", "add", "--service", "sts", "--operation", "AssumeRole", "--kind",
                    "throttle", "--count", "1", "--data-dir", dir);
            assertEquals(0, sts.exitCode(), sts.err());
            assertTrue(sts.out().contains("fault 2 added: throttle on sts"), sts.out());

            Lamb.Run bad = Lamb.run("local", "faults", "add", "--service", "sqs", "--kind", "throttle", "--data-dir", dir);
            assertEquals(2, bad.exitCode(), bad.err());
            assertTrue(bad.err().contains("service must be one of"), bad.err());

            // Issue 12: a latency past Lambda's longest timeout (15 minutes) is a usage error, not a cloud that hangs.
            Lamb.Run absurd = Lamb.run("local", "faults", "add", "--service", "lambda", "--kind", "latency", "--millis",
                    "99999999999999", "--data-dir", dir);
            assertEquals(2, absurd.exitCode(), absurd.err());
            assertEquals("lamb: millis must be at most 900000 (15 minutes, Lambda's longest timeout), not 99999999999999",
                    absurd.err().strip());

            assertEquals(0, Lamb.run("local", "faults", "clear", "--data-dir", dir).exitCode());
            Lamb.Run empty = Lamb.run("local", "faults", "list", "--data-dir", dir);
            assertTrue(empty.out().contains("no faults"), empty.out());
        } finally {
            Lamb.run("local", "stop", "--data-dir", dir);
        }
        Lamb.Run none = Lamb.run("local", "faults", "list", "--data-dir", dir);
        assertEquals(4, none.exitCode());
        assertTrue(none.err().contains("no local cloud is running"), none.err());
    }

}
