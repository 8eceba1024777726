package dev.lamb.local.cloud.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.lamb.local.cloud.DurableFiles;

/**
 * One kind of IAM entity (roles, customer managed policies), kept in memory and written through to
 * {@code <dataDir>/iam/<file>} (atomically and synced, so a crash never leaves half a file, and a write
 * that fails changes nothing). Names are unique regardless of case, as in IAM.
 *
 * @param <T> the entity's record
 */
final class IamStore<T> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final String what;
    private final Function<T, String> name;
    private final Function<T, String> arn;
    private final TreeMap<String, T> entities = new TreeMap<>();

    /**
     * @param what the entities as the file's errors name them (roles, policies)
     * @param name an entity's name, its key
     * @param arn an entity's ARN
     */
    IamStore(Path dataDir, String fileName, Class<T> type, String what, Function<T, String> name, Function<T, String> arn) {
        Path dir = dataDir.resolve("iam");
        this.file = dir.resolve(fileName);
        this.what = what;
        this.name = name;
        this.arn = arn;
        try {
            DurableFiles.privateDirectories(dir);
            if (Files.exists(file)) {
                JavaType list = JSON.getTypeFactory().constructCollectionType(List.class, type);
                List<T> loaded = JSON.readValue(file.toFile(), list);
                loaded.forEach(e -> entities.put(key(name.apply(e)), e));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local IAM's " + what + " from " + file, e);
        }
    }

    /** The key an entity is filed and listed under: its name in lower case. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    synchronized Optional<T> get(String entityName) {
        return Optional.ofNullable(entities.get(key(entityName)));
    }

    synchronized Optional<T> byArn(String entityArn) {
        return entities.values().stream().filter(e -> arn.apply(e).equalsIgnoreCase(entityArn)).findFirst();
    }

    /** Adds the entity unless one of that name exists; false when it does. */
    synchronized boolean create(T entity) {
        String k = key(name.apply(entity));
        if (entities.containsKey(k)) {
            return false;
        }
        entities.put(k, entity);
        saveOrUndo(() -> entities.remove(k));
        return true;
    }

    /** Replaces the entity by the update of the current one; empty when there is none of that name. */
    synchronized Optional<T> update(String entityName, UnaryOperator<T> change) {
        String k = key(entityName);
        T current = entities.get(k);
        if (current == null) {
            return Optional.empty();
        }
        T updated = change.apply(current);
        entities.put(k, updated);
        saveOrUndo(() -> entities.put(k, current));
        return Optional.of(updated);
    }

    synchronized void delete(String entityName) {
        String k = key(entityName);
        T removed = entities.remove(k);
        if (removed != null) {
            saveOrUndo(() -> entities.put(k, removed));
        }
    }

    /** All entities, ordered by name as IAM lists them. */
    synchronized List<T> all() {
        return new ArrayList<>(entities.values());
    }

    /** Writes the entities with the change already made in memory; when that fails, the change is undone. */
    private void saveOrUndo(Runnable undo) {
        try {
            DurableFiles.replace(file, JSON.writeValueAsBytes(new ArrayList<>(entities.values())));
        } catch (IOException e) {
            undo.run();
            throw new UncheckedIOException("could not write the local IAM's " + what + " to " + file, e);
        }
    }
}
