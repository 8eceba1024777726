package dev.lamb.local.cloud.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.w3c.dom.Element;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.StreamingService;
import dev.lamb.local.cloud.XmlWriter;

/**
 * S3 in the local cloud, for lamb's own code uploads and for users' functions: buckets, objects (ranges, copies,
 * listings), multipart uploads, versioning, and the bucket settings lamb's own deployment bucket needs, over S3's
 * REST-XML protocol, with path-style ({@code localhost:PORT/BUCKET/KEY}) and virtual-host addressing
 * ({@code BUCKET.s3.localhost:PORT/KEY}, {@code BUCKET.localhost:PORT/KEY}).
 *
 * <p>One service for every region, as bucket names are one namespace on AWS: each bucket keeps the region it was
 * made in, which GetBucketLocation and HeadBucket answer, and CreateBucket refuses a LocationConstraint other than
 * the region the request is signed for, as S3's regional endpoints do. A bucket is reached whatever region a request
 * is signed for (AWS would redirect a client to the bucket's region; here there is one endpoint).
 */
public final class S3Service implements StreamingService {
    /** How an error's field that S3 sends as a header, not in the body, is named. */
    static final String HEADER_FIELD = "x-amz-";
    /** A request's host naming its bucket: {@code BUCKET.s3[.REGION].localhost} or {@code BUCKET.localhost}. */
    private static final Pattern BUCKET_HOST = Pattern.compile("^(.+?)(?:\\.s3(?:\\.[a-z0-9-]+)?)?\\.localhost(?::\\d+)?$");
    /** The owner every bucket and object names: the one account's canonical user id, as S3 gives it (64 hex digits). */
    static final String OWNER_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";

    @FunctionalInterface
    interface Handler {
        CloudResponse handle(S3Call call) throws IOException;
    }

    /** Paths and query conditions from botocore's s3/2006-03-01 service-2.json; the specific routes come first. */
    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byPath("S3")
            .add("GET", "/", "ListBuckets", S3Service::listBuckets)
            .add("GET", "/{Bucket}?list-type=2", "ListObjectsV2", ObjectListing::listV2)
            .add("GET", "/{Bucket}?versions", "ListObjectVersions", ObjectListing::listVersions)
            .add("GET", "/{Bucket}?uploads", "ListMultipartUploads", MultipartOperations::listUploads)
            .add("GET", "/{Bucket}?location", "GetBucketLocation", S3Service::getLocation)
            .add("GET", "/{Bucket}?versioning", "GetBucketVersioning", S3Service::getVersioning)
            .add("GET", "/{Bucket}?tagging", "GetBucketTagging", S3Service::getBucketTagging)
            .add("GET", "/{Bucket}?publicAccessBlock", "GetPublicAccessBlock", c -> getConfiguration(c, "publicAccessBlock"))
            .add("GET", "/{Bucket}?encryption", "GetBucketEncryption", c -> getConfiguration(c, "encryption"))
            .add("GET", "/{Bucket}?lifecycle", "GetBucketLifecycleConfiguration", c -> getConfiguration(c, "lifecycle"))
            .notServed("GET", "/{Bucket}?acl", "GetBucketAcl")
            .notServed("GET", "/{Bucket}?policy", "GetBucketPolicy")
            .notServed("GET", "/{Bucket}?cors", "GetBucketCors")
            .notServed("GET", "/{Bucket}?website", "GetBucketWebsite")
            .notServed("GET", "/{Bucket}?notification", "GetBucketNotificationConfiguration")
            .notServed("GET", "/{Bucket}?ownershipControls", "GetBucketOwnershipControls")
            .notServed("GET", "/{Bucket}?object-lock", "GetObjectLockConfiguration")
            .add("GET", "/{Bucket}", "ListObjects", ObjectListing::listV1)
            .add("HEAD", "/{Bucket}", "HeadBucket", S3Service::headBucket)
            .add("PUT", "/{Bucket}?versioning", "PutBucketVersioning", S3Service::putVersioning)
            .add("PUT", "/{Bucket}?tagging", "PutBucketTagging", S3Service::putBucketTagging)
            .add("PUT", "/{Bucket}?publicAccessBlock", "PutPublicAccessBlock",
                    c -> putConfiguration(c, "publicAccessBlock", "PublicAccessBlockConfiguration"))
            .add("PUT", "/{Bucket}?encryption", "PutBucketEncryption",
                    c -> putConfiguration(c, "encryption", "ServerSideEncryptionConfiguration"))
            .add("PUT", "/{Bucket}?lifecycle", "PutBucketLifecycleConfiguration",
                    c -> putConfiguration(c, "lifecycle", "LifecycleConfiguration"))
            .notServed("PUT", "/{Bucket}?acl", "PutBucketAcl")
            .notServed("PUT", "/{Bucket}?policy", "PutBucketPolicy")
            .notServed("PUT", "/{Bucket}?cors", "PutBucketCors")
            .notServed("PUT", "/{Bucket}?website", "PutBucketWebsite")
            .notServed("PUT", "/{Bucket}?notification", "PutBucketNotificationConfiguration")
            .notServed("PUT", "/{Bucket}?ownershipControls", "PutBucketOwnershipControls")
            .add("PUT", "/{Bucket}", "CreateBucket", S3Service::createBucket)
            .add("DELETE", "/{Bucket}?tagging", "DeleteBucketTagging", S3Service::deleteBucketTagging)
            .add("DELETE", "/{Bucket}?publicAccessBlock", "DeletePublicAccessBlock", c -> deleteConfiguration(c, "publicAccessBlock"))
            .add("DELETE", "/{Bucket}?encryption", "DeleteBucketEncryption", c -> deleteConfiguration(c, "encryption"))
            .add("DELETE", "/{Bucket}?lifecycle", "DeleteBucketLifecycle", c -> deleteConfiguration(c, "lifecycle"))
            .notServed("DELETE", "/{Bucket}?policy", "DeleteBucketPolicy")
            .add("DELETE", "/{Bucket}", "DeleteBucket", S3Service::deleteBucket)
            .add("POST", "/{Bucket}?delete", "DeleteObjects", ObjectOperations::deleteObjects)
            .add("PUT", "/{Bucket}/{Key+}?partNumber&uploadId", "UploadPart", MultipartOperations::uploadPart)
            .add("PUT", "/{Bucket}/{Key+}?tagging", "PutObjectTagging", ObjectOperations::putTagging)
            .notServed("PUT", "/{Bucket}/{Key+}?acl", "PutObjectAcl")
            .add("PUT", "/{Bucket}/{Key+}", "x-amz-copy-source", "CopyObject", ObjectOperations::copyObject)
            .add("PUT", "/{Bucket}/{Key+}", "PutObject", ObjectOperations::putObject)
            .add("GET", "/{Bucket}/{Key+}?uploadId", "ListParts", MultipartOperations::listParts)
            .add("GET", "/{Bucket}/{Key+}?tagging", "GetObjectTagging", ObjectOperations::getTagging)
            .notServed("GET", "/{Bucket}/{Key+}?acl", "GetObjectAcl")
            .notServed("GET", "/{Bucket}/{Key+}?attributes", "GetObjectAttributes")
            .add("GET", "/{Bucket}/{Key+}", "GetObject", ObjectOperations::getObject)
            .add("HEAD", "/{Bucket}/{Key+}", "HeadObject", ObjectOperations::headObject)
            .add("DELETE", "/{Bucket}/{Key+}?uploadId", "AbortMultipartUpload", MultipartOperations::abort)
            .add("DELETE", "/{Bucket}/{Key+}?tagging", "DeleteObjectTagging", ObjectOperations::deleteTagging)
            .add("DELETE", "/{Bucket}/{Key+}", "DeleteObject", ObjectOperations::deleteObject)
            .add("POST", "/{Bucket}/{Key+}?uploads", "CreateMultipartUpload", MultipartOperations::create)
            .add("POST", "/{Bucket}/{Key+}?uploadId", "CompleteMultipartUpload", MultipartOperations::complete)
            .build();

    private final Buckets buckets;

    public S3Service(Path dataDir) {
        this.buckets = new Buckets(dataDir);
    }

    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    @Override
    public OperationTable<?> operations() {
        return OPERATIONS;
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        try {
            return handle(request, new ByteArrayInputStream(request.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CloudResponse handle(CloudRequest head, InputStream body) throws IOException {
        String path = pathStyle(head);
        OperationTable.Routed<Handler> routed = OPERATIONS.route(head.method(), path, head.query(), h -> head.header(h) != null);
        String bucket = routed.param("Bucket");
        String key = bucket == null || routed.param("Key") == null ? null : path.substring(bucket.length() + 2);
        checkExpectedOwners(head, bucket);
        return routed.handler().handle(new S3Call(head, S3Payload.of(head, body), buckets, bucket, key));
    }

    /**
     * The bucket owner condition (ExpectedBucketOwner, x-amz-expected-bucket-owner; ExpectedSourceBucketOwner for a copy's
     * source): a request naming an account other than the bucket's owner fails with 403, so that a client never writes
     * into, or trusts, a bucket another account made. Every bucket here is the one local account's. A bucket that does not
     * exist answers NoSuchBucket as without the header.
     */
    private void checkExpectedOwners(CloudRequest head, String bucket) {
        String expected = head.header("x-amz-expected-bucket-owner");
        if (expected != null && bucket != null && buckets.exists(bucket) && !expected.equals(LocalAccount.ID)) {
            throw S3Errors.accessDenied();
        }
        String expectedSource = head.header("x-amz-source-expected-bucket-owner");
        if (expectedSource != null && !expectedSource.equals(LocalAccount.ID)) {
            throw S3Errors.accessDenied();
        }
    }

    @Override
    public List<IamAction> iamActions(CloudRequest request) {
        String path = pathStyle(request);
        return OPERATIONS.find(request.method(), path, request.query(), h -> request.header(h) != null)
                .filter(r -> r.handler() != null)
                .map(r -> S3IamActions.of(r.operation(), r.param("Bucket"),
                        r.param("Bucket") == null || r.param("Key") == null ? null : path.substring(r.param("Bucket").length() + 2),
                        r.operation().equals("CopyObject") ? request.header("x-amz-copy-source") : null))
                .orElse(List.of());
    }

    /** The request's path as path-style addressing writes it, {@code /BUCKET/KEY}, whichever addressing it used. */
    static String pathStyle(CloudRequest head) {
        String host = Optional.ofNullable(head.header("Host")).orElse("").toLowerCase(Locale.ROOT);
        Matcher m = BUCKET_HOST.matcher(host);
        if (!m.matches() || m.group(1).equals("s3") || m.group(1).startsWith("s3.")) {
            return head.path();
        }
        return "/" + m.group(1) + head.path();
    }

    /**
     * S3's error: a bare {@code <Error>} with Code, Message, the resource it names, and RequestId. A field named as a header
     * ({@code x-amz-delete-marker}) is sent as one, as S3 sends it beside the body.
     */
    @Override
    public CloudResponse error(AwsServiceException e) {
        XmlWriter x = new XmlWriter().start("Error").element("Code", e.code()).element("Message", e.getMessage());
        e.fields().forEach((name, value) -> {
            if (!name.startsWith(HEADER_FIELD)) {
                x.element(name, value);
            }
        });
        String id = UUID.randomUUID().toString();
        CloudResponse response = S3Call.xml(e.status(), S3Xml.document(x.element("RequestId", id).end())).withHeader("x-amz-request-id", id);
        for (Map.Entry<String, String> field : e.fields().entrySet()) {
            if (field.getKey().startsWith(HEADER_FIELD)) {
                response = response.withHeader(field.getKey(), field.getValue());
            }
        }
        return response;
    }

    @Override
    public Map<String, Integer> counts() {
        return Map.of("buckets", buckets.all().size());
    }

    /**
     * An object's bytes for Lambda's CreateFunction and UpdateFunctionCode (Code.S3Bucket/S3Key/S3ObjectVersion): its
     * data file; S3's NoSuchBucket, NoSuchKey or NoSuchVersion when it is not there.
     */
    public Path objectFile(String bucketName, String key, String versionId) {
        Bucket bucket = buckets.get(bucketName);
        return bucket.dataFile(ObjectOperations.find(bucket, key, versionId));
    }

    /**
     * Writes an object on a service's behalf (Lambda's records for an S3 failure destination), as a JSON object, a new
     * version where the bucket keeps versions; S3's NoSuchBucket when the bucket is not there.
     */
    public void putRecord(String bucketName, String key, byte[] record) throws IOException {
        Bucket bucket = buckets.get(bucketName);
        ObjectOperations.Written written = ObjectOperations.write(bucket, S3Payload.of(record));
        bucket.put(new ObjectVersion(key, bucket.nextVersionId(), written.read().etag(), written.read().size(),
                System.currentTimeMillis(), "application/json", Map.of(), Map.of(), Map.of(),
                written.file().getFileName().toString(), false));
    }

    private static CloudResponse listBuckets(S3Call call) {
        XmlWriter x = new XmlWriter().startRoot("ListAllMyBucketsResult", S3Xml.NAMESPACE)
                .start("Owner").element("ID", OWNER_ID).end().start("Buckets");
        for (Bucket b : call.buckets().all()) {
            x.start("Bucket").element("Name", b.config.name).element("CreationDate", S3Xml.time(b.config.created))
                    .element("BucketRegion", b.config.region).end();
        }
        return S3Call.xml(200, S3Xml.document(x.end().end()));
    }

    /**
     * A bucket in the region the request is signed for: a LocationConstraint naming another, or none outside us-east-1,
     * is refused as S3's regional endpoints refuse it. Asked again in us-east-1 by its owner, S3 answers 200 (its legacy
     * behaviour); elsewhere BucketAlreadyOwnedByYou.
     */
    private static CloudResponse createBucket(S3Call call) throws IOException {
        String region = call.head().region();
        byte[] body = call.xmlBody();
        String constraint = body.length == 0 ? null : S3Xml.text(S3Xml.parse(body, "CreateBucketConfiguration"), "LocationConstraint");
        String wanted = constraint == null || constraint.isEmpty() ? "us-east-1" : constraint;
        if (!wanted.equals(region)) {
            throw new AwsServiceException(400, "IllegalLocationConstraintException", constraint == null
                    ? "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."
                    : "The " + constraint + " location constraint is incompatible for the region specific endpoint this request was sent to.");
        }
        if (call.buckets().exists(call.bucketName())) {
            if ("us-east-1".equals(region) && "us-east-1".equals(call.bucket().config.region)) {
                return CloudResponse.empty(200).withHeader("Location", "/" + call.bucketName());
            }
            throw S3Errors.alreadyOwned(call.bucketName());
        }
        call.buckets().create(call.bucketName(), region);
        return CloudResponse.empty(200).withHeader("Location", "/" + call.bucketName());
    }

    private static CloudResponse headBucket(S3Call call) {
        Bucket bucket = call.bucket();
        return S3Call.ok(Map.of("x-amz-bucket-region", bucket.config.region));
    }

    private static CloudResponse deleteBucket(S3Call call) throws IOException {
        call.buckets().delete(call.bucketName());
        return CloudResponse.empty(204);
    }

    /** us-east-1 is the empty constraint, as S3 answers it. */
    private static CloudResponse getLocation(S3Call call) {
        String region = call.bucket().config.region;
        return S3Call.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + S3Xml.NAMESPACE + "\">"
                + ("us-east-1".equals(region) ? "" : XmlWriter.escape(region)) + "</LocationConstraint>");
    }

    private static CloudResponse getVersioning(S3Call call) {
        XmlWriter x = new XmlWriter().startRoot("VersioningConfiguration", S3Xml.NAMESPACE)
                .element("Status", call.bucket().config.versioning);
        return S3Call.xml(200, S3Xml.document(x.end()));
    }

    private static CloudResponse putVersioning(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        String status = S3Xml.text(S3Xml.parse(call.xmlBody(), "VersioningConfiguration"), "Status");
        if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
            throw S3Errors.malformedXml();
        }
        synchronized (bucket) {
            bucket.config.versioning = status;
            bucket.saveConfig();
        }
        return CloudResponse.empty(200);
    }

    private static CloudResponse getBucketTagging(S3Call call) {
        Bucket bucket = call.bucket();
        if (bucket.config.tags.isEmpty()) {
            throw S3Errors.notFound("NoSuchTagSet", "The TagSet does not exist", call.bucketName());
        }
        return S3Call.xml(200, S3Xml.tagging(bucket.config.tags));
    }

    private static CloudResponse putBucketTagging(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        Map<String, String> tags = S3Xml.tags(call.xmlBody());
        synchronized (bucket) {
            bucket.config.tags = new LinkedHashMap<>(tags);
            bucket.saveConfig();
        }
        return CloudResponse.empty(204);
    }

    private static CloudResponse deleteBucketTagging(S3Call call) throws IOException {
        Bucket bucket = call.bucket();
        synchronized (bucket) {
            bucket.config.tags.clear();
            bucket.saveConfig();
        }
        return CloudResponse.empty(204);
    }

    /** A configuration kept as its owner wrote it, once it is checked to be the document the operation takes. */
    private static CloudResponse putConfiguration(S3Call call, String name, String root) throws IOException {
        Bucket bucket = call.bucket();
        byte[] body = call.xmlBody();
        Element parsed = S3Xml.parse(body, root);
        if (name.equals("encryption") && S3Xml.children(parsed, "Rule").isEmpty()) {
            throw S3Errors.malformedXml();
        }
        synchronized (bucket) {
            bucket.config.configurations.put(name, new String(body, StandardCharsets.UTF_8));
            bucket.saveConfig();
        }
        return CloudResponse.empty(200);
    }

    /**
     * The configuration as set; none answers S3's 404 for it, but for encryption, which every bucket has since
     * January 2023: SSE-S3 (AES256) unless another was set.
     */
    private static CloudResponse getConfiguration(S3Call call, String name) {
        Bucket bucket = call.bucket();
        String stored = bucket.config.configurations.get(name);
        if (stored != null) {
            return S3Call.xml(200, stored);
        }
        return switch (name) {
            case "encryption" -> S3Call.xml(200, S3Xml.document(new XmlWriter().startRoot("ServerSideEncryptionConfiguration",
                    S3Xml.NAMESPACE).start("Rule").start("ApplyServerSideEncryptionByDefault").element("SSEAlgorithm", "AES256").end()
                    .element("BucketKeyEnabled", false).end().end()));
            case "publicAccessBlock" -> throw S3Errors.notFound("NoSuchPublicAccessBlockConfiguration",
                    "The public access block configuration was not found", call.bucketName());
            default -> throw S3Errors.notFound("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist",
                    call.bucketName());
        };
    }

    private static CloudResponse deleteConfiguration(S3Call call, String name) throws IOException {
        Bucket bucket = call.bucket();
        synchronized (bucket) {
            bucket.config.configurations.remove(name);
            bucket.saveConfig();
        }
        return CloudResponse.empty(204);
    }
}
