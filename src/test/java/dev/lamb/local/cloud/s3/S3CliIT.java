package dev.lamb.local.cloud.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/**
 * Issue 15, section 6: the AWS CLI v2 ({@code aws s3} and {@code aws s3api}) works against the local S3 unchanged.
 * Expected values come from the S3 API reference and botocore's s3/2006-03-01 service-2.json: ETags are the object's
 * MD5, or for a multipart upload the MD5 of the parts' MD5s then "-" and the part count ("Checking object integrity");
 * ListObjectsV2 pages by NextContinuationToken. Versioning, errors and the rest are boto3's (s3_roundtrips.py, Boto3IT):
 * each CLI call costs a Python start, so this class keeps to what only the CLI shows (its multipart cp, ls, paging).
 */
@Timeout(120)
class S3CliIT {
    /** The AWS CLI's multipart_chunksize and multipart_threshold (its "S3 configuration" defaults): 8 MiB. */
    private static final int CLI_PART = 8 * 1024 * 1024;

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    static Path dir;

    @BeforeAll
    static void cli() {
        RequiredTools.require(AwsCli.PATH);
    }

    private static Processes.Result aws(String... args) {
        Processes.Result r = AwsCli.run(dir, cloud.endpoint(), args);
        assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.output());
        return r;
    }

    /** 20 MB: past the CLI's 8 MiB threshold, so it goes multipart in three parts, uploaded in parallel. */
    @Test
    void cpUploadsMultipartAndDownloadsTheSameBytes() throws IOException {
        aws("s3", "mb", "s3://cli-copies");
        byte[] data = new byte[20_000_000];
        new Random(15).nextBytes(data);
        Path file = Files.write(dir.resolve("big.bin"), data);
        aws("s3", "cp", "--only-show-errors", file.toString(), "s3://cli-copies/dir/big.bin");

        JsonNode head = AwsCli.json(dir, cloud.endpoint(), "s3api", "head-object", "--bucket", "cli-copies", "--key", "dir/big.bin");
        assertEquals(20_000_000, head.path("ContentLength").asLong());
        assertEquals(multipartEtag(data, CLI_PART), head.path("ETag").asText());

        Path back = dir.resolve("back.bin");
        aws("s3", "cp", "--only-show-errors", "s3://cli-copies/dir/big.bin", back.toString());
        assertArrayEquals(data, Files.readAllBytes(back));

        String listed = aws("s3", "ls", "--recursive", "s3://cli-copies").output();
        assertTrue(listed.strip().endsWith("20000000 dir/big.bin"), listed);
    }

    /** Five keys uploaded by one recursive cp, listed two a page, then by delimiter after start-after. */
    @Test
    void listObjectsV2PagesByContinuationToken() throws IOException {
        Path tree = dir.resolve("tree");
        for (String key : List.of("a/1", "a/2", "a/3", "b/1", "c")) {
            Files.createDirectories(tree.resolve(key).getParent());
            Files.writeString(tree.resolve(key), key);
        }
        aws("s3", "mb", "s3://cli-pages");
        aws("s3", "cp", "--only-show-errors", "--recursive", tree.toString(), "s3://cli-pages/");
        JsonNode first = AwsCli.json(dir, cloud.endpoint(), "s3api", "list-objects-v2", "--bucket", "cli-pages", "--max-keys", "2",
                "--no-paginate");
        assertEquals(List.of("a/1", "a/2"), keys(first));
        assertTrue(first.path("IsTruncated").asBoolean());
        JsonNode second = AwsCli.json(dir, cloud.endpoint(), "s3api", "list-objects-v2", "--bucket", "cli-pages", "--max-keys", "2",
                "--no-paginate", "--continuation-token", first.path("NextContinuationToken").asText());
        assertEquals(List.of("a/3", "b/1"), keys(second));
        JsonNode delimited = AwsCli.json(dir, cloud.endpoint(), "s3api", "list-objects-v2", "--bucket", "cli-pages", "--delimiter", "/",
                "--start-after", "a/2");
        assertEquals(List.of("c"), keys(delimited));
        List<String> prefixes = new ArrayList<>();
        delimited.path("CommonPrefixes").forEach(p -> prefixes.add(p.path("Prefix").asText()));
        assertEquals(List.of("a/", "b/"), prefixes, "a/3 follows start-after a/2, so a/ is listed, as one entry");
    }

    private static List<String> keys(JsonNode listing) {
        List<String> keys = new ArrayList<>();
        listing.path("Contents").forEach(c -> keys.add(c.path("Key").asText()));
        return keys;
    }

    static String multipartEtag(byte[] data, int partSize) {
        MessageDigest all = S3Payload.digest("MD5");
        int parts = 0;
        for (int at = 0; at < data.length; at += partSize) {
            all.update(S3Payload.digest("MD5").digest(Arrays.copyOfRange(data, at, Math.min(data.length, at + partSize))));
            parts++;
        }
        return "\"" + HexFormat.of().formatHex(all.digest()) + "-" + parts + "\"";
    }
}
