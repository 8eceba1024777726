package dev.lamb.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * AWS's service models as botocore carries them (its {@code service-2.json}, from the python3 that has boto3,
 * newer than the AWS CLI's: it knows StartLiveTail): the reference for operation names, HTTP methods, paths
 * and target prefixes in tests of the local cloud.
 */
public final class ServiceModels {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOAD = "import botocore.loaders, json, sys; "
            + "json.dump(botocore.loaders.Loader().load_service_model(sys.argv[1], 'service-2', sys.argv[2]), open(sys.argv[3], 'w'))";

    private ServiceModels() {}

    /** The model of {@code service} at API {@code version} (lambda, 2015-03-31): its metadata and operations. */
    public static JsonNode of(String service, String version) throws IOException {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        Path out = Files.createTempFile("lamb-model-", ".json");
        try {
            Processes.Result loaded = Processes.run(Path.of(System.getProperty("java.io.tmpdir")), Map.of(), 60,
                    List.of(python.toString(), "-c", LOAD, service, version, out.toString()));
            assertEquals(0, loaded.exitCode(), loaded.output());
            return JSON.readTree(out.toFile());
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
