package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.cloud.LocalCloudServices;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Issue 12, section 4: a CreateFunction whose write fails (a full disk) answers 500 and is never
 * visible, before or after a restart; and the data folder is private (0700, files 0600), since function
 * environments hold secrets.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaDurableStateIT {
    @TempDir
    Path dataDir;

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private void withLambda(Consumer<LambdaClient> use) {
        try (LocalCloud cloud = LocalCloud.start(0, LocalCloudServices.create(dataDir, notice -> {}));
                IamClient iam = IamClient.builder()
                        .endpointOverride(URI.create(cloud.endpoint()))
                        .region(Region.AWS_GLOBAL)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .httpClient(Apache5HttpClient.builder().build())
                        .build();
                LambdaClient lambda = LambdaClient.builder()
                        .endpointOverride(URI.create(cloud.endpoint()))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .httpClient(Apache5HttpClient.builder().build())
                        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                        .build()) {
            if (iam.listRoles().roles().isEmpty()) {
                iam.createRole(r -> r.roleName("r").assumeRolePolicyDocument(TRUST));
            }
            use.accept(lambda);
        }
    }

    private static void create(LambdaClient lambda, String name) {
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).handler("handler.greet")
                .role("arn:aws:iam::000000000000:role/r")
                .environment(e -> e.variables(Map.of("API_KEY", "secret")))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1)))));
    }

    @Test
    void aCreateFunctionThatCouldNotBeWrittenIsNeverVisible() throws IOException {
        withLambda(lambda -> {
            // The disk refuses the function's file: where it must go stands a folder that is not empty.
            obstruct(true);
            SdkServiceException failed = assertThrows(SdkServiceException.class, () -> create(lambda, "lost"));
            assertEquals(500, failed.statusCode());
            assertThrows(ResourceNotFoundException.class, () -> lambda.getFunction(r -> r.functionName("lost")));
            assertTrue(lambda.listFunctions().functions().isEmpty());
            obstruct(false);
        });
        withLambda(lambda -> {
            assertTrue(lambda.listFunctions().functions().isEmpty(), "nothing appears after a restart either");
            create(lambda, "kept");
            assertEquals(List.of("kept"), lambda.listFunctions().functions().stream().map(f -> f.functionName()).toList());
        });
    }

    private void obstruct(boolean on) {
        Path folder = dataDir.resolve("lambda/functions/lost.json");
        try {
            if (on) {
                Files.createDirectories(folder.resolve("in-the-way"));
            } else {
                Files.delete(folder.resolve("in-the-way"));
                Files.delete(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theDataFolderAndItsFilesArePrivate() throws IOException {
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        withLambda(lambda -> create(lambda, "secretive"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
        Path function = dataDir.resolve("lambda/functions/secretive.json");
        assertTrue(Files.readString(function).contains("API_KEY"));
        try (Stream<Path> all = Files.walk(dataDir.resolve("lambda/functions"))) {
            for (Path p : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode, p.toString());
            }
        }
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path p : dirs.filter(Files::isDirectory).toList()) {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
        }
    }
}
