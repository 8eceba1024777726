package dev.lamb.local.cloud.lambda;

import java.io.IOException;

/** Where Lambda writes the invocation records an S3 failure destination keeps: the cloud's S3. */
@FunctionalInterface
public interface RecordBuckets {
    /** None: a cloud without S3 keeps no record, and its notice says why. */
    RecordBuckets NONE = (bucket, key, record) -> {
        throw new IOException("lamb's local cloud has no S3 here");
    };

    /** Writes the record as a JSON object; throws S3's error (NoSuchBucket) when the bucket is not there. */
    void put(String bucket, String key, byte[] record) throws IOException;
}
