package dev.lamb.local.cloud.s3;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.lamb.local.cloud.IamAction;

/**
 * The IAM action each S3 operation asks for, and its resource, as the Service Authorization Reference ("Actions
 * defined by Amazon S3") gives them: bucket operations on {@code arn:aws:s3:::BUCKET}, object operations on
 * {@code arn:aws:s3:::BUCKET/KEY}, ListBuckets on {@code *}. Several operations share an action (HeadBucket and
 * ListObjectsV2 are s3:ListBucket; the multipart steps are s3:PutObject).
 */
final class S3IamActions {
    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("ListBuckets", "ListAllMyBuckets"),
            Map.entry("ListObjects", "ListBucket"),
            Map.entry("ListObjectsV2", "ListBucket"),
            Map.entry("HeadBucket", "ListBucket"),
            Map.entry("ListObjectVersions", "ListBucketVersions"),
            Map.entry("ListMultipartUploads", "ListBucketMultipartUploads"),
            Map.entry("GetBucketLocation", "GetBucketLocation"),
            Map.entry("GetBucketVersioning", "GetBucketVersioning"),
            Map.entry("PutBucketVersioning", "PutBucketVersioning"),
            Map.entry("GetBucketTagging", "GetBucketTagging"),
            Map.entry("PutBucketTagging", "PutBucketTagging"),
            Map.entry("DeleteBucketTagging", "PutBucketTagging"),
            Map.entry("GetPublicAccessBlock", "GetBucketPublicAccessBlock"),
            Map.entry("PutPublicAccessBlock", "PutBucketPublicAccessBlock"),
            Map.entry("DeletePublicAccessBlock", "PutBucketPublicAccessBlock"),
            Map.entry("GetBucketEncryption", "GetEncryptionConfiguration"),
            Map.entry("PutBucketEncryption", "PutEncryptionConfiguration"),
            Map.entry("DeleteBucketEncryption", "PutEncryptionConfiguration"),
            Map.entry("GetBucketLifecycleConfiguration", "GetLifecycleConfiguration"),
            Map.entry("PutBucketLifecycleConfiguration", "PutLifecycleConfiguration"),
            Map.entry("DeleteBucketLifecycle", "PutLifecycleConfiguration"),
            Map.entry("CreateBucket", "CreateBucket"),
            Map.entry("DeleteBucket", "DeleteBucket"),
            Map.entry("DeleteObjects", "DeleteObject"),
            Map.entry("PutObject", "PutObject"),
            Map.entry("CopyObject", "PutObject"),
            Map.entry("CreateMultipartUpload", "PutObject"),
            Map.entry("UploadPart", "PutObject"),
            Map.entry("CompleteMultipartUpload", "PutObject"),
            Map.entry("AbortMultipartUpload", "AbortMultipartUpload"),
            Map.entry("ListParts", "ListMultipartUploadParts"),
            Map.entry("GetObject", "GetObject"),
            Map.entry("HeadObject", "GetObject"),
            Map.entry("DeleteObject", "DeleteObject"),
            Map.entry("GetObjectTagging", "GetObjectTagging"),
            Map.entry("PutObjectTagging", "PutObjectTagging"),
            Map.entry("DeleteObjectTagging", "DeleteObjectTagging"));

    private S3IamActions() {}

    /**
     * The actions of one operation on its bucket and key (key null for a bucket operation). DeleteObjects asks for
     * s3:DeleteObject on every key of the bucket, since the keys are in its body; CopyObject also asks for s3:GetObject
     * on its source ({@code x-amz-copy-source: BUCKET/KEY}).
     */
    static List<IamAction> of(String operation, String bucket, String key, String copySource) {
        String action = ACTIONS.get(operation);
        if (action == null) {
            return List.of();
        }
        if (bucket == null) {
            return List.of(IamAction.onAny("s3:" + action));
        }
        String resource = "arn:aws:s3:::" + bucket + (key != null ? "/" + key : operation.equals("DeleteObjects") ? "/*" : "");
        IamAction asked = new IamAction("s3:" + action, resource);
        if (copySource == null) {
            return List.of(asked);
        }
        String source = URLDecoder.decode(copySource.replaceFirst("^/", "").replaceFirst("\\?versionId=.*$", ""), StandardCharsets.UTF_8);
        return List.of(asked, new IamAction("s3:GetObject", "arn:aws:s3:::" + source));
    }
}
