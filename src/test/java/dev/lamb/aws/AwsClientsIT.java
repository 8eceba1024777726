package dev.lamb.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.cloud.LocalCloudServices;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** lamb's own client factory against lamb's local cloud: the clients deploy, tune and logs will use. */
class AwsClientsIT {
    @TempDir
    Path data;

    @Test
    void createsAndInvokesAFunctionAndTranslatesErrors() throws IOException {
        RequiredTools.require("python3");
        try (LocalCloud cloud = LocalCloud.start(0, LocalCloudServices.create(data, notice -> { }));
             AwsClients aws = new AwsClients(AwsTarget.localCloud(URI.create(cloud.endpoint())))) {
            String role = aws.iam().createRole(r -> r.roleName("fn-role").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                            + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
            SdkBytes code = SdkBytes.fromByteArray(zip("handler.py",
                    "def handler(event, context):\n    return {'hi': event['name']}\n"));
            aws.lambda().createFunction(f -> f.functionName("hello").runtime(Runtime.PYTHON3_13).handler("handler.handler")
                    .role(role).code(c -> c.zipFile(code)));
            aws.lambda().waiter().waitUntilFunctionActiveV2(r -> r.functionName("hello"));

            InvokeResponse answer = aws.lambda().invoke(r -> r.functionName("hello")
                    .payload(SdkBytes.fromUtf8String("{\"name\":\"Ada\"}")));
            assertEquals("{\"hi\": \"Ada\"}", answer.payload().asUtf8String());

            SdkException missing = assertThrows(SdkException.class, () -> aws.lambda().getFunction(r -> r.functionName("nope")));
            LambException translated = AwsErrors.translate(missing);
            assertEquals(ExitCode.NOT_FOUND, translated.exitCode());
            assertTrue(translated.getMessage().startsWith("Lambda ResourceNotFoundException: Function not found"),
                    translated.getMessage());
        }
    }

    private static byte[] zip(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
