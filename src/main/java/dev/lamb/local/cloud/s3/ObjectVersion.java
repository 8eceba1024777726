package dev.lamb.local.cloud.s3;

import java.util.Map;

/**
 * One version of an object, or a delete marker: what S3 keeps about it. {@code versionId} is "null" in a bucket that
 * never had versioning on (S3's own word for it); {@code file} names the data file, none for a delete marker.
 */
record ObjectVersion(String key, String versionId, String etag, long size, long lastModified, String contentType,
        Map<String, String> metadata, Map<String, String> headers, Map<String, String> tags, String file, boolean deleteMarker) {
    static final String NULL_VERSION = "null";

    ObjectVersion withTags(Map<String, String> newTags) {
        return new ObjectVersion(key, versionId, etag, size, lastModified, contentType, metadata, headers, Map.copyOf(newTags), file,
                deleteMarker);
    }
}
