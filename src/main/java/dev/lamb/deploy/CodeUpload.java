package dev.lamb.deploy;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsErrors;
import dev.lamb.build.LambdaLimits;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * How the code reaches Lambda: in the request itself while the zip is within Lambda's 50 MB direct upload limit, else
 * through S3. There it goes to lamb.toml's {@code [deploy] bucket}, or to lamb's own {@code lamb-ACCOUNT-REGION}, which
 * lamb makes private (public access blocked), encrypted (SSE-S3), versioned, with a lifecycle rule expiring old code and
 * incomplete uploads; a bucket lamb did not make is never reconfigured. Every call on the bucket carries the bucket
 * owner condition (ExpectedBucketOwner = the deploying account): {@code lamb-ACCOUNT-REGION} is a name anyone can guess
 * and create first, and lamb must neither put the code (and what it holds) into another account's bucket nor deploy an
 * object that account could replace. The object is keyed by the code's SHA-256, so unchanged code (the same SHA in its
 * metadata and the same size) is not uploaded again; it goes up in parts, several at once. An interrupted or failed
 * upload is resumed by the next deploy: the parts already in S3 with the same MD5 are kept.
 */
final class CodeUpload {
    static final String STEP = "code";
    /** Parts of 8 MiB, as the AWS CLI cuts them; 8 at a time. */
    static final int PART_BYTES = 8 * 1024 * 1024;
    private static final int PARALLEL = 8;
    private static final String SHA_METADATA = "codesha256";

    /** Where the code is in S3. */
    record Location(String bucket, String key) {}

    private final DeployRun run;
    private final String configuredBucket;
    private final Deployer.Code code;
    private final UploadProgress progress;
    private Location uploaded;

    /** @param configuredBucket lamb.toml's [deploy] bucket, "" for lamb's own */
    CodeUpload(DeployRun run, String configuredBucket, Deployer.Code code, UploadProgress progress) {
        this.run = run;
        this.configuredBucket = configuredBucket == null ? "" : configuredBucket;
        this.code = code;
        this.progress = progress;
    }

    boolean direct() {
        return code.zip().length <= LambdaLimits.DIRECT_UPLOAD_BYTES;
    }

    /** The code of a CreateFunction, uploading it to S3 first when it must go through S3. */
    void applyTo(FunctionCode.Builder c, String roleArn) {
        if (direct()) {
            c.zipFile(SdkBytes.fromByteArrayUnsafe(code.zip()));
        } else {
            Location at = upload(roleArn);
            c.s3Bucket(at.bucket()).s3Key(at.key());
        }
    }

    /** The same for an UpdateFunctionCode. */
    void applyTo(UpdateFunctionCodeRequest.Builder r, String roleArn) {
        if (direct()) {
            r.zipFile(SdkBytes.fromByteArrayUnsafe(code.zip()));
        } else {
            Location at = upload(roleArn);
            r.s3Bucket(at.bucket()).s3Key(at.key());
        }
    }

    /** Uploads the code once (a retried call reuses it); the role's ARN names the account lamb's own bucket is named for. */
    synchronized Location upload(String roleArn) {
        if (uploaded != null) {
            return uploaded;
        }
        S3Client s3 = run.aws.s3();
        String account = roleArn.split(":")[4];
        String bucket = configuredBucket.isEmpty() ? ownBucket(s3, account) : configuredBucket(s3, account);
        String key = run.names.function() + "/" + HexFormat.of().formatHex(Base64.getDecoder().decode(code.sha256())) + ".zip";
        if (holds(s3, bucket, key, account)) {
            run.progress.accept(STEP + ": s3://" + bucket + "/" + key + " holds this code already; not uploading it again");
        } else {
            run.write(STEP, Change.Action.CREATE, "s3://" + bucket + "/" + key, LambdaLimits.describe(code.zip().length)
                    + ", over Lambda's 50 MB direct upload limit", () -> multipart(s3, new Target(bucket, key, account)));
        }
        uploaded = new Location(bucket, key);
        return uploaded;
    }

    /** The object in S3 lamb writes, with the account that must own its bucket. */
    private record Target(String bucket, String key, String account) {}

    /** Whether the object there is this code: the SHA lamb wrote in its metadata and the zip's size. */
    private boolean holds(S3Client s3, String bucket, String key, String account) {
        try {
            HeadObjectResponse there = s3.headObject(r -> r.bucket(bucket).key(key).expectedBucketOwner(account));
            return code.sha256().equals(there.metadata().get(SHA_METADATA)) && there.contentLength() == code.zip().length;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private String configuredBucket(S3Client s3, String account) {
        try {
            s3.headBucket(r -> r.bucket(configuredBucket).expectedBucketOwner(account));
            return configuredBucket;
        } catch (NoSuchBucketException e) {
            throw new LambException(ExitCode.NOT_FOUND, "the bucket " + configuredBucket + " ([deploy] bucket in lamb.toml) does not "
                    + "exist: create it, or remove the key to let lamb use its own");
        } catch (S3Exception e) {
            throw e.statusCode() == 403 ? notOwned(configuredBucket, account) : e;
        }
    }

    /** lamb's own bucket, made as the class says the first time; found (and this account's), it is used as it is. */
    private String ownBucket(S3Client s3, String account) {
        String bucket = "lamb-" + account + "-" + run.region;
        try {
            s3.headBucket(r -> r.bucket(bucket).expectedBucketOwner(account));
            return bucket;
        } catch (NoSuchBucketException e) {
            // made below
        } catch (S3Exception e) {
            throw e.statusCode() == 403 ? notOwned(bucket, account) : e;
        }
        run.write(STEP, Change.Action.CREATE, "bucket " + bucket, "private, encrypted, versioned, old code expires", () -> {
            s3.createBucket(r -> {
                r.bucket(bucket);
                if (!"us-east-1".equals(run.region)) {
                    r.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(run.region)));
                }
            });
            s3.putPublicAccessBlock(r -> r.bucket(bucket).expectedBucketOwner(account).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
            s3.putBucketEncryption(r -> r.bucket(bucket).expectedBucketOwner(account).serverSideEncryptionConfiguration(c -> c
                    .rules(rule -> rule.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
            s3.putBucketVersioning(r -> r.bucket(bucket).expectedBucketOwner(account)
                    .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
            // Lambda keeps its own copy of the code: the object is needed only while it deploys.
            s3.putBucketLifecycleConfiguration(r -> r.bucket(bucket).expectedBucketOwner(account).lifecycleConfiguration(c -> c
                    .rules(rule -> rule.id("lamb-expires-old-code").status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                    .expiration(x -> x.days(30)).noncurrentVersionExpiration(x -> x.noncurrentDays(1))
                    .abortIncompleteMultipartUpload(x -> x.daysAfterInitiation(7)))));
            s3.putBucketTagging(r -> r.bucket(bucket).expectedBucketOwner(account)
                    .tagging(t -> t.tagSet(s -> s.key(DeployNames.TAG).value("*"))));
        });
        return bucket;
    }

    /**
     * S3's 403 to a call carrying the bucket owner condition: the bucket is another account's (or these credentials may
     * not read it). Either way lamb must not use it.
     */
    private LambException notOwned(String bucket, String account) {
        return new LambException(ExitCode.AUTH, "bucket " + bucket + " belongs to another account: S3 refused it to account " + account
                + " under the bucket owner condition (or these credentials may not read it); set [deploy] bucket in lamb.toml to a "
                + "bucket of account " + account);
    }

    /** Uploads in parts, several at once, into the upload a previous deploy left for this key if any. */
    private void multipart(S3Client s3, Target to) {
        byte[] zip = code.zip();
        int parts = (zip.length + PART_BYTES - 1) / PART_BYTES;
        MultipartUpload left = s3.listMultipartUploads(r -> r.bucket(to.bucket()).prefix(to.key()).expectedBucketOwner(to.account()))
                .uploads().stream().filter(u -> u.key().equals(to.key())).findFirst().orElse(null);
        String uploadId;
        Map<Integer, String> done;
        if (left != null) {
            uploadId = left.uploadId();
            done = s3.listPartsPaginator(r -> r.bucket(to.bucket()).key(to.key()).uploadId(left.uploadId())
                    .expectedBucketOwner(to.account())).parts().stream()
                    .collect(Collectors.toMap(Part::partNumber, Part::eTag, (a, b) -> b));
            run.progress.accept(STEP + ": resuming the interrupted upload of s3://" + to.bucket() + "/" + to.key() + " (" + done.size()
                    + " of " + parts + " parts there)");
        } else {
            uploadId = s3.createMultipartUpload(r -> r.bucket(to.bucket()).key(to.key()).contentType("application/zip")
                    .metadata(Map.of(SHA_METADATA, code.sha256())).expectedBucketOwner(to.account())).uploadId();
            done = Map.of();
            run.progress.accept(STEP + ": uploading in " + parts + " parts, " + PARALLEL + " at a time; if interrupted, the next "
                    + "deploy resumes it");
        }
        UploadProgress.Meter meter = progress.start(STEP + ": uploading", zip.length);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, parts), r -> {
            Thread t = new Thread(r, "lamb-code-upload");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CompletedPart>> uploads = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                int number = i + 1;
                int offset = i * PART_BYTES;
                int length = Math.min(PART_BYTES, zip.length - offset);
                uploads.add(pool.submit(() -> {
                    CompletedPart part = part(s3, to, uploadId, number, offset, length, done.get(number));
                    meter.add(length);
                    return part;
                }));
            }
            List<CompletedPart> completed = new ArrayList<>();
            for (Future<CompletedPart> f : uploads) {
                completed.add(f.get());
            }
            s3.completeMultipartUpload(r -> r.bucket(to.bucket()).key(to.key()).uploadId(uploadId).expectedBucketOwner(to.account())
                    .multipartUpload(m -> m.parts(completed)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LambException(ExitCode.INTERRUPTED, "interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SdkException failure ? failed(to, uploadId, failure)
                    : e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (SdkException e) {
            throw failed(to, uploadId, e);
        } finally {
            pool.shutdownNow();
            meter.done();
        }
    }

    /**
     * A part or the completion failed for good (the SDK's retries spent): the upload is kept for the next deploy to
     * resume, and the line says how to drop it instead, and whether a lifecycle rule ever would.
     */
    private LambException failed(Target to, String uploadId, SdkException failure) {
        LambException cause = AwsErrors.translate(failure);
        String cleanup = configuredBucket.isEmpty() ? "lamb's bucket aborts it 7 days after it began"
                : "[deploy] bucket " + to.bucket() + " has no rule of lamb's aborting incomplete uploads, so its parts stay (and are billed) "
                + "until then";
        return new LambException(cause.exitCode(), "uploading s3://" + to.bucket() + "/" + to.key() + " failed: " + cause.getMessage()
                + "; the next deploy resumes this upload, or drop it with 'aws s3api abort-multipart-upload --bucket " + to.bucket()
                + " --key " + to.key() + " --upload-id " + uploadId + " --expected-bucket-owner " + to.account() + "' (" + cleanup + ")",
                failure);
    }

    /** One part, unless the interrupted upload holds it already (the same MD5 as its ETag). */
    private CompletedPart part(S3Client s3, Target to, String uploadId, int number, int offset, int length, String etagThere) {
        byte[] zip = code.zip();
        if (etagThere != null && etagThere.replace("\"", "").equals(md5Hex(zip, offset, length))) {
            return CompletedPart.builder().partNumber(number).eTag(etagThere).build();
        }
        String etag = s3.uploadPart(r -> r.bucket(to.bucket()).key(to.key()).uploadId(uploadId).partNumber(number)
                .contentLength((long) length).expectedBucketOwner(to.account()),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(zip, offset, length), length, "application/zip")).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private static String md5Hex(byte[] data, int offset, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(data, offset, length);
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
