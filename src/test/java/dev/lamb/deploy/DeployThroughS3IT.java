package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ByteSizes;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.ui.Terminals;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Issue 15, section 6: a zip over Lambda's 50 MB direct upload limit goes through S3: lamb's own bucket
 * (lamb-ACCOUNT-REGION) is made private, encrypted, versioned and with a lifecycle rule; the object is keyed by the code's
 * SHA-256, not uploaded again when there; an interrupted upload is resumed by the next deploy. Expected values from the
 * S3 API reference (PutPublicAccessBlock, PutBucketEncryption, PutBucketVersioning) and Lambda's (CodeSha256).
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployThroughS3IT {
    private static final String BUCKET = "lamb-000000000000-us-east-1";

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    static Path dir;

    static Path project;

    /** 56 MB of noise that does not compress: a zip over 50 MB. */
    private static Path bigProject() throws IOException {
        if (project == null) {
            project = DeployedCloud.init(dir, "big-code");
            byte[] noise = new byte[8_000_000];
            Random random = new Random(15);
            for (int i = 0; i < 7; i++) {
                random.nextBytes(noise);
                Files.write(project.resolve("noise" + i + ".bin"), noise);
            }
        }
        return project;
    }

    /** On a terminal but with --output json, the upload draws no bar: JSON on stdout, lines on stderr, nothing else. */
    @Test
    @Order(1)
    void aZipOver50MbIsDeployedThroughLambsOwnBucket() throws IOException {
        Lamb.Run run = cloud.lamb(terminal(), "deploy", "--output", "json", "--dir", bigProject().toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("{"), run.out());
        assertFalse(run.err().contains("\r"), "no bar under --output json: " + run.err());
        assertTrue(run.err().contains("code: created bucket " + BUCKET), run.err());
        assertTrue(run.err().contains("if interrupted, the next deploy resumes it"), run.err());

        S3Client s3 = cloud.aws().s3();
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(r -> r.bucket(BUCKET)).status());
        assertTrue(s3.getPublicAccessBlock(r -> r.bucket(BUCKET)).publicAccessBlockConfiguration().blockPublicPolicy());
        assertEquals(ServerSideEncryption.AES256, s3.getBucketEncryption(r -> r.bucket(BUCKET)).serverSideEncryptionConfiguration()
                .rules().get(0).applyServerSideEncryptionByDefault().sseAlgorithm());
        assertEquals(1, s3.getBucketLifecycleConfiguration(r -> r.bucket(BUCKET)).rules().size());
        String key = s3.listObjectsV2(r -> r.bucket(BUCKET)).contents().get(0).key();
        String sha = cloud.aws().lambda().getFunction(r -> r.functionName("big-code")).configuration().codeSha256();
        assertEquals(sha, s3.headObject(r -> r.bucket(BUCKET).key(key)).metadata().get("codesha256"), "keyed by CodeSha256");
    }

    @Test
    @Order(2)
    void unchangedCodeIsNotUploadedAgain() throws IOException {
        Lamb.Run run = cloud.lamb("deploy", "--force-upload", "--dir", bigProject().toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("holds this code already; not uploading it again"), run.err());
    }

    /**
     * An upload left with its first part by an interrupted deploy is resumed: the part is kept, the rest sent. On a
     * terminal a bar shows the bytes in S3 (the kept part counted), redrawn in place, and is cleared before the next line.
     */
    @Test
    @Order(3)
    void anInterruptedUploadIsResumedByTheNextDeploy() throws IOException {
        Files.writeString(bigProject().resolve("changed.txt"), "new code");
        Path zip = dir.resolve("big-code.zip");
        Lamb.Run packaged = cloud.lamb("package", "--dir", project.toString(), "--out", zip.toString());
        assertEquals(0, packaged.exitCode(), packaged.out() + packaged.err());
        byte[] bytes = Files.readAllBytes(zip);
        String hex = HexFormat.of().formatHex(sha256(bytes));
        String key = "big-code/" + hex + ".zip";
        S3Client s3 = cloud.aws().s3();
        String upload = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();
        s3.uploadPart(r -> r.bucket(BUCKET).key(key).uploadId(upload).partNumber(1),
                RequestBody.fromBytes(Arrays.copyOf(bytes, CodeUpload.PART_BYTES)));
        // Review 15, item 1: an object with this code's SHA in its metadata but not its size is not this code.
        s3.putObject(r -> r.bucket(BUCKET).key(key).metadata(Map.of("codesha256", Base64.getEncoder().encodeToString(sha256(bytes)))),
                RequestBody.fromString("not the code"));

        Lamb.Run run = cloud.lamb(terminal(), "deploy", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertFalse(run.err().contains("holds this code already"), run.err());
        String size = ByteSizes.human(bytes.length);
        assertTrue(run.err().contains("\rcode: uploading [" + " ".repeat(30) + "] 0 B of " + size), run.err());
        assertTrue(run.err().contains("\rcode: uploading [" + "#".repeat(30) + "] " + size + " of " + size + "\u001b[K\r\u001b[Kcode: created s3://"),
                run.err());
        assertTrue(run.err().contains("resuming the interrupted upload of s3://" + BUCKET + "/" + key + " (1 of "), run.err());
    }

    /**
     * Review 15, item 1: an upload that fails for good (every UploadPart answers 500, retries spent) is kept for the next
     * deploy, and the line says so, how to abort it (aws s3api abort-multipart-upload, the S3 API's AbortMultipartUpload)
     * and that lamb's bucket's lifecycle rule aborts it after 7 days.
     */
    @Test
    @Order(4)
    void aFailedUploadIsKeptAndTheLineSaysHowToAbortIt() throws IOException {
        Files.writeString(bigProject().resolve("changed.txt"), "code whose upload fails");
        cloud.local().faults().add("s3", "^PUT /" + BUCKET + "/big-code/", "error", 1.0, null, null);
        Lamb.Run run;
        try {
            run = cloud.lamb("deploy", "--dir", project.toString());
        } finally {
            cloud.local().faults().clear();
        }
        assertNotEquals(0, run.exitCode(), run.err());
        assertFalse(run.err().contains("\r"), "off a terminal, lines only: " + run.err());
        String key = cloud.aws().s3().listMultipartUploads(r -> r.bucket(BUCKET).prefix("big-code/")).uploads().stream()
                .map(u -> u.key() + " --upload-id " + u.uploadId()).findFirst().orElseThrow();
        assertTrue(run.err().contains("the next deploy resumes this upload, or drop it with 'aws s3api abort-multipart-upload --bucket "
                + BUCKET + " --key " + key + " --expected-bucket-owner 000000000000' (lamb's bucket aborts it 7 days after it began)"),
                run.err());
        assertEquals(1, run.err().strip().lines().filter(l -> l.startsWith("lamb: ")).count(), "one line: " + run.err());
    }

    /**
     * Review 15, item 1: a bucket of another account is never used. The role lamb.toml names is of account 111111111111,
     * so lamb expects that account to own [deploy] bucket; the local cloud's bucket is 000000000000's, and S3 answers the
     * bucket owner condition with 403 (ExpectedBucketOwner in botocore's s3 service-2.json). Exit 3, one line.
     */
    @Test
    @Order(5)
    void aBucketOfAnotherAccountIsNotUsed() throws IOException {
        cloud.aws().s3().createBucket(r -> r.bucket("shared-code"));
        cloud.aws().iam().createRole(r -> r.roleName("shared-code-role").assumeRolePolicyDocument(LambdaTrust.LOCAL));
        Path toml = bigProject().resolve("lamb.toml");
        String original = Files.readString(toml);
        Files.writeString(toml, original.replace("name = \"big-code\"", "name = \"sniped-code\"")
                .replace("[function]\n", "[function]\nrole = \"arn:aws:iam::111111111111:role/shared-code-role\"\n")
                + "\n[deploy]\nbucket = \"shared-code\"\n");
        try {
            Lamb.Run run = cloud.lamb("deploy", "--dir", project.toString());
            assertEquals(3, run.exitCode(), run.out() + run.err());
            assertTrue(run.err().contains("bucket shared-code belongs to another account: S3 refused it to account 111111111111 under "
                    + "the bucket owner condition (or these credentials may not read it); set [deploy] bucket in lamb.toml to a bucket "
                    + "of account 111111111111"), run.err());
            assertTrue(cloud.aws().s3().listObjectsV2(r -> r.bucket("shared-code")).contents().isEmpty(), "nothing written into it");
        } finally {
            Files.writeString(toml, original);
        }
    }

    private static Terminals terminal() {
        return Terminals.scripted(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
