package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Moto;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.model.EndpointType;
import software.amazon.awssdk.services.apigateway.model.GetIntegrationResponse;
import software.amazon.awssdk.services.apigateway.model.GetMethodResponse;
import software.amazon.awssdk.services.apigateway.model.GetRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.Stage;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * `lamb deploy` against moto's server, an AWS implementation lamb did not write: every resource a deploy
 * makes is read back through the SDK and checked field by field, and redeploys are checked to change
 * exactly what differs. Each test deploys its own function, so one server serves the whole class.
 *
 * <p>moto differs from AWS in ways these tests step around: it returns no LoggingConfig, never changes
 * LastModified on an update, ignores TracingConfig in UpdateFunctionConfiguration, publishes a version after
 * any update, reuses version numbers after deletions (no test here publishes more than 5, so nothing is
 * pruned), ignores the qualifier of GetPolicy and RemovePermission, and has no GetTags or TagResource for
 * REST APIs (tags are read from GetRestApi; adopting a REST API is tested against lamb's local cloud).
 */
class DeployMotoIT {
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = Moto.ACCOUNT;
    private static final List<String> MANAGED_POLICIES = List.of(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess");
    /** The SDK's default chain reads these first: lamb, run in-process, signs with them. */
    private static final List<String> CREDENTIAL_PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> savedProperties = new HashMap<>();
    private static Moto moto;
    private static AwsClients aws;

    @TempDir
    Path projects;

    /**
     * One server for the class, started by the first test rather than in @BeforeAll: a missing moto then
     * shows as skipped tests with the reason, where Surefire would report a skipped @BeforeAll as no tests.
     */
    @BeforeEach
    void startMotoOnce() {
        if (moto != null) {
            return;
        }
        moto = Moto.start();
        for (String property : CREDENTIAL_PROPERTIES) {
            savedProperties.put(property, System.getProperty(property));
            System.setProperty(property, "test");
        }
        aws = new AwsClients(new AwsTarget(null, REGION, moto.endpoint(), true));
    }

    @AfterAll
    static void stopMoto() {
        savedProperties.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
        savedProperties.clear();
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
        aws = null;
        moto = null;
    }

    @Test
    void firstDeployCreatesEveryResourceAsConfigured() throws IOException {
        String name = "moto-first";
        Path dir = init(name);
        String codeSha = packageSha(dir);

        JsonNode result = deployJson(dir);

        assertEquals(name, result.path("function").asText());
        assertEquals("dev", result.path("alias").asText());
        assertEquals("1", result.path("version").asText());
        assertFalse(result.path("dry_run").asBoolean());
        for (String step : List.of("role", "logs", "function", "release", "api", "permission")) {
            assertTrue(changes(result, step).stream().anyMatch(c -> c.startsWith("CREATE ")), step + " created nothing: " + result);
        }

        // Role: Lambda's trust policy for this account only, no managed policy, lamb's tag (issue 17 §1).
        String roleName = "lamb-" + name + "-" + REGION;
        Role role = aws.iam().getRole(r -> r.roleName(roleName)).role();
        assertEquals("arn:aws:iam::" + ACCOUNT + ":role/" + roleName, role.arn());
        JsonNode trust = JSON.readTree(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        assertEquals(1, trust.path("Statement").size(), trust.toString());
        JsonNode trustStatement = trust.path("Statement").get(0);
        assertEquals("Allow", trustStatement.path("Effect").asText());
        assertEquals("lambda.amazonaws.com", trustStatement.path("Principal").path("Service").asText());
        assertEquals("sts:AssumeRole", trustStatement.path("Action").asText());
        assertEquals(ACCOUNT, trustStatement.path("Condition").path("StringEquals").path("aws:SourceAccount").asText());
        assertEquals(List.of(), aws.iam().listAttachedRolePolicies(r -> r.roleName(roleName)).attachedPolicies());
        List<Tag> roleTags = aws.iam().listRoleTags(r -> r.roleName(roleName)).tags();
        assertEquals(List.of(Tag.builder().key("lamb:function").value(name).build()), roleTags);

        // Log group: made with its retention and lamb's tag.
        LogGroup group = logGroup("/aws/lambda/" + name);
        assertEquals(14, group.retentionInDays());
        assertEquals(Map.of("lamb:function", name), aws.logs().listTagsForResource(r -> r.resourceArn(
                group.arn().replaceAll(":\\*$", ""))).tags());

        // Function: lamb.toml's configuration, tracing, tags, the packaged code.
        GetFunctionResponse function = aws.lambda().getFunction(r -> r.functionName(name));
        FunctionConfiguration config = function.configuration();
        assertEquals("arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name, config.functionArn());
        assertEquals("python3.14", config.runtimeAsString());
        assertEquals("handler.handler", config.handler());
        assertEquals(128, config.memorySize());
        assertEquals(10, config.timeout());
        assertEquals(List.of("x86_64"), config.architecturesAsStrings());
        assertEquals("Active", config.tracingConfig().modeAsString());
        assertEquals(Map.of("LOG_LEVEL", "INFO"), config.environment().variables());
        assertEquals(role.arn(), config.role());
        assertEquals(codeSha, config.codeSha256());
        assertEquals(Map.of("lamb:function", name), function.tags());

        // Version 1 holds that code; the stage's alias, dev, points at it.
        assertEquals(List.of("$LATEST", "1"), versions(name));
        assertEquals(codeSha, aws.lambda().getFunction(r -> r.functionName(name).qualifier("1")).configuration().codeSha256());
        GetAliasResponse alias = aws.lambda().getAlias(r -> r.functionName(name).name("dev"));
        assertEquals("1", alias.functionVersion());
        String aliasArn = config.functionArn() + ":dev";
        assertEquals(aliasArn, alias.aliasArn());

        // REST API: REGIONAL, tagged, named after the function.
        String apiId = result.path("api_id").asText();
        GetRestApiResponse api = aws.apiGateway().getRestApi(r -> r.restApiId(apiId));
        assertEquals(name, api.name());
        assertEquals(List.of(EndpointType.REGIONAL), api.endpointConfiguration().types());
        assertEquals(Map.of("lamb:function", name), api.tags());

        // GET /hello, proxied to the alias the stage variable names (API Gateway's ${stageVariables.NAME} in a Lambda URI).
        Resource hello = resource(apiId, "/hello");
        assertEquals("hello", hello.pathPart());
        GetMethodResponse method = aws.apiGateway().getMethod(r -> r.restApiId(apiId).resourceId(hello.id()).httpMethod("GET"));
        assertEquals("GET", method.httpMethod());
        assertEquals("NONE", method.authorizationType());
        GetIntegrationResponse integration = aws.apiGateway().getIntegration(r -> r.restApiId(apiId).resourceId(hello.id()).httpMethod("GET"));
        assertEquals(IntegrationType.AWS_PROXY, integration.type());
        assertEquals("POST", integration.httpMethod());
        assertEquals("arn:aws:apigateway:" + REGION + ":lambda:path/2015-03-31/functions/" + config.functionArn()
                + ":${stageVariables.alias}/invocations",
                integration.uri());

        // One deployment, on stage dev.
        List<String> deployments = deploymentIds(apiId);
        assertEquals(1, deployments.size());
        Stage stage = stage(apiId, "dev");
        assertEquals(deployments.get(0), stage.deploymentId());
        assertEquals(Map.of("alias", "dev"), stage.variables());

        // API Gateway may invoke the alias, from this API's GET /hello on stage dev, and nothing else.
        JsonNode statement = onlyApiGatewayStatement(name);
        assertEquals("Allow", statement.path("Effect").asText());
        assertEquals("lambda:InvokeFunction", statement.path("Action").asText());
        assertEquals(aliasArn, statement.path("Resource").asText());
        assertEquals("arn:aws:execute-api:" + REGION + ":" + ACCOUNT + ":" + apiId + "/dev/GET/hello",
                statement.path("Condition").path("ArnLike").path("AWS:SourceArn").asText());

        assertEquals(List.of(moto.endpoint() + "/restapis/" + apiId + "/dev/_user_request_/hello"), texts(result.path("urls")));
    }

    /**
     * Issue 17 §1, against moto (an IAM lamb did not write, AWS's managed policies loaded): a role as earlier versions of
     * lamb made it (Lambda's trust with no condition, AWSLambdaBasicExecutionRole and AWSXRayDaemonWriteAccess attached)
     * is converged by the next deploy: both detached, lamb-logs put on the function's log group only, lamb-xray put
     * (tracing is on by default), the trust policy given aws:SourceAccount; the deploy after that writes nothing.
     */
    @Test
    void aRoleAnEarlierLambMadeIsConvergedToLeastPrivilege() throws IOException {
        String name = "moto-old-role";
        String roleName = "lamb-" + name + "-" + REGION;
        String oldTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        aws.iam().createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(oldTrust)
                .tags(Tag.builder().key("lamb:function").value(name).build()));
        MANAGED_POLICIES.forEach(arn -> aws.iam().attachRolePolicy(r -> r.roleName(roleName).policyArn(arn)));
        Path dir = init(name);

        JsonNode converged = deployJson(dir);

        assertTrue(changed(converged, "role").containsAll(MANAGED_POLICIES.stream().map(a -> "UPDATE " + roleName + " (detach " + a + ")")
                .toList()), converged.toString());
        assertEquals(List.of(), aws.iam().listAttachedRolePolicies(r -> r.roleName(roleName)).attachedPolicies());
        assertEquals(List.of("lamb-logs", "lamb-xray"), aws.iam().listRolePolicies(r -> r.roleName(roleName)).policyNames());
        JsonNode logs = JSON.readTree(URLDecoder.decode(aws.iam().getRolePolicy(r -> r.roleName(roleName).policyName("lamb-logs"))
                .policyDocument(), StandardCharsets.UTF_8)).path("Statement").get(0);
        String group = "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:/aws/lambda/" + name;
        assertEquals(List.of(group, group + ":*"), texts(logs.path("Resource")));
        JsonNode trust = JSON.readTree(URLDecoder.decode(aws.iam().getRole(r -> r.roleName(roleName)).role()
                .assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        assertEquals(ACCOUNT, trust.path("Statement").get(0).path("Condition").path("StringEquals").path("aws:SourceAccount").asText());

        JsonNode again = deployJson(dir);
        assertEquals(List.of(), changed(again, "role"), again.toString());
    }

    @Test
    void secondDeployWithNoChangeOnlyReads() {
        String name = "moto-noop";
        Path dir = init(name);
        JsonNode first = deployJson(dir);
        String apiId = first.path("api_id").asText();
        String lastModified = latest(name).lastModified();
        List<String> deployments = deploymentIds(apiId);

        JsonNode second = deployJson(dir);

        assertEquals(0, second.path("write_calls").asInt(), second.toString());
        assertTrue(second.path("read_calls").asInt() > 0, second.toString());
        assertEquals(List.of(), changed(second));
        assertEquals("1", second.path("version").asText());
        assertEquals(apiId, second.path("api_id").asText());
        assertEquals(List.of("$LATEST", "1"), versions(name));
        assertEquals(deployments, deploymentIds(apiId));
        assertEquals(lastModified, latest(name).lastModified());
        assertEquals("1", aliasVersion(name));

        Lamb.Run text = deploy(dir);
        assertEquals(0, text.exitCode(), text.err());
        String url = moto.endpoint() + "/restapis/" + apiId + "/dev/_user_request_/hello";
        // Issue 11 §10: the URL carries the query of the template's events/hello.json, the request that succeeds.
        assertEquals(name + " is up to date (dev -> version 1)\n" + url + "?name=World\n", text.out());
        assertEquals(List.of("$LATEST", "1"), versions(name));
        assertEquals(deployments, deploymentIds(apiId));
    }

    @Test
    void configChangeUpdatesOnlyTheConfigurationAndMovesTheAlias() throws IOException {
        String name = "moto-config";
        Path dir = init(name);
        JsonNode first = deployJson(dir);
        String apiId = first.path("api_id").asText();
        String codeSha = latest(name).codeSha256();
        List<String> deployments = deploymentIds(apiId);
        setMemory(dir, 256);

        JsonNode second = deployJson(dir);

        assertEquals(List.of("UPDATE " + name + " configuration (memory 128 -> 256)"), changes(second, "function").stream()
                .filter(c -> !c.startsWith("UNCHANGED")).toList());
        // Issue 11 §10: a published version is named by its number.
        assertEquals(List.of("CREATE version 2 of " + name, "UPDATE alias dev (version 1 -> 2)"), changed(second, "release"));
        for (String step : List.of("role", "logs", "api", "permission")) {
            assertEquals(List.of(), changed(second, step), step);
        }
        assertEquals("2", second.path("version").asText());
        assertEquals(256, latest(name).memorySize());
        assertEquals(codeSha, latest(name).codeSha256());
        assertEquals(List.of("$LATEST", "1", "2"), versions(name));
        assertEquals(128, version(name, "1").memorySize());
        assertEquals(256, version(name, "2").memorySize());
        assertEquals(codeSha, version(name, "2").codeSha256());
        assertEquals("2", aliasVersion(name));
        // The integration calls the alias, not a version: moving the alias needs no new API deployment.
        assertEquals(deployments, deploymentIds(apiId));
    }

    @Test
    void codeChangeUpdatesTheCodePublishesAVersionAndMovesTheAlias() throws IOException {
        String name = "moto-code";
        Path dir = init(name);
        deployJson(dir);
        String firstSha = latest(name).codeSha256();
        editHandler(dir);
        String newSha = packageSha(dir);
        assertNotEquals(firstSha, newSha);

        JsonNode second = deployJson(dir);

        List<String> function = changed(second, "function");
        assertEquals(1, function.size(), function.toString());
        assertTrue(function.get(0).startsWith("UPDATE " + name + " code (code "), function.toString());
        // Issue 11 §10: a published version is named by its number.
        assertEquals(List.of("CREATE version 2 of " + name, "UPDATE alias dev (version 1 -> 2)"), changed(second, "release"));
        assertEquals("2", second.path("version").asText());
        assertEquals(List.of("$LATEST", "1", "2"), versions(name));
        assertEquals(newSha, version(name, "2").codeSha256());
        assertEquals(firstSha, version(name, "1").codeSha256());
        assertEquals(newSha, latest(name).codeSha256());
        assertEquals(128, latest(name).memorySize());
        assertEquals("2", aliasVersion(name));
    }

    @Test
    void dryRunOnAChangedProjectListsTheChangesAndMakesNone() throws IOException {
        String name = "moto-dry";
        Path dir = init(name);
        deployJson(dir);
        FunctionConfiguration before = latest(name);
        setMemory(dir, 512);
        editHandler(dir);

        JsonNode plan = deployJson(dir, "--dry-run");

        assertTrue(plan.path("dry_run").asBoolean());
        assertEquals(0, plan.path("write_calls").asInt(), plan.toString());
        List<String> function = changed(plan, "function");
        assertEquals(2, function.size(), function.toString());
        assertEquals("UPDATE " + name + " configuration (memory 128 -> 512)", function.get(0));
        assertTrue(function.get(1).startsWith("UPDATE " + name + " code (code "), function.toString());
        assertEquals("CREATE version of " + name, changed(plan, "release").get(0));
        assertTrue(changed(plan, "release").get(1).startsWith("UPDATE alias dev (version 1 -> "), plan.toString());

        FunctionConfiguration after = latest(name);
        assertEquals(before.memorySize(), after.memorySize());
        assertEquals(before.codeSha256(), after.codeSha256());
        assertEquals(before.lastModified(), after.lastModified());
        assertEquals(List.of("$LATEST", "1"), versions(name));
        assertEquals("1", aliasVersion(name));

        Lamb.Run text = deploy(dir, "--dry-run");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().startsWith("plan for " + name + " in " + REGION + " (nothing was changed):\n"), text.out());
        assertTrue(text.out().contains("  would update " + name + " configuration (memory 128 -> 512)\n"), text.out());
        assertTrue(text.out().contains("  would update " + name + " code (code "), text.out());
        assertEquals(List.of("$LATEST", "1"), versions(name));
    }

    @Test
    void dryRunOfANewProjectPlansEveryResourceAndCreatesNone() {
        String name = "moto-dry-new";
        Path dir = init(name);

        JsonNode plan = deployJson(dir, "--dry-run");

        assertEquals(0, plan.path("write_calls").asInt(), plan.toString());
        for (String step : List.of("role", "logs", "function", "release", "api", "permission")) {
            assertTrue(changes(plan, step).stream().anyMatch(c -> c.startsWith("CREATE ")), step + " plans nothing: " + plan);
        }
        assertThrows(NoSuchEntityException.class, () -> aws.iam().getRole(r -> r.roleName("lamb-" + name + "-" + REGION)));
        assertThrows(ResourceNotFoundException.class, () -> aws.lambda().getFunction(r -> r.functionName(name)));
        assertTrue(aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/" + name)).logGroups().isEmpty());
        assertTrue(aws.apiGateway().getRestApis().items().stream().noneMatch(a -> a.name().equals(name)));
    }

    @Test
    void callsOfAFirstANoOpAndACodeOnlyDeploy() throws IOException {
        String name = "moto-calls";
        Path dir = init(name);
        JsonNode first = deployJson(dir);
        JsonNode noOp = deployJson(dir);
        editHandler(dir);
        JsonNode codeOnly = deployJson(dir);

        System.out.printf("lamb deploy calls on moto: first %d reads + %d writes; no-op %d reads + %d writes; "
                + "code-only %d reads + %d writes%n", first.path("read_calls").asInt(), first.path("write_calls").asInt(),
                noOp.path("read_calls").asInt(), noOp.path("write_calls").asInt(),
                codeOnly.path("read_calls").asInt(), codeOnly.path("write_calls").asInt());
        // Role (create, 2 attaches), log group (create, retention), function, version, alias, API, resource,
        // method, integration, deployment, permission, and the alarms of three rules (error rate, throttles, p99).
        assertEquals(17, first.path("write_calls").asInt(), first.toString());
        assertEquals(0, noOp.path("write_calls").asInt(), noOp.toString());
        // UpdateFunctionCode, PublishVersion, UpdateAlias.
        assertEquals(3, codeOnly.path("write_calls").asInt(), codeOnly.toString());
    }

    @Test
    void destroyLeavesNothingBehind() {
        String name = "moto-gone";
        Path dir = init(name);
        deployJson(dir);

        Lamb.Run destroy = Lamb.run("destroy", "--yes", "--dir", dir.toString(), "--endpoint-url", moto.endpoint().toString(),
                "--region", REGION);
        assertEquals(0, destroy.exitCode(), destroy.err());

        assertThrows(NoSuchEntityException.class, () -> aws.iam().getRole(r -> r.roleName("lamb-" + name + "-" + REGION)));
        assertThrows(ResourceNotFoundException.class, () -> aws.lambda().getFunction(r -> r.functionName(name)));
        assertTrue(aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/" + name)).logGroups().isEmpty());
        assertTrue(aws.apiGateway().getRestApis().items().stream().noneMatch(a -> a.name().equals(name)));
        Lamb.Run again = Lamb.run("destroy", "--yes", "--dir", dir.toString(), "--endpoint-url", moto.endpoint().toString(),
                "--region", REGION);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("nothing to destroy"), again.out());
    }

    /** Issue 11, section 1, against moto: a function made outside lamb is refused, then adopted with --adopt --yes. */
    @Test
    void aFunctionLambDidNotMakeIsRefusedThenAdopted() throws IOException {
        String name = "moto-theirs";
        String theirRole = aws.iam().createRole(r -> r.roleName("moto-their-role").assumeRolePolicyDocument(LambdaTrust.MOTO))
                .role().arn();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("handler.py"));
            out.write("def handler(event, context):\n    return 'theirs'\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        aws.lambda().createFunction(r -> r.functionName(name).runtime("python3.13").handler("handler.handler").role(theirRole)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip.toByteArray()))).memorySize(512)
                .environment(e -> e.variables(Map.of("DB_PASSWORD", "moto-secret-value"))));
        aws.iam().createRole(r -> r.roleName("lamb-" + name + "-" + REGION).assumeRolePolicyDocument(LambdaTrust.MOTO));
        aws.logs().createLogGroup(r -> r.logGroupName("/aws/lambda/" + name));
        Path dir = init(name);

        Lamb.Run refused = deploy(dir);
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("lamb: role lamb-" + name + "-" + REGION + ", log group /aws/lambda/" + name + ", function "
                + name + " exist without lamb's tag lamb:function=" + name), refused.err());
        assertEquals(512, latest(name).memorySize());
        assertEquals(theirRole, latest(name).role());

        Lamb.Run adopted = deploy(dir, "--adopt", "--yes");
        assertEquals(0, adopted.exitCode(), adopted.err() + moto.logTail());
        assertTrue(adopted.err().contains("environment: removed DB_PASSWORD; added LOG_LEVEL"), adopted.err());
        assertFalse(adopted.err().contains("moto-secret-value"), adopted.err());
        assertEquals(128, latest(name).memorySize());
        assertEquals(Map.of("lamb:function", name), aws.lambda().getFunction(r -> r.functionName(name)).tags());
        assertEquals(List.of(Tag.builder().key("lamb:function").value(name).build()),
                aws.iam().listRoleTags(r -> r.roleName("lamb-" + name + "-" + REGION)).tags());
        assertEquals(Map.of("lamb:function", name), aws.logs().listTagsForResource(r -> r.resourceArn(
                logGroup("/aws/lambda/" + name).arn().replaceAll(":\\*$", ""))).tags());
        assertEquals(Map.of("LOG_LEVEL", "INFO"), latest(name).environment().variables());
        // Adopted, the next deploy is an ordinary one; moto ignores TracingConfig in UpdateFunctionConfiguration (see above).
        assertEquals(List.of("UPDATE " + name + " configuration (tracing PassThrough -> Active)"),
                changed(deployJson(dir), "function"));
    }

    /**
     * Issue 15 §7, against moto: `lamb init --from-function` reads a function the AWS CLI v2 made (GetFunction,
     * GetFunctionConcurrency, GetFunctionEventInvokeConfig, GetFunctionUrlConfig) into lamb.toml's keys.
     */
    @Test
    void initFromFunctionReadsWhatTheAwsCliMade() throws IOException {
        String name = "moto-imported";
        RequiredTools.require(AwsCli.PATH);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(projects.resolve("code.zip")))) {
            out.putNextEntry(new ZipEntry("app.py"));
            out.write("def handler(event, context):\n    return 'theirs'\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        String role = aws.iam().createRole(r -> r.roleName("moto-imported-role").assumeRolePolicyDocument(LambdaTrust.MOTO))
                .role().arn();
        String endpoint = moto.endpoint().toString();
        AwsCli.json(projects, endpoint, "lambda", "create-function", "--function-name", name, "--runtime", "nodejs22.x",
                "--handler", "app.handler", "--role", role, "--zip-file", "fileb://code.zip", "--memory-size", "384",
                "--timeout", "30", "--architectures", "arm64", "--description", "imported", "--environment",
                "Variables={API_KEY=moto-secret}");
        AwsCli.json(projects, endpoint, "lambda", "put-function-concurrency", "--function-name", name,
                "--reserved-concurrent-executions", "7");
        AwsCli.json(projects, endpoint, "lambda", "put-function-event-invoke-config", "--function-name", name,
                "--maximum-retry-attempts", "0");
        AwsCli.json(projects, endpoint, "lambda", "create-function-url-config", "--function-name", name, "--auth-type", "NONE");

        Path dir = projects.resolve(name);
        Lamb.Run run = Lamb.run("init", "--from-function", name, "--dir", dir.toString(), "--endpoint-url", endpoint,
                "--region", REGION, "--with-values");
        assertEquals(0, run.exitCode(), run.err() + moto.logTail());
        ProjectConfig.Function fn = ProjectConfigLoader.load(dir).function();
        assertEquals(List.of("nodejs22.x", "app.handler", "arm64", "imported", role), List.of(fn.runtime(), fn.handler(),
                fn.architecture(), fn.description(), fn.role()));
        assertEquals(List.of(384, 30), List.of(fn.memory(), fn.timeout()));
        assertEquals(Map.of("API_KEY", "moto-secret"), fn.environment());
        assertEquals(OptionalInt.of(7), fn.reservedConcurrency());
        // No alias dev: the function's own async config and URL are written commented out (review 15 item 5).
        String toml = Files.readString(dir.resolve("lamb.toml"));
        assertTrue(toml.contains("# max_retries = 0\n") && toml.contains("# auth = \"NONE\"\n"), toml);
        assertTrue(fn.async().isEmpty() && fn.url().isEmpty(), toml);
    }

    /**
     * moto lacks API Gateway's TagResource and answers 404 with no error code: lamb says so in one line (it once
     * failed on the missing code with a NullPointerException).
     */
    @Test
    void anErrorWithoutACodeIsOneLine() {
        String name = "moto-untaggable";
        String apiId = aws.apiGateway().createRestApi(r -> r.name(name)).id();
        Path dir = init(name);

        Lamb.Run run = deploy(dir, "--adopt", "--yes");

        assertEquals(4, run.exitCode(), "a 404 is exit 4, not found: " + run.err());
        String last = run.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("lamb: deploy failed at step 'api': ApiGateway answered HTTP 404"), run.err());
        assertFalse(run.err().contains("null") || run.err().contains("unexpected error"), run.err());
        assertTrue(aws.apiGateway().getRestApi(r -> r.restApiId(apiId)).tags() == null
                || aws.apiGateway().getRestApi(r -> r.restApiId(apiId)).tags().isEmpty());
    }

    /**
     * moto serves the event-invoke-config operations (moto 5 keeps configs per function, not per qualifier, and does not
     * check destinations): deploy puts [function.async] on the alias, the SDK reads it back (GetFunctionEventInvokeConfig's
     * members in the API reference), lamb's role may send to exactly the queue, and a redeploy writes nothing.
     */
    @Test
    void asyncSettingsAreAppliedAndTheRoleMaySendToTheQueueAlone() throws IOException {
        String name = "moto-async";
        String queue = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name + "-failed";
        Path dir = init(name);
        Files.writeString(dir.resolve("lamb.toml"), Files.readString(dir.resolve("lamb.toml"))
                + "\n[function.async]\nmax_retries = 1\nmax_event_age = 120\non_failure = \"" + queue + "\"\n");

        JsonNode first = deployJson(dir);
        // The mark first, then the config (review 15 item 6): a deploy stopped between the two leaves a config that is lamb's.
        assertEquals(List.of("UPDATE tags of " + name + " (add lamb:async:dev (lamb manages this alias's config))",
                "CREATE event invoke config of " + name + ":dev (max_retries none -> 1, max_event_age none -> 120, "
                + "on_failure none -> " + queue + ")"), changed(first, "async"), first.toString());
        GetFunctionEventInvokeConfigResponse config = aws.lambda().getFunctionEventInvokeConfig(r -> r.functionName(name).qualifier("dev"));
        assertEquals(1, config.maximumRetryAttempts());
        assertEquals(120, config.maximumEventAgeInSeconds());
        assertEquals(queue, config.destinationConfig().onFailure().destination());
        JsonNode policy = JSON.readTree(URLDecoder.decode(aws.iam().getRolePolicy(r -> r.roleName("lamb-" + name + "-" + REGION)
                .policyName("lamb-async-destinations")).policyDocument(), StandardCharsets.UTF_8));
        assertEquals(1, policy.path("Statement").size(), policy.toString());
        assertEquals("sqs:SendMessage", policy.at("/Statement/0/Action").asText());
        assertEquals(List.of(queue), texts(policy.at("/Statement/0/Resource")));

        assertEquals(0, deployJson(dir).path("write_calls").asInt());
    }

    /**
     * Issue 16 §2, against moto: deploy keeps one alarm per rule on the stage, as the AWS CLI v2 reads back (expected
     * values: the issue, and PutMetricAlarm in the CloudWatch API reference: Period 60, EvaluationPeriods 3,
     * DatapointsToAlarm 2, TreatMissingData notBreaching; p99 over 0.8 of the 10 s timeout is 8000 ms; 0.8 of a reserved
     * concurrency of 10 is 8), tagged as lamb's. A second deploy writes nothing; a changed threshold updates that alarm
     * alone; a rule turned off deletes its alarm; destroy removes the rest. Each alarm's name ends with its [alarms] key,
     * as the issue names them; an alarm an older lamb made under its former name (lamb-FUNCTION-STAGE-error-rate, with lamb's
     * tag) is deleted once the new one is put, one DELETE in the output like any other alarm change.
     */
    @Test
    void deployKeepsOneAlarmPerRuleAndDestroyRemovesThem() throws IOException {
        String name = "moto-alarms";
        Path dir = init(name);
        editToml(dir, "(?m)^memory = 128$", "memory = 128\nreserved_concurrency = 10");
        String prefix = "lamb-" + name + "-dev-";
        putFormerAlarm(prefix + "error-rate", name);

        JsonNode first = deployJson(dir);

        assertEquals(List.of("CREATE alarm " + prefix + "error_rate (threshold 1)", "CREATE alarm " + prefix + "throttles (threshold 1)",
                "CREATE alarm " + prefix + "p99_of_timeout (threshold 8000)",
                "CREATE alarm " + prefix + "concurrency_of_reserved (threshold 8)",
                "DELETE alarm " + prefix + "error-rate (an older lamb's name for it)"), changes(first, "alarms"));
        Map<String, JsonNode> alarms = describeAlarms(prefix);
        assertEquals(Set.of("error_rate", "throttles", "p99_of_timeout", "concurrency_of_reserved"),
                alarms.keySet().stream().map(a -> a.substring(prefix.length())).collect(Collectors.toSet()));
        for (JsonNode alarm : alarms.values()) {
            assertEquals(3, alarm.path("EvaluationPeriods").asInt(), alarm.toString());
            assertEquals(2, alarm.path("DatapointsToAlarm").asInt(), alarm.toString());
            assertEquals("notBreaching", alarm.path("TreatMissingData").asText(), alarm.toString());
            // The tags through the SDK: the CLI's read of the alarms is the one above, one process for all four.
            var tags = aws.cloudWatch().listTagsForResource(r -> r.resourceARN(alarm.path("AlarmArn").asText())).tags();
            assertTrue(tags.stream().anyMatch(t -> t.key().equals(DeployNames.TAG) && t.value().equals(name)), alarm + " " + tags);
        }
        Map<String, String> alias = Map.of("FunctionName", name, "Resource", name + ":dev");
        JsonNode rate = alarms.get(prefix + "error_rate");
        assertEquals(1.0, rate.path("Threshold").asDouble());
        assertEquals("GreaterThanThreshold", rate.path("ComparisonOperator").asText());
        Map<String, JsonNode> queries = new HashMap<>();
        rate.path("Metrics").forEach(q -> queries.put(q.path("Id").asText(), q));
        assertEquals(Set.of("errors", "invocations", "rate"), queries.keySet(), rate.toString());
        assertEquals(AlarmRules.ERROR_RATE_EXPRESSION, queries.get("rate").path("Expression").asText());
        assertTrue(queries.get("rate").path("ReturnData").asBoolean(true), rate.toString());
        for (String id : List.of("errors", "invocations")) {
            JsonNode stat = queries.get(id).path("MetricStat");
            assertEquals(id.equals("errors") ? "Errors" : "Invocations", stat.path("Metric").path("MetricName").asText());
            assertEquals("AWS/Lambda", stat.path("Metric").path("Namespace").asText());
            assertEquals(alias, dimensions(stat.path("Metric").path("Dimensions")));
            assertEquals(60, stat.path("Period").asInt());
            assertEquals("Sum", stat.path("Stat").asText());
            assertFalse(queries.get(id).path("ReturnData").asBoolean(true), rate.toString());
        }
        JsonNode throttles = alarms.get(prefix + "throttles");
        assertEquals(List.of("Throttles", "Sum", "GreaterThanOrEqualToThreshold"), List.of(throttles.path("MetricName").asText(),
                throttles.path("Statistic").asText(), throttles.path("ComparisonOperator").asText()));
        assertEquals(alias, dimensions(throttles.path("Dimensions")));
        assertEquals(60, throttles.path("Period").asInt());
        JsonNode p99 = alarms.get(prefix + "p99_of_timeout");
        assertEquals(List.of("Duration", "p99", "GreaterThanThreshold"), List.of(p99.path("MetricName").asText(),
                p99.path("ExtendedStatistic").asText(), p99.path("ComparisonOperator").asText()));
        assertEquals(8000.0, p99.path("Threshold").asDouble());
        assertEquals(alias, dimensions(p99.path("Dimensions")));
        JsonNode concurrency = alarms.get(prefix + "concurrency_of_reserved");
        assertEquals(List.of("ConcurrentExecutions", "Maximum", "GreaterThanOrEqualToThreshold"), List.of(
                concurrency.path("MetricName").asText(), concurrency.path("Statistic").asText(),
                concurrency.path("ComparisonOperator").asText()));
        assertEquals(8.0, concurrency.path("Threshold").asDouble());
        assertEquals(Map.of("FunctionName", name), dimensions(concurrency.path("Dimensions")));

        JsonNode again = deployJson(dir);
        assertEquals(0, again.path("write_calls").asInt(), again.toString());
        assertTrue(changes(again, "alarms").stream().allMatch(c -> c.startsWith("UNCHANGED ")), again.toString());

        Files.writeString(dir.resolve("lamb.toml"), Files.readString(dir.resolve("lamb.toml"))
                + "\n[alarms]\nerror_rate = 5\nthrottles = false\nnotify = \"arn:aws:sns:us-east-1:123456789012:alerts\"\n");
        JsonNode changed = deployJson(dir);
        assertEquals(List.of("UPDATE alarm " + prefix + "error_rate (threshold 1 -> 5, notify)",
                "UPDATE alarm " + prefix + "p99_of_timeout (notify)", "UPDATE alarm " + prefix + "concurrency_of_reserved (notify)",
                "DELETE alarm " + prefix + "throttles (its rule is off in lamb.toml)"), changed(changed, "alarms"));
        alarms = describeAlarms(prefix);
        assertEquals(Set.of(prefix + "error_rate", prefix + "p99_of_timeout", prefix + "concurrency_of_reserved"), alarms.keySet());
        assertEquals(5.0, alarms.get(prefix + "error_rate").path("Threshold").asDouble());
        assertEquals(List.of("arn:aws:sns:us-east-1:123456789012:alerts"), texts(alarms.get(prefix + "error_rate").path("AlarmActions")));
        assertEquals(List.of("arn:aws:sns:us-east-1:123456789012:alerts"), texts(alarms.get(prefix + "error_rate").path("OKActions")));

        Lamb.Run destroy = Lamb.run("destroy", "--yes", "--dir", dir.toString(), "--endpoint-url", moto.endpoint().toString(),
                "--region", REGION);
        assertEquals(0, destroy.exitCode(), destroy.err());
        assertEquals(Map.of(), describeAlarms(prefix));
    }

    /**
     * Issue 16 §2, against moto: an alarm of lamb's name made with the AWS CLI v2 (no lamb tag) is refused with one line
     * naming it and --adopt, and left as it was; --adopt tags it and brings it to lamb.toml. One of a rule that is off is
     * left alone by deploy, and by destroy --stage, which removes the stage's alarms that are lamb's, of an older lamb's names
     * too. One of an older lamb's names without lamb's tag is never touched.
     */
    @Test
    void anAlarmLambDidNotMakeIsRefusedThenAdopted() throws IOException {
        String name = "moto-their-alarm";
        Path dir = init(name);
        String alarm = "lamb-" + name + "-dev-throttles";
        AwsCli.json(projects, moto.endpoint().toString(), "cloudwatch", "put-metric-alarm", "--alarm-name", alarm,
                "--namespace", "AWS/Lambda", "--metric-name", "Throttles", "--statistic", "Sum", "--period", "300",
                "--evaluation-periods", "1", "--threshold", "50", "--comparison-operator", "GreaterThanThreshold", "--region", REGION);
        // Of a rule this project has off (no reserved concurrency): not lamb's to change, delete or refuse over.
        String other = "lamb-" + name + "-dev-concurrency_of_reserved";
        AwsCli.json(projects, moto.endpoint().toString(), "cloudwatch", "put-metric-alarm", "--alarm-name", other,
                "--namespace", "AWS/Lambda", "--metric-name", "ConcurrentExecutions", "--statistic", "Maximum", "--period", "60",
                "--evaluation-periods", "1", "--threshold", "5", "--comparison-operator", "GreaterThanThreshold", "--region", REGION);
        String formerNotLambs = "lamb-" + name + "-dev-error-rate";
        putFormerAlarm(formerNotLambs, null);

        Lamb.Run refused = deploy(dir);

        assertEquals(1, refused.exitCode(), refused.err());
        assertEquals(1, refused.err().lines().filter(l -> l.startsWith("lamb: ")).count(), refused.err());
        assertTrue(refused.err().contains("lamb: alarm " + alarm + " exists without lamb's tag lamb:function=" + name), refused.err());
        assertTrue(refused.err().contains("--adopt"), refused.err());
        assertEquals(50.0, describeAlarms(alarm).get(alarm).path("Threshold").asDouble());

        JsonNode adopted = deployJson(dir, "--adopt", "--yes");
        assertTrue(changes(adopted, "alarms").contains("ADOPT alarm " + alarm + " (tag lamb:function=" + name + ")"), adopted.toString());
        assertEquals(1.0, describeAlarms(alarm).get(alarm).path("Threshold").asDouble());
        assertFalse(changes(adopted, "alarms").stream().anyMatch(c -> c.contains(formerNotLambs)), adopted.toString());
        String formerLambs = "lamb-" + name + "-dev-p99-duration";
        putFormerAlarm(formerLambs, name);

        Lamb.Run destroy = Lamb.run("destroy", "--stage", "dev", "--yes", "--dir", dir.toString(), "--endpoint-url",
                moto.endpoint().toString(), "--region", REGION);
        assertEquals(0, destroy.exitCode(), destroy.err());
        assertTrue(destroy.out().contains("alarm " + other + " (not made by lamb, left alone)"), destroy.out());
        assertTrue(destroy.out().contains("deleted alarm " + formerLambs), destroy.out());
        assertEquals(Set.of(other, formerNotLambs), describeAlarms("lamb-" + name + "-dev-").keySet());
    }

    /** An alarm as an older lamb named it, with lamb's tag for {@code function} (null: untagged, not lamb's). */
    private static void putFormerAlarm(String alarm, String function) {
        aws.cloudWatch().putMetricAlarm(r -> {
            r.alarmName(alarm).namespace("AWS/Lambda").metricName("Errors").statistic("Sum").period(60).evaluationPeriods(3)
                    .threshold(1.0).comparisonOperator("GreaterThanThreshold");
            if (function != null) {
                r.tags(t -> t.key(DeployNames.TAG).value(function));
            }
        });
    }

    /** `aws cloudwatch describe-alarms --alarm-name-prefix`: the metric alarms, by name. */
    private Map<String, JsonNode> describeAlarms(String prefix) {
        Map<String, JsonNode> byName = new HashMap<>();
        AwsCli.json(projects, moto.endpoint().toString(), "cloudwatch", "describe-alarms", "--alarm-name-prefix", prefix,
                "--region", REGION).path("MetricAlarms").forEach(a -> byName.put(a.path("AlarmName").asText(), a));
        return byName;
    }

    private static Map<String, String> dimensions(JsonNode dimensions) {
        Map<String, String> map = new HashMap<>();
        dimensions.forEach(d -> map.put(d.path("Name").asText(), d.path("Value").asText()));
        return map;
    }

    private static void editToml(Path dir, String regex, String replacement) throws IOException {
        Path toml = dir.resolve("lamb.toml");
        String before = Files.readString(toml);
        String after = before.replaceFirst(regex, replacement);
        assertNotEquals(before, after, "lamb.toml has no line " + regex);
        Files.writeString(toml, after);
    }

    /**
     * moto serves reserved concurrency and Function URL configs (not provisioned concurrency; it keeps no InvokeMode, so
     * RESPONSE_STREAM is tested on lamb's local cloud): deploy applies them with description and ephemeral storage, the AWS
     * CLI v2 reads them back (GetFunctionConcurrency's ReservedConcurrentExecutions, GetFunctionUrlConfig's AuthType,
     * GetFunctionConfiguration's Description and EphemeralStorage.Size in the API reference), and a redeploy writes nothing.
     */
    @Test
    void concurrencyTheUrlAndTheNewSettingsAreAppliedAndReadBackByTheAwsCli() throws IOException {
        RequiredTools.require(AwsCli.PATH);
        String name = "moto-settings";
        Path dir = init(name);
        Files.writeString(dir.resolve("lamb.toml"), Files.readString(dir.resolve("lamb.toml")).replace("[function]\n",
                "[function]\nreserved_concurrency = 3\ndescription = \"greets\"\nephemeral_storage = 1024\n")
                + "\n[url]\nauth = \"NONE\"\n");

        deployJson(dir);
        String endpoint = moto.endpoint().toString();
        assertEquals(3, AwsCli.json(projects, endpoint, "lambda", "get-function-concurrency", "--function-name", name)
                .path("ReservedConcurrentExecutions").asInt());
        JsonNode url = AwsCli.json(projects, endpoint, "lambda", "get-function-url-config", "--function-name", name,
                "--qualifier", "dev");
        assertEquals("NONE", url.path("AuthType").asText(), url.toString());
        JsonNode config = AwsCli.json(projects, endpoint, "lambda", "get-function-configuration", "--function-name", name);
        assertEquals("greets", config.path("Description").asText());
        assertEquals(1024, config.at("/EphemeralStorage/Size").asInt());

        JsonNode again = deployJson(dir);
        assertEquals(0, again.path("write_calls").asInt(), again.toString());
    }

    private Path init(String name) {
        Path dir = projects.resolve(name);
        Lamb.Run run = Lamb.run("init", name, "--runtime", "python", "--yes", "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        return dir;
    }

    private static Lamb.Run deploy(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("deploy", "--dir", dir.toString(), "--endpoint-url", moto.endpoint().toString(),
                "--region", REGION));
        args.addAll(List.of(more));
        return Lamb.run(args.toArray(String[]::new));
    }

    private static JsonNode deployJson(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(List.of("--output", "json"));
        Lamb.Run run = deploy(dir, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), () -> "lamb deploy failed:\n" + run.err() + "\n" + moto.logTail());
        try {
            return JSON.readTree(run.out());
        } catch (IOException e) {
            throw new AssertionError("lamb deploy --output json printed no JSON: " + run.out(), e);
        }
    }

    private static String packageSha(Path dir) throws IOException {
        Lamb.Run run = Lamb.run("package", "--dir", dir.toString(), "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out()).path("code_sha256").asText();
    }

    private static void setMemory(Path dir, int memory) throws IOException {
        Path toml = dir.resolve("lamb.toml");
        String before = Files.readString(toml);
        String after = before.replaceFirst("(?m)^memory = 128$", "memory = " + memory);
        assertNotEquals(before, after, "lamb.toml has no 'memory = 128' line");
        Files.writeString(toml, after);
    }

    private static void editHandler(Path dir) throws IOException {
        Path handler = dir.resolve("handler.py");
        String before = Files.readString(handler);
        String after = before.replace("f\"Hello, {name}!\"", "f\"Hi, {name}!\"");
        assertNotEquals(before, after, "handler.py has no greeting to change");
        Files.writeString(handler, after);
    }

    /** The changes of one step as "ACTION resource (detail)". */
    private static List<String> changes(JsonNode result, String step) {
        List<String> found = new ArrayList<>();
        for (JsonNode c : result.path("changes")) {
            if (c.path("step").asText().equals(step)) {
                String detail = c.path("detail").asText();
                found.add(c.path("action").asText() + " " + c.path("resource").asText() + (detail.isEmpty() ? "" : " (" + detail + ")"));
            }
        }
        return found;
    }

    /** The changes of one step that did (or would do) something; for the release step, without the version's code detail. */
    private static List<String> changed(JsonNode result, String step) {
        return changes(result, step).stream().filter(c -> !c.startsWith("UNCHANGED "))
                .map(c -> c.startsWith("CREATE version ") ? c.replaceAll(" \\(code .*\\)$", "") : c).toList();
    }

    private static List<String> changed(JsonNode result) {
        List<String> all = new ArrayList<>();
        for (String step : List.of("role", "logs", "function", "release", "api", "permission")) {
            all.addAll(changed(result, step));
        }
        return all;
    }

    private static FunctionConfiguration latest(String name) {
        return aws.lambda().getFunction(r -> r.functionName(name)).configuration();
    }

    private static FunctionConfiguration version(String name, String version) {
        return aws.lambda().getFunction(r -> r.functionName(name).qualifier(version)).configuration();
    }

    private static List<String> versions(String name) {
        return aws.lambda().listVersionsByFunctionPaginator(r -> r.functionName(name)).versions().stream()
                .map(FunctionConfiguration::version).toList();
    }

    private static String aliasVersion(String name) {
        return aws.lambda().getAlias(r -> r.functionName(name).name("dev")).functionVersion();
    }

    private static LogGroup logGroup(String name) {
        return aws.logs().describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no log group " + name));
    }

    private static Resource resource(String apiId, String path) {
        return aws.apiGateway().getResources(r -> r.restApiId(apiId)).items().stream().filter(r -> r.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no resource " + path + " in API " + apiId));
    }

    private static List<String> deploymentIds(String apiId) {
        return aws.apiGateway().getDeployments(r -> r.restApiId(apiId)).items().stream().map(d -> d.id()).sorted().toList();
    }

    private static Stage stage(String apiId, String name) {
        return aws.apiGateway().getStages(r -> r.restApiId(apiId)).item().stream().filter(s -> s.stageName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name + " in API " + apiId));
    }

    /** The one statement of the function's policy that lets API Gateway in (moto shares one policy across qualifiers). */
    private static JsonNode onlyApiGatewayStatement(String name) throws IOException {
        JsonNode policy = JSON.readTree(aws.lambda().getPolicy(r -> r.functionName(name).qualifier("dev")).policy());
        List<JsonNode> statements = new ArrayList<>();
        policy.path("Statement").forEach(s -> {
            if (s.path("Principal").path("Service").asText().equals("apigateway.amazonaws.com")) {
                statements.add(s);
            }
        });
        assertEquals(1, statements.size(), policy.toString());
        return statements.get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
