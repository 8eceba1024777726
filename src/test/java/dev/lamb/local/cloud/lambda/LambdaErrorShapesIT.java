package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Issue 12, section 5: Lambda's errors in AWS's shape and words, as the Java SDK (with its default
 * retries) and botocore's model of Lambda expect them.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaErrorShapesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> List.of(
            new LambdaService(data, engine.get(), arn -> true, Duration.ZERO)));
    static LambdaClient lambda;

    @BeforeAll
    static void start() {
        lambda = LambdaClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterAll
    static void stop() {
        lambda.close();
    }

    private static void create(String name, byte[] zip) {
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).handler("handler.greet").role(ROLE)
                .environment(e -> e.variables(Map.of("STAGE", "dev"))).code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    @Test
    void aTruncatedZipIsLambdasCouldNotUnzip() {
        byte[] zip = LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1);
        for (byte[] truncated : List.of(Arrays.copyOf(zip, zip.length / 2), Arrays.copyOf(zip, zip.length - 10))) {
            InvalidParameterValueException e = assertThrows(InvalidParameterValueException.class, () -> create("cut", truncated));
            assertEquals(400, e.statusCode());
            assertEquals("Could not unzip uploaded file. Please check your file, then try to upload again.",
                    e.awsErrorDetails().errorMessage());
        }
        create("whole", zip);
        assertThrows(InvalidParameterValueException.class, () -> lambda.updateFunctionCode(r -> r.functionName("whole")
                .zipFile(SdkBytes.fromByteArray(Arrays.copyOf(zip, zip.length / 2)))));
    }

    @Test
    void aMarkerOfMinusOneIsAnInvalidParameter() {
        for (String marker : List.of("-1", "LTE")) {
            InvalidParameterValueException e = assertThrows(InvalidParameterValueException.class,
                    () -> lambda.listFunctions(r -> r.marker(marker)));
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void environmentVariablesOfTheWrongTypeAreRefusedAndTheEnvironmentKept() throws Exception {
        create("env", LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1));
        for (String body : List.of("{\"Environment\": {\"Variables\": \"x\"}}", "{\"Environment\": \"x\"}",
                "{\"Environment\": {\"Variables\": {\"STAGE\": {\"nested\": 1}}}}")) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(cloud.endpoint() + "/2015-03-31/functions/env/configuration"))
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, "
                            + "SignedHeaders=host, Signature=0")
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, answer.statusCode(), body + " -> " + answer.body());
            assertEquals("InvalidParameterValueException", answer.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            JsonNode error = JSON.readTree(answer.body());
            assertEquals("User", error.get("Type").asText(), answer.body());
            assertEquals(Map.of("STAGE", "dev"), lambda.getFunctionConfiguration(r -> r.functionName("env"))
                    .environment().variables(), "the environment after " + body);
        }
    }

    @Test
    void anUnimplementedOperationIsANotRetriedClientError() {
        long started = System.nanoTime();
        LambdaException e = assertThrows(LambdaException.class,
                () -> lambda.deleteFunctionCodeSigningConfig(r -> r.functionName("any")));
        assertEquals(400, e.statusCode());
        assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
        // Named as Lambda's service model names the operation its method and path reach (issue 13 §5).
        assertEquals("lamb's local cloud does not implement Lambda DeleteFunctionCodeSigningConfig yet",
                e.awsErrorDetails().errorMessage());
        assertEquals(1, e.numAttempts(), "the SDK's default retries leave a 4xx alone");
        assertEquals(0, Duration.ofNanos(System.nanoTime() - started).toSeconds(), "answered at once, not after retries");
    }
}
