package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;

/** What the tune ITs share: a handler whose cost curve the test defines, and `lamb tune` run on a class's cloud. */
final class TuneSteps {
    static final ObjectMapper JSON = new ObjectMapper();

    private TuneSteps() {}

    /** A handler that sleeps {@code millis} (a Python expression of `memory`) and fails as {@code failure} says. */
    static String handler(String millis, String failure) {
        return """
                import json, os, time

                def handler(event, context):
                    memory = int(os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"])
                    %s
                    time.sleep((%s) / 1000)
                    return {"statusCode": 200, "body": json.dumps({"memory": memory})}
                """.formatted(failure, millis);
    }

    /** lamb with these arguments and --dir DIR. */
    static Lamb.Run lamb(DeployedCloud cloud, Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.toString()));
        return cloud.lamb(all.toArray(String[]::new));
    }

    /** `lamb tune --output json` with these arguments, which must succeed. */
    static JsonNode tune(DeployedCloud cloud, Path dir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("tune", "--output", "json"));
        all.addAll(List.of(args));
        Lamb.Run run = lamb(cloud, dir, all.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    static JsonNode size(JsonNode result, int memory) {
        for (JsonNode s : result.path("sizes")) {
            if (s.path("memory_mb").asInt() == memory) {
                return s;
            }
        }
        throw new AssertionError(memory + " MB was not measured: " + result);
    }
}
