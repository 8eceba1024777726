package dev.lamb.local.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import dev.lamb.LambException;

/**
 * The keys of a local cloud started with --auth, kept in its data folder as an AWS CLI profile: a
 * credentials file and a config file (region and endpoint) that any AWS tool reads through
 * AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE and AWS_PROFILE. Their being there is what turns
 * verification on, for every later start of that data folder too, until `lamb local reset`.
 */
public record LocalCloudCredentials(String accessKeyId, String secretAccessKey) {
    public static final String PROFILE = "lamb-local";
    /** The keys a cloud without --auth is usually called with (any are accepted there); lamb's own clients use them. */
    public static final LocalCloudCredentials TEST = new LocalCloudCredentials("test", "test");
    private static final String FOLDER = "auth";

    @Override
    public String toString() {
        return "LocalCloudCredentials[" + accessKeyId + "]";
    }

    /** The data folder's keys, if the cloud there verifies signatures. */
    public static Optional<LocalCloudCredentials> of(Path dataDir) {
        Path file = credentialsFile(dataDir);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw LambException.io("could not read " + file, e);
        }
        String id = value(text, "aws_access_key_id");
        String secret = value(text, "aws_secret_access_key");
        if (id == null || secret == null) {
            throw LambException.failed(file + " has no aws_access_key_id or aws_secret_access_key: "
                    + "delete it and start the cloud with --auth again");
        }
        return Optional.of(new LocalCloudCredentials(id, secret));
    }

    /** The data folder's keys, made (random, readable by this user only) the first time. */
    public static LocalCloudCredentials enable(Path dataDir) {
        Optional<LocalCloudCredentials> existing = of(dataDir);
        if (existing.isPresent()) {
            return existing.get();
        }
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[8];
        byte[] secret = new byte[30];
        random.nextBytes(id);
        random.nextBytes(secret);
        // AKIA plus 16 upper-case characters, the shape tools expect of an access key id.
        LocalCloudCredentials made = new LocalCloudCredentials("AKIA" + HexFormat.of().withUpperCase().formatHex(id),
                Base64.getEncoder().encodeToString(secret));
        writePrivate(credentialsFile(dataDir), "[" + PROFILE + "]\naws_access_key_id = " + made.accessKeyId
                + "\naws_secret_access_key = " + made.secretAccessKey + "\n");
        return made;
    }

    /** Points the profile's config at the cloud's endpoint; called when a cloud with keys starts. */
    public static void writeConfig(Path dataDir, String endpoint) {
        writePrivate(configFile(dataDir), "[profile " + PROFILE + "]\nregion = us-east-1\nendpoint_url = " + endpoint + "\n");
    }

    public static Path credentialsFile(Path dataDir) {
        return dataDir.resolve(FOLDER).resolve("credentials");
    }

    public static Path configFile(Path dataDir) {
        return dataDir.resolve(FOLDER).resolve("config");
    }

    /** Written whole under another name and moved, created 0600 in a 0700 folder: never readable by others. */
    private static void writePrivate(Path file, String text) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path partial = dir.resolve(file.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, text);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw LambException.io("could not write " + file, e);
        }
    }

    private static String value(String ini, String key) {
        for (String line : ini.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).trim().equals(key)) {
                return line.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
