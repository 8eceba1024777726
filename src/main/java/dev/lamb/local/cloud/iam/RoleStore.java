package dev.lamb.local.cloud.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

/**
 * The roles of the local IAM, kept in memory and written through to {@code <dataDir>/iam/roles.json}
 * (atomically, so a crash never leaves half a file). Role names are unique regardless of case, as in IAM.
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
            Files.createDirectories(dir);
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
        save();
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
        save();
        return Optional.of(updated);
    }

    synchronized void delete(String roleName) {
        if (roles.remove(key(roleName)) != null) {
            save();
        }
    }

    /** All roles, ordered by name as IAM lists them. */
    synchronized List<IamRole> all() {
        return new ArrayList<>(roles.values());
    }

    private void save() {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), new ArrayList<>(roles.values()));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the local IAM's roles to " + file, e);
        }
    }
}
