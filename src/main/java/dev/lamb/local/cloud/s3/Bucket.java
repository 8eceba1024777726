package dev.lamb.local.cloud.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.DurableFiles;

/**
 * One bucket on disk: {@code bucket.json} its settings, {@code objects/} one JSON file per key listing its versions
 * (newest first), {@code data/} the objects' bytes, one file per version, never changed once written, and
 * {@code uploads/} the multipart uploads in progress. Keys are held sorted in memory, as listings need them; every
 * change is made under the bucket's lock, after the bytes it names are on disk, so a crash leaves no object without them.
 */
final class Bucket {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<List<ObjectVersion>> VERSIONS = new TypeReference<>() {};

    final Path dir;
    final BucketConfig config;
    private final NavigableMap<String, List<ObjectVersion>> objects = new TreeMap<>();
    final Map<String, MultipartUpload> uploads = new ConcurrentHashMap<>();

    private Bucket(Path dir, BucketConfig config) {
        this.dir = dir;
        this.config = config;
    }

    static Bucket create(Path dir, BucketConfig config) throws IOException {
        DurableFiles.privateDirectories(dir.resolve("objects"));
        DurableFiles.privateDirectories(dir.resolve("data"));
        DurableFiles.privateDirectories(dir.resolve("uploads"));
        Bucket bucket = new Bucket(dir, config);
        bucket.saveConfig();
        return bucket;
    }

    static Bucket load(Path dir) throws IOException {
        Bucket bucket = new Bucket(dir, JSON.readValue(dir.resolve("bucket.json").toFile(), BucketConfig.class));
        try (Stream<Path> files = Files.list(dir.resolve("objects"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                List<ObjectVersion> versions = JSON.readValue(file.toFile(), VERSIONS);
                if (!versions.isEmpty()) {
                    bucket.objects.put(versions.get(0).key(), versions);
                }
            }
        }
        try (Stream<Path> uploads = Files.list(dir.resolve("uploads"))) {
            for (Path upload : uploads.filter(Files::isDirectory).toList()) {
                MultipartUpload.load(upload).ifPresent(u -> bucket.uploads.put(u.id(), u));
            }
        }
        return bucket;
    }

    synchronized void saveConfig() throws IOException {
        DurableFiles.replace(dir.resolve("bucket.json"), JSON.writeValueAsBytes(config));
    }

    /** A new data file's path, for bytes about to be written. */
    Path newDataFile() {
        return dir.resolve("data").resolve(UUID.randomUUID().toString());
    }

    Path dataFile(ObjectVersion version) {
        return dir.resolve("data").resolve(version.file());
    }

    synchronized boolean isEmpty() {
        return objects.isEmpty();
    }

    synchronized int size() {
        return objects.size();
    }

    /** The key's versions, newest first; empty when it has none. */
    synchronized List<ObjectVersion> versions(String key) {
        return List.copyOf(objects.getOrDefault(key, List.of()));
    }

    /** The key's current version, unless there is none or it is a delete marker. */
    synchronized Optional<ObjectVersion> current(String key) {
        List<ObjectVersion> versions = objects.get(key);
        return versions == null || versions.get(0).deleteMarker() ? Optional.empty() : Optional.of(versions.get(0));
    }

    /** A copy of the keys from {@code from} (inclusive) on, with their versions, for a listing to page through. */
    synchronized NavigableMap<String, List<ObjectVersion>> snapshot(String from) {
        return new TreeMap<>(from == null ? objects : objects.tailMap(from, true));
    }

    /** The id a new version gets: a fresh one while versioning is on, "null" otherwise (replacing the null version). */
    synchronized String nextVersionId() {
        return "Enabled".equals(config.versioning) ? UUID.randomUUID().toString().replace("-", "") : ObjectVersion.NULL_VERSION;
    }

    /**
     * Makes a version the key's current one. A version with the same id (the null version, in a bucket not versioning)
     * is replaced and its data file removed.
     */
    synchronized void put(ObjectVersion version) throws IOException {
        List<ObjectVersion> versions = new ArrayList<>(objects.getOrDefault(version.key(), List.of()));
        List<ObjectVersion> replaced = versions.stream().filter(v -> v.versionId().equals(version.versionId())).toList();
        versions.removeAll(replaced);
        versions.add(0, version);
        save(version.key(), versions);
        removeData(replaced);
    }

    /** Replaces one version's record (its tags), keeping its place. */
    synchronized void update(ObjectVersion version) throws IOException {
        List<ObjectVersion> versions = new ArrayList<>(objects.getOrDefault(version.key(), List.of()));
        versions.replaceAll(v -> v.versionId().equals(version.versionId()) ? version : v);
        save(version.key(), versions);
    }

    /** Removes one version for good; whether it was there. */
    synchronized Optional<ObjectVersion> remove(String key, String versionId) throws IOException {
        List<ObjectVersion> versions = new ArrayList<>(objects.getOrDefault(key, List.of()));
        Optional<ObjectVersion> gone = versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
        if (gone.isPresent()) {
            versions.remove(gone.get());
            save(key, versions);
            removeData(List.of(gone.get()));
        }
        return gone;
    }

    private void save(String key, List<ObjectVersion> versions) throws IOException {
        Path file = dir.resolve("objects").resolve(fileName(key));
        if (versions.isEmpty()) {
            objects.remove(key);
            Files.deleteIfExists(file);
            return;
        }
        DurableFiles.replace(file, JSON.writeValueAsBytes(versions));
        objects.put(key, List.copyOf(versions));
    }

    private void removeData(List<ObjectVersion> versions) {
        for (ObjectVersion v : versions) {
            if (v.file() != null) {
                try {
                    Files.deleteIfExists(dataFile(v));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Keys may hold any character: their records are named by the key's SHA-256. */
    private static String fileName(String key) {
        return HexFormat.of().formatHex(S3Payload.digest("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))) + ".json";
    }
}
