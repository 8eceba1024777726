package dev.lamb.local.cloud.s3;

import dev.lamb.local.cloud.AwsServiceException;

/** S3's errors, with the codes, statuses and words of the S3 API reference's "Error responses" list. */
final class S3Errors {
    private S3Errors() {}

    static AwsServiceException noSuchBucket(String bucket) {
        return new AwsServiceException(404, "NoSuchBucket", "The specified bucket does not exist").with("BucketName", bucket);
    }

    static AwsServiceException noSuchKey(String key) {
        return new AwsServiceException(404, "NoSuchKey", "The specified key does not exist.").with("Key", key);
    }

    static AwsServiceException noSuchVersion(String key, String versionId) {
        return new AwsServiceException(404, "NoSuchVersion", "The specified version does not exist.").with("Key", key)
                .with("VersionId", versionId);
    }

    static AwsServiceException noSuchUpload(String uploadId) {
        return new AwsServiceException(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, "
                + "or the upload may have been aborted or completed.").with("UploadId", uploadId);
    }

    /** What S3 answers a request whose expected bucket owner is not the bucket's: 403, as for any denied request. */
    static AwsServiceException accessDenied() {
        return new AwsServiceException(403, "AccessDenied", "Access Denied");
    }

    static AwsServiceException alreadyOwned(String bucket) {
        return new AwsServiceException(409, "BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own it.").with("BucketName", bucket);
    }

    static AwsServiceException notEmpty(String bucket) {
        return new AwsServiceException(409, "BucketNotEmpty", "The bucket you tried to delete is not empty").with("BucketName", bucket);
    }

    static AwsServiceException invalidBucketName(String bucket) {
        return new AwsServiceException(400, "InvalidBucketName", "The specified bucket is not valid.").with("BucketName", bucket);
    }

    static AwsServiceException malformedXml() {
        return new AwsServiceException(400, "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    static AwsServiceException invalidArgument(String message) {
        return new AwsServiceException(400, "InvalidArgument", message);
    }

    static AwsServiceException invalidRequest(String message) {
        return new AwsServiceException(400, "InvalidRequest", message);
    }

    static AwsServiceException invalidPart() {
        return new AwsServiceException(400, "InvalidPart", "One or more of the specified parts could not be found.  The part may not "
                + "have been uploaded, or the specified entity tag may not match the part's entity tag.");
    }

    static AwsServiceException invalidPartOrder() {
        return new AwsServiceException(400, "InvalidPartOrder",
                "The list of parts was not in ascending order. Parts must be ordered by part number.");
    }

    static AwsServiceException entityTooSmall() {
        return new AwsServiceException(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
    }

    static AwsServiceException invalidRange() {
        return new AwsServiceException(416, "InvalidRange", "The requested range is not satisfiable");
    }

    static AwsServiceException badDigest() {
        return new AwsServiceException(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
    }

    static AwsServiceException sha256Mismatch() {
        return new AwsServiceException(400, "XAmzContentSHA256Mismatch",
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    static AwsServiceException incompleteBody() {
        return new AwsServiceException(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length "
                + "HTTP header");
    }

    static AwsServiceException missingContentLength() {
        return new AwsServiceException(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
    }

    static AwsServiceException notFound(String code, String message, String bucket) {
        return new AwsServiceException(404, code, message).with("BucketName", bucket);
    }
}
