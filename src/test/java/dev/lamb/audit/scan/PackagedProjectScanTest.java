package dev.lamb.audit.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.build.PackageRequest;
import dev.lamb.build.PackageResult;
import dev.lamb.build.Packager;

/**
 * The zip `lamb package` writes, as lamb audit scans it: the secrets lamb leaves out by default (.env, .npmrc, key files)
 * are not in it, and those a .lambignore brings back with '!' are found in it. A Python project without requirements
 * packs without starting pip, so this stays a unit test.
 */
class PackagedProjectScanTest {
    private final FakeSecrets fake = new FakeSecrets(9);
    @TempDir
    Path project;

    @Test
    void whatTheZipHoldsIsWhatIsFound() throws IOException {
        String id = fake.accessKeyId();
        String body = fake.of(FakeSecrets.BASE64, 64);
        Files.writeString(project.resolve("handler.py"), "def handler(event, context):\n    return {'statusCode': 200}\n");
        Files.writeString(project.resolve("settings.py"), "REGION = 'us-east-1'\nACCESS_KEY = '" + id + "'\n");
        Files.writeString(project.resolve(".env"), "API_KEY=" + fake.of(FakeSecrets.ALNUM, 24) + "\n");
        Files.writeString(project.resolve(".env.production"), "API_KEY=" + fake.of(FakeSecrets.ALNUM, 24) + "\n");
        Files.writeString(project.resolve("signing.pem"), "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(project.resolve(".lambignore"), "!.env.production\n");

        PackageResult zip = new Packager().pack(new PackageRequest(project, "python3.13", "handler.handler", null,
                project.resolve("out/function.zip")), line -> { });
        PackageScanner.Result result = new PackageScanner().scanZip(zip.zip());

        assertEquals(List.of(".env.production:0 ENV_FILE", "settings.py:2 AWS_ACCESS_KEY"),
                result.matches().stream().map(m -> m.where() + ":" + m.line() + " " + m.kind()).sorted().toList(),
                "left out by lamb package: .env (a default ignore) and signing.pem (a private key)");
        FakeSecrets.assertNoValue(result.matches(), id);
    }
}
