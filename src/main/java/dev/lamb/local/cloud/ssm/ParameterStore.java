package dev.lamb.local.cloud.ssm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.BackgroundSync;
import dev.lamb.local.cloud.DurableFiles;

/**
 * A region's parameters, kept under {@code <dataDir>/ssm/parameters.json}, replaced whole on each change (synced in the
 * background, see {@link BackgroundSync}). The file holds SecureString values as given, so it is the user's alone
 * (0600, in a 0700 folder, as {@link DurableFiles} makes every file of the data folder); nothing here logs a value.
 */
final class ParameterStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<StoredParameter>> STORED = new TypeReference<>() {};

    private final Path dir;
    private final BackgroundSync sync = new BackgroundSync("the local Parameter Store's parameters");
    /** By {@link ParameterNames#key}, so that a name at the top of the hierarchy is one parameter with its slash or without. */
    private final TreeMap<String, StoredParameter> parameters = new TreeMap<>();

    ParameterStore(Path dataDir) {
        this.dir = dataDir.resolve("ssm");
        Path file = file();
        try {
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                for (StoredParameter p : JSON.readValue(file.toFile(), STORED)) {
                    parameters.put(ParameterNames.key(p.name()), p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local Parameter Store's parameters from " + file, e);
        }
    }

    private Path file() {
        return dir.resolve("parameters.json");
    }

    synchronized Optional<StoredParameter> get(String name) {
        return Optional.ofNullable(parameters.get(ParameterNames.key(name)));
    }

    /** Every parameter, in the order of their keys. */
    synchronized List<StoredParameter> all() {
        return List.copyOf(parameters.values());
    }

    synchronized int size() {
        return parameters.size();
    }

    synchronized void put(StoredParameter parameter) {
        parameters.put(ParameterNames.key(parameter.name()), parameter);
        save();
    }

    /** Removes the parameter; whether there was one. */
    synchronized boolean remove(String name) {
        if (parameters.remove(ParameterNames.key(name)) == null) {
            return false;
        }
        save();
        return true;
    }

    private void save() {
        try {
            DurableFiles.privateDirectories(dir);
            sync.replace(file(), JSON.writeValueAsBytes(List.copyOf(parameters.values())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the local Parameter Store's parameters to " + dir, e);
        }
    }

    @Override
    public void close() {
        sync.close();
    }
}
