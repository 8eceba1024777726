package dev.lamb.local.cloud.secretsmanager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.DurableFiles;

/**
 * A region's secrets, kept under {@code <dataDir>/secretsmanager/}: the metadata of all of them in {@code secrets.json},
 * which holds no value, and each secret's version values in a file of its own, {@code values/<id>.json}, private to the
 * user (0600, as every file of the data folder) and replaced whole, synced, on each change. Callers hold the store's lock.
 */
final class StoredSecrets {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Secret>> SECRETS = new TypeReference<>() {};
    private static final TypeReference<Map<String, SecretValue>> VALUES = new TypeReference<>() {};

    private final Path dir;
    private final Map<String, Secret> byName = new TreeMap<>();

    StoredSecrets(Path dataDir) {
        this.dir = dataDir.resolve("secretsmanager");
        Path file = dir.resolve("secrets.json");
        try {
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                JSON.readValue(file.toFile(), SECRETS).forEach(s -> byName.put(s.name(), s));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local Secrets Manager's secrets from " + file, e);
        }
    }

    Optional<Secret> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    List<Secret> all() {
        return List.copyOf(byName.values());
    }

    int size() {
        return byName.size();
    }

    /** Keeps the secret's new metadata. */
    void put(Secret secret) {
        byName.put(secret.name(), secret);
        save();
    }

    /** Keeps the secret's new metadata and a new version's value; the values of versions it no longer has go. */
    void put(Secret secret, String versionId, SecretValue value) {
        Map<String, SecretValue> values = new LinkedHashMap<>(values(secret));
        values.put(versionId, value);
        values.keySet().retainAll(secret.versions().stream().map(SecretVersion::id).toList());
        write(valueFile(secret), values);
        put(secret);
    }

    /** The values of the secret's versions, by version id. */
    Map<String, SecretValue> values(Secret secret) {
        Path file = valueFile(secret);
        try {
            return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), VALUES) : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read a secret's values from " + file, e);
        }
    }

    /** Forgets the secret and its values for good. */
    void remove(Secret secret) {
        byName.remove(secret.name());
        try {
            Files.deleteIfExists(valueFile(secret));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete a secret's values " + valueFile(secret), e);
        }
        save();
    }

    Path valueFile(Secret secret) {
        return dir.resolve("values").resolve(secret.valueFile() + ".json");
    }

    private void save() {
        write(dir.resolve("secrets.json"), new ArrayList<>(byName.values()));
    }

    private static void write(Path file, Object content) {
        try {
            DurableFiles.privateDirectories(file.getParent());
            DurableFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the local Secrets Manager's " + file, e);
        }
    }
}
