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
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.lamb.local.cloud.DurableFiles;

/**
 * The roles of the local IAM, kept in memory and written through to {@code <dataDir>/iam/roles.json}
 * (atomically and synced, so a crash never leaves half a file, and a write that fails changes nothing).
 * Role names are unique regardless of case, as in IAM.
 */
final class RoleStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final TreeMap<String, IamRole> roles = new TreeMap<>();

    RoleStore(Path dataDir) {
        Path dir = dataDir.resolve("iam");
        this.file = dir.resolve("roles.json");
        try {
            DurableFiles.privateDirectories(dir);
            if (Files.exists(file)) {
                List<IamRole> loaded = JSON.readValue(file.toFile(), new TypeReference<List<IamRole>>() {});
                loaded.forEach(r -> roles.put(key(r.roleName()), r));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local IAM's roles from " + file, e);
        }
    }

    private static String key(String roleName) {
        return roleName.toLowerCase(Locale.ROOT);
    }

    synchronized Optional<IamRole> get(String roleName) {
        return Optional.ofNullable(roles.get(key(roleName)));
    }

    synchronized Optional<IamRole> byArn(String arn) {
        return roles.values().stream().filter(r -> r.arn().equalsIgnoreCase(arn)).findFirst();
    }

    /** Adds the role unless one of that name exists; false when it does. */
    synchronized boolean create(IamRole role) {
        if (roles.containsKey(key(role.roleName()))) {
            return false;
        }
        roles.put(key(role.roleName()), role);
        saveOrUndo(() -> roles.remove(key(role.roleName())));
        return true;
    }

    /** Replaces the role by the update of the current one; empty when there is no such role. */
    synchronized Optional<IamRole> update(String roleName, UnaryOperator<IamRole> change) {
        IamRole current = roles.get(key(roleName));
        if (current == null) {
            return Optional.empty();
        }
        IamRole updated = change.apply(current);
        roles.put(key(roleName), updated);
        saveOrUndo(() -> roles.put(key(roleName), current));
        return Optional.of(updated);
    }

    synchronized void delete(String roleName) {
        IamRole removed = roles.remove(key(roleName));
        if (removed != null) {
            saveOrUndo(() -> roles.put(key(roleName), removed));
        }
    }

    /** All roles, ordered by name as IAM lists them. */
    synchronized List<IamRole> all() {
        return new ArrayList<>(roles.values());
    }

    /** Writes the roles with the change already made in memory; when that fails, the change is undone. */
    private void saveOrUndo(Runnable undo) {
        try {
            DurableFiles.replace(file, JSON.writeValueAsBytes(new ArrayList<>(roles.values())));
        } catch (IOException e) {
            undo.run();
            throw new UncheckedIOException("could not write the local IAM's roles to " + file, e);
        }
    }
}
