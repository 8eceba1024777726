package dev.lamb.local.cloud.lambda;

import java.io.IOException;
import java.io.SyncFailedException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import dev.lamb.FileTrees;
import dev.lamb.LambException;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.BackgroundSync;
import dev.lamb.local.cloud.DurableFiles;

/**
 * Lambda's state on disk under {@code <dataDir>/lambda/}: one JSON file per function in
 * {@code functions/}, each uploaded zip once in {@code zips/<sha256>.zip}, and each zip unpacked once
 * in {@code code/<sha256>/}, where the engine runs it. A function's file is synced in the background (a
 * kill loses none of it, see DurableFiles) by this store's own thread; a zip is synced before the function that
 * names it is saved. Once a background sync fails, every later change answers 500 with that disk error.
 */
final class FunctionStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** One writer for every save, so that its serializer of a function is found once, not on each write. */
    private static final ObjectWriter PRETTY = JSON.writerFor(FunctionState.class).withDefaultPrettyPrinter();

    /** A stored zip: its base64 SHA-256 as Lambda reports it, the hex form that names its files, its size. */
    record StoredCode(String sha256Base64, String hex, long size) {}

    private final Path functions;
    private final Path zips;
    private final Path code;
    private final CodeUnpacker unpacker;
    private final BackgroundSync syncer;

    FunctionStore(Path dataDir, CodeUnpacker unpacker) {
        this(dataDir, unpacker, new BackgroundSync("Lambda's functions under " + dataDir.resolve("lambda")));
    }

    FunctionStore(Path dataDir, CodeUnpacker unpacker, BackgroundSync syncer) {
        this.syncer = syncer;
        Path root = dataDir.resolve("lambda");
        this.functions = root.resolve("functions");
        this.zips = root.resolve("zips");
        this.code = root.resolve("code");
        this.unpacker = unpacker;
        try {
            DurableFiles.privateDirectories(functions);
            DurableFiles.privateDirectories(zips);
            DurableFiles.privateDirectories(code);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<FunctionState> loadAll() {
        List<FunctionState> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(functions)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                readable(file).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read Lambda's state under " + functions, e);
        }
        return all;
    }

    /**
     * The function a file holds. A file a power cut left empty or cut short before it was synced (see DurableFiles), so
     * not JSON to its end, is moved aside to {@code <name>.json.damaged}, saying so on stderr (the cloud's log), so the
     * rest still loads. Fields this lamb does not know (a newer lamb wrote them) are ignored; a whole JSON file this
     * lamb cannot read as a function stops the start, naming the file, rather than leaving that function out unseen.
     */
    private static Optional<FunctionState> readable(Path file) throws IOException {
        try {
            return Optional.of(JSON.readValue(file.toFile(), FunctionState.class));
        } catch (JsonProcessingException e) {
            if (wholeJson(file)) {
                throw LambException.failed("lamb's local cloud cannot read the function in " + file + " (" + unreadable(e)
                        + "): was it written by another version of lamb? Start that version, "
                        + "or move the file out of the folder to start without that function");
            }
            Path aside = file.resolveSibling(file.getFileName() + ".damaged");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            System.err.println("lamb local cloud: " + file + " is empty or cut short (a power cut before it was synced?); "
                    + "left out and moved to " + aside);
            return Optional.empty();
        }
    }

    /** Which field lamb could not read, in the file's terms rather than Java's. */
    private static String unreadable(JsonProcessingException e) {
        List<String> path = e instanceof JsonMappingException m
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]").toList()
                : List.of();
        return path.isEmpty() ? "not a function's fields" : "its field " + String.join(".", path) + " is not what this lamb writes there";
    }

    /** True when the file holds one JSON value, complete to its end. */
    private static boolean wholeJson(Path file) throws IOException {
        try (var parser = JSON.createParser(file.toFile())) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The function as last saved, if it was. */
    Optional<FunctionState> load(String name) {
        Path file = functions.resolve(name + ".json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), FunctionState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read function " + name, e);
        }
    }

    void save(FunctionState state) {
        try {
            syncer.replace(functions.resolve(state.name + ".json"), PRETTY.writeValueAsBytes(state));
        } catch (SyncFailedException e) {
            throw notSynced(e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save function " + state.name, e);
        }
    }

    void delete(String name) {
        try {
            syncer.delete(functions.resolve(name + ".json"));
        } catch (SyncFailedException e) {
            throw notSynced(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A change refused since an earlier one could not be synced: the answer names the disk's error, as the log does. */
    private static AwsServiceException notSynced(SyncFailedException e) {
        return new AwsServiceException(500, "ServiceException", e.getMessage());
    }

    /** Why changes are refused (a background sync failed), if they are. */
    Optional<String> syncFailure() {
        return syncer.failure();
    }

    /** Waits (a bounded time) for the functions' last changes to be synced, and stops this store's sync thread. */
    @Override
    public void close() {
        syncer.close();
    }

    /** Checks and stores a zip, unpacking it unless an identical zip already was. */
    StoredCode store(byte[] zip) {
        byte[] digest = sha256(zip);
        String hex = HexFormat.of().formatHex(digest);
        Path dir = code.resolve(hex);
        if (!Files.isDirectory(dir)) {
            unpackInto(zip, dir);
        }
        Path file = zips.resolve(hex + ".zip");
        if (!Files.exists(file)) {
            try {
                DurableFiles.replace(file, zip);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new StoredCode(Base64.getEncoder().encodeToString(digest), hex, zip.length);
    }

    /** The folder the engine runs the code from, unpacked again should it have gone missing. */
    Path taskRoot(String hex) {
        Path dir = code.resolve(hex);
        if (!Files.isDirectory(dir)) {
            unpackInto(zip(hex), dir);
        }
        return dir;
    }

    byte[] zip(String hex) {
        try {
            return Files.readAllBytes(zips.resolve(hex + ".zip"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean hasZip(String hex) {
        return hex.matches("[0-9a-f]{64}") && Files.exists(zips.resolve(hex + ".zip"));
    }

    /** Unpacks next to the target and moves into place, so a half-unpacked folder is never run. */
    private void unpackInto(byte[] zip, Path dir) {
        Path tmp = code.resolve("." + dir.getFileName() + "." + UUID.randomUUID());
        unpacker.unpack(zip, tmp);
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            FileTrees.deleteQuietly(tmp);
        } catch (IOException e) {
            FileTrees.deleteQuietly(tmp);
            if (!Files.isDirectory(dir)) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
