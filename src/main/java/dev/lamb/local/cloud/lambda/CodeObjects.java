package dev.lamb.local.cloud.lambda;

import java.nio.file.Path;

/**
 * Where Lambda reads a deployment package given as an S3 object (Code.S3Bucket, S3Key, S3ObjectVersion): the local S3.
 */
@FunctionalInterface
public interface CodeObjects {
    /** None: a cloud without S3 refuses code in S3, saying to send it as ZipFile. */
    CodeObjects NONE = (bucket, key, version) -> {
        throw LambdaErrors.invalid("lamb's local cloud has no S3 here: send the code as ZipFile.");
    };

    /**
     * The object's bytes, as a file; throws S3's error (NoSuchBucket, NoSuchKey, NoSuchVersion) when it is not there.
     *
     * @param version the version asked for, or null for the current one
     */
    Path file(String bucket, String key, String version);
}
