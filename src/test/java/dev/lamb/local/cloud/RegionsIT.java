package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.apigateway.ApiGatewayService;
import dev.lamb.local.cloud.lambda.LambdaFixtures;
import dev.lamb.local.cloud.lambda.LambdaService;
import dev.lamb.local.cloud.logs.LogsService;
import dev.lamb.local.runtime.LocalEngine;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.ClientScripts;
import dev.lamb.testing.Moto;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.xray.XRayClient;

/**
 * Issue 14 §1: regions are separate clouds. Lambda, API Gateway, CloudWatch Logs and X-Ray keep each region's state
 * apart (and persist it apart); IAM is global. Driven through boto3 (src/test/resources/boto3/regions.py, run against
 * moto's server too), the AWS CLI v2 and the Java SDK. Expected values: the Lambda API reference (GetFunction of a
 * function the region does not hold answers 404 ResourceNotFoundException; ARNs name their region), the API Gateway
 * and CloudWatch Logs references likewise.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegionsIT {
    private static final Path SCRIPTS = Path.of("src/test/resources/boto3").toAbsolutePath();
    private static final String EAST = "us-east-1";
    private static final String WEST = "us-west-2";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String ROLE = "arn:aws:iam::000000000000:role/regions";
    private static final String HANDLER = "import os\ndef handler(event, context):\n"
            + "    return {'statusCode': 200, 'body': os.environ['AWS_REGION']}\n";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE = String.format("1-%08x-%s", System.currentTimeMillis() / 1000, "0123456789abcdef01234567");

    @TempDir
    Path dir;

    @BeforeAll
    static void python() {
        RequiredTools.require("python3");
    }

    private static LocalCloud start(Path data) {
        return LocalCloud.start(0, LocalCloudServices.create(data, notice -> {}));
    }

    @Test
    void boto3SeesEachRegionAsACloudOfItsOwn() {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        try (LocalCloud cloud = start(dir.resolve("data"))) {
            ClientScripts.assertOk("regions", dir, Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                    List.of(python.toString(), SCRIPTS.resolve("regions.py").toString(), cloud.endpoint()));
        }
    }

    /**
     * moto keeps its state per region too: the same script passes against its server, but for one departure from the
     * reference, which the local cloud follows: moto answers a GetFunction by another region's ARN with this region's
     * namesake, where Lambda answers 404 "Functions from 'us-west-2' are not reachable in this region ('us-east-1')".
     */
    @Test
    void motoDepartsFromTheReferenceOnlyWhereKnown() {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        try (Moto moto = Moto.start()) {
            Processes.Result run = Processes.run(dir, Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                    "PYTHONDONTWRITEBYTECODE", "1"), 90, List.of(python.toString(), SCRIPTS.resolve("regions.py").toString(),
                    moto.endpoint().toString(), Moto.ACCOUNT, "moto"));
            assertEquals(List.of("moto differs: GetFunction in us-east-1 by a us-west-2 ARN: reference ('ResourceNotFoundException', 404), "
                    + "moto 'succeeded'", "ok regions"), run.output().lines().toList(), run.output());
        }
    }

    @Test
    void awsCliSeesEachRegionAsACloudOfItsOwn() throws IOException {
        Path zip = Files.write(dir.resolve("fn.zip"), LambdaFixtures.pythonZip(HANDLER));
        try (LocalCloud cloud = start(dir.resolve("data"))) {
            String endpoint = cloud.endpoint();
            AwsCli.json(dir, endpoint, "iam", "create-role", "--role-name", "regions", "--assume-role-policy-document", TRUST);
            for (String region : List.of(EAST, WEST)) {
                JsonNode made = AwsCli.json(dir, endpoint, "--region", region, "lambda", "create-function", "--function-name", "twin",
                        "--runtime", "python3.12", "--role", ROLE, "--handler", "handler.handler", "--zip-file", "fileb://" + zip);
                assertEquals("arn:aws:lambda:" + region + ":000000000000:function:twin", made.get("FunctionArn").asText());
            }
            for (String region : List.of(EAST, WEST)) {
                assertEquals(List.of("arn:aws:lambda:" + region + ":000000000000:function:twin"),
                        AwsCli.json(dir, endpoint, "--region", region, "lambda", "list-functions").get("Functions").findValuesAsText("FunctionArn"));
            }
            Processes.Result missing = AwsCli.run(dir, endpoint, "--region", "eu-west-1", "lambda", "get-function", "--function-name", "twin");
            assertEquals(254, missing.exitCode(), missing.output());
            assertTrue(missing.output().contains("ResourceNotFoundException")
                    && missing.output().contains("arn:aws:lambda:eu-west-1:000000000000:function:twin"), missing.output());

            AwsCli.json(dir, endpoint, "--region", WEST, "logs", "create-log-group", "--log-group-name", "/regions/cli");
            assertEquals(0, AwsCli.json(dir, endpoint, "--region", EAST, "logs", "describe-log-groups").get("logGroups").size());
            Processes.Result invalid = AwsCli.run(dir, endpoint, "--region", "local", "lambda", "list-functions");
            assertTrue(invalid.output().contains("Credential should be scoped to a valid region"), invalid.output());
        }
    }

    @Test
    void eachRegionKeepsItsOwnStateAcrossARestartAndStatusCountsThemAll() {
        Path data = dir.resolve("data");
        try (LocalCloud cloud = start(data); Clients east = new Clients(cloud, EAST); Clients west = new Clients(cloud, WEST)) {
            east.iam.createRole(r -> r.roleName("regions").assumeRolePolicyDocument(TRUST));
            east.create("twin");
            west.create("twin");
            west.create("west-only");
            west.logs.createLogGroup(r -> r.logGroupName("/regions/kept"));
            west.apis.createRestApi(r -> r.name("west-api"));
            west.xray.putTraceSegments(r -> r.traceSegmentDocuments(segment(TRACE)));
            // Destination records stay in their region: us-east-1's twin is not us-west-2's (the local cloud's choice, which
            // the API reference leaves open: it refuses the destination rather than deliver to the namesake).
            west.lambda.putFunctionEventInvokeConfig(r -> r.functionName("west-only").destinationConfig(d -> d.onSuccess(
                    o -> o.destination("arn:aws:lambda:us-west-2:000000000000:function:twin"))));
            assertThrows(InvalidParameterValueException.class, () -> west.lambda.putFunctionEventInvokeConfig(r -> r.functionName("west-only")
                    .destinationConfig(d -> d.onSuccess(o -> o.destination("arn:aws:lambda:us-east-1:000000000000:function:twin")))));
            assertEquals(3, health(cloud).get("functions").asInt(), "functions of every region, added up");
            assertEquals(1, health(cloud).get("apis").asInt());
        }
        assertTrue(Files.isRegularFile(data.resolve("lambda/functions/twin.json")), "us-east-1 keeps the layout of before regions");
        assertTrue(Files.isRegularFile(data.resolve("regions/us-west-2/lambda/functions/west-only.json")));
        try (LocalCloud cloud = start(data); Clients east = new Clients(cloud, EAST); Clients west = new Clients(cloud, WEST)) {
            assertEquals(3, health(cloud).get("functions").asInt(), "us-west-2's functions are counted before any request names it");
            assertEquals(List.of("twin"), east.functionNames());
            assertEquals(List.of("twin", "west-only"), west.functionNames());
            URI code = URI.create(west.lambda.getFunction(r -> r.functionName("west-only")).code().location());
            assertEquals(200, status(get(cloud, code.getAuthority(), code.getPath())), "us-west-2's code downloads from Code.Location");
            assertEquals(List.of("/regions/kept"), west.logs.describeLogGroups().logGroups().stream().map(LogGroup::logGroupName).toList());
            assertEquals(List.of(), east.logs.describeLogGroups().logGroups());
            assertEquals(List.of("west-api"), west.apis.getRestApis().items().stream().map(a -> a.name()).toList());
            assertEquals(List.of(), east.apis.getRestApis().items());
            assertThrows(ResourceNotFoundException.class, () -> east.lambda.getFunction(r -> r.functionName("west-only")));
            assertEquals(1, west.xray.batchGetTraces(r -> r.traceIds(TRACE)).traces().size());
            assertEquals(0, east.xray.batchGetTraces(r -> r.traceIds(TRACE)).traces().size());
            ResourceNotFoundException byArn = assertThrows(ResourceNotFoundException.class,
                    () -> east.lambda.getFunction(r -> r.functionName("arn:aws:lambda:us-west-2:000000000000:function:twin")));
            assertEquals("Functions from 'us-west-2' are not reachable in this region ('us-east-1')", byArn.awsErrorDetails().errorMessage());
        }
    }

    /** A data folder written before the cloud had regions (its layout is us-east-1's today) loads as us-east-1. */
    @Test
    void aDataFolderFromBeforeRegionsLoadsAsUsEast1() {
        Path data = dir.resolve("data");
        // What the cloud kept before regions: one Lambda, Logs and API Gateway over the data folder itself.
        try (LocalEngine engine = new LocalEngine(notice -> {})) {
            LambdaService lambda = new LambdaService(data, engine, arn -> true, Duration.ZERO);
            try (LocalCloud old = LocalCloud.start(0, List.of(lambda, new LogsService(data), new ApiGatewayService(data, lambda)));
                    Clients east = new Clients(old, EAST)) {
                east.create("before");
                east.logs.createLogGroup(r -> r.logGroupName("/before/regions"));
                east.apis.createRestApi(r -> r.name("before-api"));
            }
        }
        try (LocalCloud cloud = start(data); Clients east = new Clients(cloud, EAST); Clients west = new Clients(cloud, WEST)) {
            assertEquals(List.of("before"), east.functionNames());
            assertEquals("arn:aws:lambda:us-east-1:000000000000:function:before",
                    east.lambda.getFunction(r -> r.functionName("before")).configuration().functionArn());
            assertEquals(List.of("/before/regions"), east.logs.describeLogGroups().logGroups().stream().map(LogGroup::logGroupName).toList());
            assertEquals(List.of("before-api"), east.apis.getRestApis().items().stream().map(a -> a.name()).toList());
            assertEquals(List.of(), west.functionNames());
            assertEquals(List.of(), west.apis.getRestApis().items());
        }
    }

    /**
     * Review item 6: regions are the ones AWS has (botocore's endpoints.json, the ISO partitions included), and one is kept
     * from its first write only: an unsigned data-plane request naming a region, and reads signed for an unused one (the
     * Java SDK and the AWS CLI v2), leave no folder behind and change no count. GetFunction of a function the region does
     * not hold answers 404 ResourceNotFoundException (Lambda API reference).
     */
    @Test
    void readingARegionNobodyWroteLeavesNoFolder() throws IOException {
        RequiredTools.require(AwsCli.PATH);
        Path data = dir.resolve("data");
        try (LocalCloud cloud = start(data); Clients south = new Clients(cloud, "ap-south-1");
                Clients iso = new Clients(cloud, "us-iso-east-1")) {
            JsonNode before = health(cloud);
            assertEquals(404, status(get(cloud, "x.lambda-url.eu-west-3.localhost:" + cloud.port(), "/")));
            assertEquals(404, status(get(cloud, "x.lambda-url.zz-qqqqqq-1.localhost:" + cloud.port(), "/")));
            assertEquals(404, status(get(cloud, "127.0.0.1:" + cloud.port(), DataPlane.CODE_PATH + "eu-west-3/0a.zip")));
            assertEquals(List.of(), south.functionNames());
            assertThrows(ResourceNotFoundException.class, () -> south.lambda.getFunction(r -> r.functionName("none")));
            assertEquals(0, AwsCli.json(dir, cloud.endpoint(), "--region", "ca-west-1", "lambda", "list-functions").get("Functions").size());
            assertEquals(List.of(), iso.functionNames(), "us-iso-east-1 is a region AWS has");
            assertEquals(before.get("functions"), health(cloud).get("functions"));
            assertEquals(before.get("apis"), health(cloud).get("apis"));
            assertTrue(Files.notExists(data.resolve(Regions.FOLDER)), "no region folder: " + listing(data));

            iso.iam.createRole(r -> r.roleName("regions").assumeRolePolicyDocument(TRUST));
            iso.create("iso-fn");
            assertTrue(Files.isRegularFile(data.resolve("regions/us-iso-east-1/lambda/functions/iso-fn.json")), "kept from its first write");
        }
        try (LocalCloud cloud = start(data); Clients iso = new Clients(cloud, "us-iso-east-1")) {
            assertEquals(List.of("iso-fn"), iso.functionNames());
        }
    }

    private static List<String> listing(Path data) throws IOException {
        try (var tree = Files.walk(data)) {
            return tree.map(p -> data.relativize(p).toString()).toList();
        }
    }

    /**
     * Function URLs answer on their region's host only; execute-api finds an API in whichever region holds it; an
     * integration invokes the function in the region its ARN names, whose logs go to that region's CloudWatch Logs.
     */
    @Test
    void dataPlanesReachTheRegionTheirResourcesLiveIn() {
        try (LocalCloud cloud = start(dir.resolve("data")); Clients west = new Clients(cloud, WEST);
                Clients europe = new Clients(cloud, "eu-west-1"); Clients east = new Clients(cloud, EAST)) {
            east.iam.createRole(r -> r.roleName("regions").assumeRolePolicyDocument(TRUST));
            west.create("served");
            west.lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("served"));
            String url = west.lambda.createFunctionUrlConfig(r -> r.functionName("served").authType(FunctionUrlAuthType.NONE)).functionUrl();
            west.lambda.addPermission(r -> r.functionName("served").statementId("url").action("lambda:InvokeFunctionUrl")
                    .principal("*").functionUrlAuthType(FunctionUrlAuthType.NONE));
            west.lambda.addPermission(r -> r.functionName("served").statementId("url-invoke").action("lambda:InvokeFunction")
                    .principal("*").invokedViaFunctionUrl(true));
            String host = URI.create(url).getAuthority();
            assertTrue(host.endsWith(".lambda-url.us-west-2.localhost:" + cloud.port()), url);
            assertEquals("200 us-west-2", get(cloud, host, "/"));
            assertEquals(404, status(get(cloud, host.replace(WEST, EAST), "/")), "the URL is us-west-2's");

            String api = europe.apis.createRestApi(r -> r.name("europe-to-west")).id();
            String root = europe.apis.getResources(r -> r.restApiId(api)).items().get(0).id();
            europe.apis.putMethod(r -> r.restApiId(api).resourceId(root).httpMethod("GET").authorizationType("NONE"));
            String function = "arn:aws:lambda:us-west-2:000000000000:function:served";
            europe.apis.putIntegration(r -> r.restApiId(api).resourceId(root).httpMethod("GET").type(IntegrationType.AWS_PROXY)
                    .integrationHttpMethod("POST").uri("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + function
                            + "/invocations"));
            west.lambda.addPermission(r -> r.functionName(function).statementId("api").action("lambda:InvokeFunction")
                    .principal("apigateway.amazonaws.com"));
            europe.apis.createDeployment(r -> r.restApiId(api).stageName("dev"));
            // Unsigned, by path or by a host with no region or another: the API is found in eu-west-1, which holds it.
            assertEquals("200 us-west-2", get(cloud, "127.0.0.1:" + cloud.port(), "/restapis/" + api + "/dev/_user_request_/"));
            assertEquals("200 us-west-2", get(cloud, api + ".execute-api.localhost:" + cloud.port(), "/dev/"));
            assertEquals("200 us-west-2", get(cloud, api + ".execute-api.us-east-1.localhost:" + cloud.port(), "/dev/"));

            assertEquals(List.of("/aws/lambda/served"),
                    west.logs.describeLogGroups().logGroups().stream().map(LogGroup::logGroupName).toList());
            assertEquals(List.of(), east.logs.describeLogGroups().logGroups());
        }
    }

    private static JsonNode health(LocalCloud cloud) {
        String answer = get(cloud, "127.0.0.1:" + cloud.port(), LocalCloud.HEALTH_PATH + "?" + LocalCloud.STATUS_QUERY);
        try {
            return JSON.readTree(answer.substring(answer.indexOf(' ') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A trace segment (X-Ray's segment document format: name, id, trace_id, start and end times) that ended a second ago. */
    private static String segment(String traceId) {
        double now = System.currentTimeMillis() / 1000.0;
        return JSON.createObjectNode().put("name", "regions").put("id", "0123456789abcdef").put("trace_id", traceId)
                .put("start_time", now - 2).put("end_time", now - 1).toString();
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(0, answer.indexOf(' ')));
    }

    /** "STATUS BODY" of an unsigned GET with the given Host, sent as a browser on this machine sends it. */
    private static String get(LocalCloud cloud, String host, String path) {
        try (Socket socket = new Socket("127.0.0.1", cloud.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String status = raw.substring(raw.indexOf(' ') + 1, raw.indexOf(' ') + 4);
            String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
            return status + " " + body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Java SDK's clients of one region. */
    private static final class Clients implements AutoCloseable {
        final IamClient iam;
        final LambdaClient lambda;
        final CloudWatchLogsClient logs;
        final ApiGatewayClient apis;
        final XRayClient xray;

        Clients(LocalCloud cloud, String region) {
            URI endpoint = URI.create(cloud.endpoint());
            var keys = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL).credentialsProvider(keys)
                    .httpClient(Apache5HttpClient.builder().build()).build();
            lambda = LambdaClient.builder().endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(keys)
                    .httpClient(Apache5HttpClient.builder().build()).build();
            logs = CloudWatchLogsClient.builder().endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(keys)
                    .httpClient(Apache5HttpClient.builder().build()).build();
            apis = ApiGatewayClient.builder().endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(keys)
                    .httpClient(Apache5HttpClient.builder().build()).build();
            xray = XRayClient.builder().endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(keys)
                    .httpClient(Apache5HttpClient.builder().build()).build();
        }

        void create(String name) {
            lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).handler("handler.handler").role(ROLE)
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixtures.pythonZip(HANDLER)))));
        }

        List<String> functionNames() {
            return lambda.listFunctions().functions().stream().map(FunctionConfiguration::functionName).sorted().toList();
        }

        @Override
        public void close() {
            iam.close();
            lambda.close();
            logs.close();
            apis.close();
            xray.close();
        }
    }
}
