package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/**
 * Issue 12, section 2: another local user (uid 65534 in the probe) polled an instance's Runtime API, got
 * a live event and answered it in the function's place. Now the API answers only its instance's path:
 * an unprivileged process that knows the port gets 403, with or without a guessed token, and the event
 * stays in the engine for the runtime that holds AWS_LAMBDA_RUNTIME_API.
 */
class RuntimeApiIsolationIT {
    @TempDir
    Path work;

    @Test
    void anotherProcessCannotTakeTheEventNorAnswerIt() throws Exception {
        Path python = RequiredTools.require("/usr/bin/python3");
        try (RuntimeApi api = new RuntimeApi()) {
            RuntimeApi.Pending pending = new RuntimeApi.Pending("req-1", "{\"secret\":1}".getBytes(StandardCharsets.UTF_8),
                    System.currentTimeMillis() + 60_000, "arn:aws:lambda:us-east-1:000000000000:function:f", "Root=1-x");
            api.offer(pending);
            String port = api.address().substring("127.0.0.1:".length(), api.address().indexOf('/'));
            String probe = """
                    import sys, urllib.request, urllib.error
                    for path in sys.argv[2:]:
                        try:
                            r = urllib.request.urlopen('http://127.0.0.1:%s%s' % (sys.argv[1], path), timeout=5) \\
                                if path.endswith('next') else None
                            if r: print(path, r.status, r.read())
                        except urllib.error.HTTPError as e:
                            print(path, e.code)
                    for path in ('/2018-06-01/runtime/invocation/req-1/response', '/0000/2018-06-01/runtime/invocation/req-1/response'):
                        try:
                            urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:%s%s' % (sys.argv[1], path),
                                                   data=b'"forged"', method='POST'), timeout=5)
                            print(path, 'accepted')
                        except urllib.error.HTTPError as e:
                            print(path, e.code)
                    """;
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setpriv")) && "root".equals(System.getProperty("user.name"))) {
                // Another user, as in the probe; as any other user the token is the only thing it lacks.
                command.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
            }
            command.addAll(List.of(python.toString(), "-c", probe, port, "/2018-06-01/runtime/invocation/next",
                    "/" + "0".repeat(32) + "/2018-06-01/runtime/invocation/next"));
            Processes.Result attack = Processes.run(work, Map.of(), 60, command);
            assertEquals(0, attack.exitCode(), attack.output());
            assertEquals(4, attack.output().lines().filter(l -> l.endsWith(" 403")).count(), attack.output());
            assertTrue(!attack.output().contains("secret") && !attack.output().contains("accepted"), attack.output());

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://" + api.address() + "/2018-06-01/runtime/invocation/";
            HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(base + "next")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, next.statusCode());
            assertEquals("{\"secret\":1}", next.body(), "the event waited for its own runtime");
            http.send(HttpRequest.newBuilder(URI.create(base + "req-1/response")).POST(HttpRequest.BodyPublishers.ofString("\"real\""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("\"real\"", new String(pending.outcome.get().body(), StandardCharsets.UTF_8));
        }
    }
}
