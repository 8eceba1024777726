package dev.lamb.audit.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets inside the package (issue 17 §4: "private keys, .env files, credential formats"), as a folder and as its zip. */
class PackageScannerTest {
    /** A small cap, so the file read in part is small too. */
    private static final int CAP = 64 << 10;
    private final FakeSecrets fake = new FakeSecrets(1);
    private final Map<String, byte[]> files = new TreeMap<>();
    private final List<String> values = new ArrayList<>();
    @TempDir
    Path dir;

    private String secret(String value) {
        values.add(value);
        return value;
    }

    private void file(String path, String... lines) {
        files.put(path, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void fixture() {
        String id = secret(fake.accessKeyId());
        String key = secret(fake.secretAccessKey());
        file("app.py", "import os", "", "CLIENT = boto3.client('s3', aws_access_key_id='" + id + "',",
                "    aws_secret_access_key='" + key + "')", "HASH = '" + fake.of(FakeSecrets.HEX, 64) + "'");
        file("config/.env", "DEBUG=1");
        file(".env.example", "API_KEY=");
        file("certs/server.pem", "-----BEGIN CERTIFICATE-----", "MIIB", "-----END CERTIFICATE-----",
                "-----BEGIN RSA PRIVATE KEY-----", secret(fake.of(FakeSecrets.BASE64, 64)), "-----END RSA PRIVATE KEY-----");
        file(".npmrc", "registry=https://registry.npmjs.org/", "//registry.npmjs.org/:_authToken=" + secret("npm_" + fake.of(FakeSecrets.ALNUM, 36)));
        file("sub/.npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}");
        file(".pypirc", "[pypi]", "username = __token__", "password = " + secret(fake.of(FakeSecrets.ALNUM, 30)));
        file("home/.ssh/config", "Host *");
        file(".git-credentials", "https://ada:" + secret(fake.of(FakeSecrets.ALNUM, 20)) + "@github.com");
        file(".aws/credentials", "[default]", "aws_access_key_id = " + secret(fake.accessKeyId()),
                "aws_secret_access_key = " + secret(fake.secretAccessKey()));
        file("node_modules/aws-sdk/README.md", "accessKeyId: 'AKIAIOSFODNN7EXAMPLE',",
                "secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'",
                "token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
                "url: postgres://user:pass@localhost/db", "password = 'hunter2'");
        byte[] binary = ("\0ELF" + fake.accessKeyId()).getBytes(StandardCharsets.US_ASCII);
        files.put("lib/native.so", binary);
        String token = secret(fake.githubToken());
        files.put("dist/bundle.js", ("x".repeat(CAP + 10) + "\n" + token)
                .getBytes(StandardCharsets.US_ASCII));
        file("lib/pem.py", "HEADER = '-----BEGIN RSA PRIVATE KEY-----'", "if line.startswith('PuTTY-User-Key-File-'):",
                "    pass", "TEST_KEY = 'ASIAAAAAAAAAAAAAAAAA'");
        file("keys/service-account.json", "{\"type\": \"service_account\", \"project_id\": \"p\",",
                "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + secret(fake.of(FakeSecrets.BASE64, 64)) + "\\n-----END PRIVATE KEY-----\\n\"}");
        file("keys/id.ppk", "PuTTY-User-Key-File-3: ssh-ed25519", "Encryption: none", "Private-Lines: 1", secret(fake.of(FakeSecrets.BASE64, 44)));
        file("dist/small.js", "const t = '" + secret("xoxp-" + fake.of("0123456789", 11) + "-" + fake.of(FakeSecrets.ALNUM, 20)) + "';");
    }

    private static final List<String> EXPECTED = List.of(
            ".aws/credentials:0 CREDENTIALS_FILE", ".aws/credentials:2 AWS_ACCESS_KEY", ".aws/credentials:3 AWS_SECRET_KEY",
            ".git-credentials:0 CREDENTIALS_FILE", ".npmrc:2 CREDENTIALS_FILE", ".npmrc:2 NPM_TOKEN", ".pypirc:3 CREDENTIALS_FILE",
            "app.py:3 AWS_ACCESS_KEY", "app.py:4 AWS_SECRET_KEY", "certs/server.pem:4 PRIVATE_KEY", "config/.env:0 ENV_FILE",
            "dist/small.js:1 SLACK_TOKEN", "home/.ssh/config:0 CREDENTIALS_FILE", "keys/id.ppk:1 PRIVATE_KEY",
            "keys/service-account.json:0 CREDENTIALS_FILE", "keys/service-account.json:2 PRIVATE_KEY",
            "node_modules/aws-sdk/README.md:1 AWS_ACCESS_KEY", "node_modules/aws-sdk/README.md:2 AWS_SECRET_KEY");

    private List<String> found(PackageScanner.Result result) {
        values.forEach(v -> FakeSecrets.assertNoValue(result.matches(), v));
        return result.matches().stream().map(m -> m.where() + ":" + m.line() + " " + m.kind()).sorted().toList();
    }

    @Test
    void aFolderAndItsZipGiveTheSameMatchesAtFileAndLine() throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path path = dir.resolve("tree").resolve(f.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, f.getValue());
        }
        PackageScanner.Result tree = new PackageScanner(CAP).scanTree(dir.resolve("tree"));
        assertEquals(EXPECTED, found(tree));
        assertEquals(List.of(files.size(), 1, 1), List.of(tree.files(), tree.binary(), tree.truncated()),
                "files, binary files skipped, files read in part");

        Path zip = dir.resolve("function.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue());
                z.closeEntry();
            }
        }
        assertEquals(EXPECTED, found(new PackageScanner(CAP).scanZip(zip)));
    }

    @Test
    void aLargerCapReadsTheWholeBundle() throws IOException {
        Path bundle = dir.resolve("bundle.js");
        Files.write(bundle, files.get("dist/bundle.js"));
        PackageScanner.Result result = new PackageScanner().scanTree(dir);
        assertEquals(List.of("bundle.js:2 GITHUB_TOKEN"), found(result));
        assertEquals(0, result.truncated());
    }
}
