package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;

/**
 * What the tune ITs share: a handler whose cost curve the test defines, `lamb tune` run on a class's cloud (in this JVM,
 * or as a process of its own for signals), and what a run must leave as it was.
 */
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

    /** What a tune must leave as it was: the versions, the aliases, and $LATEST's memory, architecture and description. */
    record FunctionState(List<String> versions, Map<String, String> aliases, int memory, List<String> architectures,
            String description) {
        static FunctionState of(DeployedCloud cloud, String function) {
            var latest = cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName(function));
            Map<String, String> aliases = new TreeMap<>();
            cloud.aws().lambda().listAliasesPaginator(r -> r.functionName(function)).aliases()
                    .forEach(a -> aliases.put(a.name(), a.functionVersion()));
            return new FunctionState(cloud.versions(function), aliases, latest.memorySize(), latest.architecturesAsStrings(),
                    latest.description());
        }
    }

    /** lamb with these arguments as a process of its own on the class's cloud (for signals), printing into {@code out}. */
    static Process start(DeployedCloud cloud, Path out, List<String> args) {
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(args);
        command.addAll(List.of("--endpoint-url", cloud.endpoint(), "--region", "us-east-1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
