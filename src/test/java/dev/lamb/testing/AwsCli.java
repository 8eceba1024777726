package dev.lamb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real AWS CLI v2 (Debian's, at /usr/bin/aws) pointed at an endpoint with the local cloud's test
 * keys and no user configuration: the third-party client that proves an endpoint speaks AWS.
 */
public final class AwsCli {
    public static final String PATH = "/usr/bin/aws";

    private static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
            "AWS_DEFAULT_REGION", "us-east-1", "AWS_PAGER", "", "AWS_CONFIG_FILE", "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsCli() {}

    /** `aws --endpoint-url ENDPOINT --output json ARGS...`, run in dir. */
    public static Processes.Result run(Path dir, String endpoint, String... args) {
        return run(dir, endpoint, Map.of(), args);
    }

    /** The same with more environment, such as AWS_MAX_ATTEMPTS=1 to see a fault without retries. */
    public static Processes.Result run(Path dir, String endpoint, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(PATH, "--endpoint-url", endpoint, "--output", "json"));
        command.addAll(List.of(args));
        Map<String, String> all = new HashMap<>(ENV);
        all.putAll(env);
        return Processes.run(dir, all, 120, command);
    }

    /** The JSON output of a call that must succeed (an empty object when it prints nothing); fails with its output otherwise. */
    public static JsonNode json(Path dir, String endpoint, String... args) {
        Processes.Result result = run(dir, endpoint, args);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", args) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        try {
            return result.output().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
