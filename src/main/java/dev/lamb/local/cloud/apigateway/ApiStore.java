package dev.lamb.local.cloud.apigateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.DurableFiles;

/**
 * API Gateway's state on disk: {@code <dataDir>/apigateway/apis.json}, one object by API id, each
 * {@code {api, region, resources, deployments, stages}}. The layout is the one the service wrote before
 * it kept typed records, so the state of an existing local cloud loads unchanged, and an older lamb
 * still reads what this one writes.
 */
final class ApiStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<LinkedHashMap<String, StoredApi>> APIS = new TypeReference<>() {};

    private final Path file;

    ApiStore(Path dataDir) {
        this.file = dataDir.resolve("apigateway").resolve("apis.json");
    }

    /** The APIs as last written, in the order they were created; none before the first write. */
    Map<String, StoredApi> load() {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        try {
            LinkedHashMap<String, StoredApi> apis = JSON.readValue(file.toFile(), APIS);
            return apis == null ? new LinkedHashMap<>() : apis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes all the APIs at once, synced, so that a crash leaves the old file or the new one. */
    void save(Map<String, StoredApi> apis) {
        try {
            DurableFiles.privateDirectories(file.getParent());
            DurableFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(apis));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
