package dev.lamb.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.lamb.local.cloud.LocalCloudHome;

/** `lamb serve` as a process of its own, asked one request once it says it is serving, then stopped. */
public final class ServeProcess {
    /** What serve said before serving, and the answer to the request. */
    public record Served(String said, HttpResponse<String> response) {}

    private ServeProcess() {}

    /** `lamb serve --port P ARGS...` in {@code dir} with {@code env} added, asked GET {@code path}. */
    public static Served get(Path dir, Map<String, String> env, String path, String... args) throws IOException, InterruptedException {
        int port = Ports.free();
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(List.of("serve", "--port", Integer.toString(port)));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process serve = builder.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder said = new StringBuilder();
            for (String line = lines.readLine(); line != null && !line.startsWith("serving "); line = lines.readLine()) {
                said.append(line).append('\n');
            }
            assertTrue(serve.isAlive(), said.toString());
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            return new Served(said.toString(), response);
        } finally {
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
