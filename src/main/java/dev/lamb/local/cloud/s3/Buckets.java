package dev.lamb.local.cloud.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.lamb.local.cloud.DurableFiles;

/**
 * The buckets the local S3 holds, in one namespace for every region as AWS's bucket names are (each bucket keeps the
 * region it was made in), under {@code s3/} in the data folder, one folder per bucket.
 */
final class Buckets {
    /** The S3 User Guide's "General purpose bucket naming rules": 3-63 characters, lowercase, digits, dots and hyphens. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private final Path root;
    private final Map<String, Bucket> buckets = new ConcurrentSkipListMap<>();

    Buckets(Path dataDir) {
        this.root = dataDir.resolve("s3");
        try {
            DurableFiles.privateDirectories(root);
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.filter(d -> Files.exists(d.resolve("bucket.json"))).toList()) {
                    Bucket bucket = Bucket.load(dir);
                    buckets.put(bucket.config.name, bucket);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local S3's buckets under " + root, e);
        }
    }

    Bucket get(String name) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            throw S3Errors.noSuchBucket(name);
        }
        return bucket;
    }

    boolean exists(String name) {
        return buckets.containsKey(name);
    }

    List<Bucket> all() {
        return List.copyOf(buckets.values());
    }

    synchronized Bucket create(String name, String region) throws IOException {
        if (!NAME.matcher(name).matches() || name.contains("..") || IP_ADDRESS.matcher(name).matches()) {
            throw S3Errors.invalidBucketName(name);
        }
        BucketConfig config = new BucketConfig();
        config.name = name;
        config.region = region;
        config.created = System.currentTimeMillis();
        Bucket bucket = Bucket.create(root.resolve(name), config);
        buckets.put(name, bucket);
        return bucket;
    }

    synchronized void delete(String name) throws IOException {
        Bucket bucket = get(name);
        synchronized (bucket) {
            if (!bucket.isEmpty()) {
                throw S3Errors.notEmpty(name);
            }
            buckets.remove(name);
        }
        try (Stream<Path> files = Files.walk(bucket.dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
