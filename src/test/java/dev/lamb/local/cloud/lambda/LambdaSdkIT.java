package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;

/** The Lambda service through the AWS SDK for Java v2, waiters included, on the real engine. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LambdaSdkIT {
    static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";

    static final BlockingQueue<LambdaInvocation> invocations = new LinkedBlockingQueue<>();
    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> {
        LambdaService service = new LambdaService(data, engine.get(), Set.of(ROLE)::contains, Duration.ofMillis(200));
        service.onInvocation(invocations::add);
        return List.of(service);
    });
    static LambdaClient lambda;

    @BeforeAll
    static void start() {
        RequiredTools.require("python3");
        lambda = LambdaClient.builder()
                .endpointOverride(URI.create(cloud.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().socketTimeout(Duration.ofMinutes(2)).build())
                .build();
    }

    @AfterAll
    static void stop() {
        if (lambda != null) {
            lambda.close();
        }
    }

    private static CreateFunctionResponse create(String name, byte[] zip) {
        return lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).handler("handler.greet")
                .role(ROLE).code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    @Test
    void createsWaitsUpdatesPublishesAndInvokes() throws Exception {
        byte[] zip = LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1);
        CreateFunctionResponse created = lambda.createFunction(r -> r.functionName("sdk-greet")
                .runtime(Runtime.PYTHON3_12).handler("handler.greet").role(ROLE).memorySize(256).timeout(10)
                .environment(e -> e.variables(Map.of("GREETING", "hi")))
                .tags(Map.of("team", "lamb"))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
        assertEquals(State.PENDING, created.state());
        assertEquals("Creating", created.stateReasonCodeAsString());
        assertNull(created.lastUpdateStatus());
        assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip)), created.codeSha256());
        assertEquals(zip.length, created.codeSize());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:sdk-greet", created.functionArn());
        assertEquals("$LATEST", created.version());
        assertTrue(created.lastModified().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000"), created.lastModified());

        var active = lambda.waiter().waitUntilFunctionActiveV2(GetFunctionRequest.builder().functionName("sdk-greet").build());
        var got = active.matched().response().orElseThrow();
        assertEquals(State.ACTIVE, got.configuration().state());
        assertEquals(LastUpdateStatus.SUCCESSFUL, got.configuration().lastUpdateStatus());
        assertEquals(Map.of("team", "lamb"), got.tags());
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(got.code().location())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(zip, download.body(), "Code.Location serves the uploaded zip");

        InvokeResponse first = lambda.invoke(r -> r.functionName("sdk-greet").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"name\":\"Ada\"}")));
        assertEquals(200, first.statusCode());
        assertEquals("{\"greeting\": \"Hello, Ada!\"}", first.payload().asUtf8String());
        assertEquals("$LATEST", first.executedVersion());
        String log = new String(Base64.getDecoder().decode(first.logResult()), StandardCharsets.UTF_8);
        assertTrue(log.contains("greeting Ada") && log.contains("REPORT RequestId:"), log);
        assertTrue(log.contains("Memory Size: 256 MB"), log);

        var updated = lambda.updateFunctionConfiguration(r -> r.functionName("sdk-greet").memorySize(512));
        assertEquals(LastUpdateStatus.IN_PROGRESS, updated.lastUpdateStatus());
        ResourceConflictException conflict = assertThrows(ResourceConflictException.class,
                () -> lambda.updateFunctionCode(r -> r.functionName("sdk-greet")
                        .zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V2)))));
        assertEquals(409, conflict.statusCode());
        assertTrue(conflict.getMessage().startsWith("The operation cannot be performed at this time. An update is in "
                + "progress for resource: arn:aws:lambda:us-east-1:000000000000:function:sdk-greet"), conflict.getMessage());
        lambda.waiter().waitUntilFunctionUpdatedV2(GetFunctionRequest.builder().functionName("sdk-greet").build());

        var v1 = lambda.publishVersion(r -> r.functionName("sdk-greet"));
        assertEquals("1", v1.version());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:sdk-greet:1", v1.functionArn());
        assertEquals("1", lambda.publishVersion(r -> r.functionName("sdk-greet")).version(), "nothing changed: same version");

        lambda.updateFunctionCode(r -> r.functionName("sdk-greet")
                .zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V2))));
        lambda.waiter().waitUntilFunctionUpdatedV2(GetFunctionRequest.builder().functionName("sdk-greet").build());
        assertEquals("2", lambda.publishVersion(r -> r.functionName("sdk-greet")).version());
        assertEquals(3, lambda.listVersionsByFunction(r -> r.functionName("sdk-greet")).versions().size());

        lambda.createAlias(r -> r.functionName("sdk-greet").name("live").functionVersion("1"));
        assertThrows(ResourceConflictException.class,
                () -> lambda.createAlias(r -> r.functionName("sdk-greet").name("live").functionVersion("1")));
        InvokeResponse viaAlias = lambda.invoke(r -> r.functionName("sdk-greet").qualifier("live")
                .payload(SdkBytes.fromUtf8String("{\"name\":\"Bob\"}")));
        assertEquals("1", viaAlias.executedVersion());
        assertEquals("{\"greeting\": \"Hello, Bob!\"}", viaAlias.payload().asUtf8String());
        InvokeResponse latest = lambda.invoke(r -> r.functionName("arn:aws:lambda:us-east-1:000000000000:function:sdk-greet")
                .payload(SdkBytes.fromUtf8String("{\"name\":\"Bob\"}")));
        assertEquals("{\"greeting\": \"Hi, Bob!\"}", latest.payload().asUtf8String());
        assertEquals(512, lambda.getFunctionConfiguration(r -> r.functionName("sdk-greet:live")).memorySize());

        var alias = lambda.updateAlias(r -> r.functionName("sdk-greet").name("live").functionVersion("2"));
        assertEquals("2", alias.functionVersion());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:sdk-greet:live", lambda.getAlias(
                r -> r.functionName("sdk-greet").name("live")).aliasArn());
        assertThrows(ResourceConflictException.class, () -> lambda.deleteFunction(r -> r.functionName("sdk-greet").qualifier("2")));
        lambda.deleteAlias(r -> r.functionName("sdk-greet").name("live"));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getAlias(r -> r.functionName("sdk-greet").name("live")));
        lambda.deleteFunction(r -> r.functionName("sdk-greet").qualifier("1"));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getFunction(r -> r.functionName("sdk-greet").qualifier("1")));

        invocations.clear();
        assertEquals(202, lambda.invoke(r -> r.functionName("sdk-greet").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"name\":\"Eve\"}"))).statusCode());
        LambdaInvocation event = invocations.poll(30, TimeUnit.SECONDS);
        assertNotNull(event, "the event ran in the background");
        assertEquals("{\"greeting\": \"Hi, Eve!\"}", event.result().payloadText());
        assertEquals(204, lambda.invoke(r -> r.functionName("sdk-greet").invocationType(InvocationType.DRY_RUN)).statusCode());

        lambda.deleteFunction(r -> r.functionName("sdk-greet"));
        ResourceNotFoundException gone = assertThrows(ResourceNotFoundException.class,
                () -> lambda.getFunction(r -> r.functionName("sdk-greet")));
        assertEquals("Function not found: arn:aws:lambda:us-east-1:000000000000:function:sdk-greet",
                gone.awsErrorDetails().errorMessage());
    }

    @Test
    void refusesWhatLambdaRefuses() {
        byte[] zip = LambdaFixtures.pythonZip(LambdaFixtures.HANDLER_V1);
        InvalidParameterValueException role = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createFunction(r -> r.functionName("sdk-norole").runtime(Runtime.PYTHON3_12)
                        .handler("handler.greet").role("arn:aws:iam::000000000000:role/missing")
                        .code(c -> c.zipFile(SdkBytes.fromByteArray(zip)))));
        assertEquals("The role defined for the function cannot be assumed by Lambda.", role.awsErrorDetails().errorMessage());
        // Lambda answers ValidationException for model constraints; the SDK has no class of that name.
        LambdaException memory = assertThrows(LambdaException.class,
                () -> lambda.createFunction(r -> r.functionName("sdk-bigmem").runtime(Runtime.PYTHON3_12)
                        .handler("handler.greet").role(ROLE).memorySize(20000).code(c -> c.zipFile(SdkBytes.fromByteArray(zip)))));
        assertEquals("ValidationException", memory.awsErrorDetails().errorCode());
        assertTrue(memory.getMessage().contains("'memorySize'"), memory.getMessage());
        assertThrows(LambdaException.class,
                () -> lambda.createFunction(r -> r.functionName("sdk-timeout").runtime(Runtime.PYTHON3_12)
                        .handler("handler.greet").role(ROLE).timeout(1200).code(c -> c.zipFile(SdkBytes.fromByteArray(zip)))));
        create("sdk-dup", zip);
        assertThrows(ResourceConflictException.class, () -> create("sdk-dup", zip));
        lambda.waiter().waitUntilFunctionActiveV2(GetFunctionRequest.builder().functionName("sdk-dup").build());
        assertThrows(PreconditionFailedException.class, () -> lambda.updateFunctionConfiguration(
                r -> r.functionName("sdk-dup").revisionId("stale").timeout(5)));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getPolicy(r -> r.functionName("sdk-dup")));
    }

    @Test
    void refusesZipSlipAndZipBombs() {
        InvalidParameterValueException slip = assertThrows(InvalidParameterValueException.class,
                () -> create("sdk-slip", LambdaFixtures.zip(Map.of("../../escape.py", "x = 1"))));
        assertTrue(slip.getMessage().contains("outside"), slip.getMessage());
        InvalidParameterValueException bomb = assertThrows(InvalidParameterValueException.class,
                () -> create("sdk-bomb", LambdaFixtures.bomb(CodeUnpacker.MAX_UNZIPPED + 1_000_000)));
        assertEquals("Unzipped size must be smaller than 262144000 bytes", bomb.awsErrorDetails().errorMessage());
        assertThrows(ResourceNotFoundException.class, () -> lambda.getFunction(r -> r.functionName("sdk-bomb")));
        LambdaException big = assertThrows(LambdaException.class,
                () -> create("sdk-big", new byte[(int) Functions.MAX_ZIPPED + 1]));
        assertEquals(413, big.statusCode());
        assertEquals("RequestEntityTooLargeException", big.awsErrorDetails().errorCode());
        // A zip past 50 MB is past the request limit in base64: AWS refuses the request so, before reading it.
        assertEquals("Request must be smaller than 69905067 bytes for the CreateFunction operation",
                big.awsErrorDetails().errorMessage());
    }
}
