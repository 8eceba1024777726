package dev.lamb.local.cloud.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.lamb.local.cloud.DurableFiles;

/**
 * A multipart upload in progress, in a folder of its own: {@code upload.json} what CreateMultipartUpload said of the
 * object to be, and per part {@code <n>.part} its bytes and {@code <n>.json} its record, each written whole before
 * it is named, so parts uploaded at once never see each other half-written.
 */
record MultipartUpload(String id, String key, long initiated, String contentType, Map<String, String> metadata,
        Map<String, String> headers, Path dir) {

    /** One uploaded part. */
    record Part(int number, String etag, long size, long lastModified) {}

    /** The upload's record as kept on disk (without its folder, which is where it is kept). */
    private record Stored(String id, String key, long initiated, String contentType, Map<String, String> metadata,
            Map<String, String> headers) {}

    static MultipartUpload create(Path dir, String id, String key, String contentType, Map<String, String> metadata,
            Map<String, String> headers) throws IOException {
        DurableFiles.privateDirectories(dir);
        MultipartUpload upload = new MultipartUpload(id, key, System.currentTimeMillis(), contentType, metadata, headers, dir);
        DurableFiles.replace(dir.resolve("upload.json"), Bucket.JSON.writeValueAsBytes(
                new Stored(id, key, upload.initiated, contentType, metadata, headers)));
        return upload;
    }

    /** The upload kept in the folder; none when its record is missing (a create cut short). */
    static Optional<MultipartUpload> load(Path dir) throws IOException {
        Path record = dir.resolve("upload.json");
        if (!Files.exists(record)) {
            return Optional.empty();
        }
        Stored s = Bucket.JSON.readValue(record.toFile(), Stored.class);
        return Optional.of(new MultipartUpload(s.id(), s.key(), s.initiated(), s.contentType(), s.metadata(), s.headers(), dir));
    }

    Path partFile(int number) {
        return dir.resolve(number + ".part");
    }

    /** Records a part whose bytes {@code written} holds, replacing any earlier part of that number. */
    Part addPart(int number, Path written, S3Payload.Read read) throws IOException {
        Part part = new Part(number, read.etag(), read.size(), System.currentTimeMillis());
        Files.move(written, partFile(number), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.replace(dir.resolve(number + ".json"), Bucket.JSON.writeValueAsBytes(part));
        return part;
    }

    /** The parts uploaded so far, by number. */
    List<Part> parts() {
        try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().matches("\\d+\\.json")).map(MultipartUpload::readPart)
                    .sorted(Comparator.comparingInt(Part::number)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Part readPart(Path file) {
        try {
            return Bucket.JSON.readValue(file.toFile(), Part.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the upload's folder and all its parts. */
    void discard() throws IOException {
        try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
