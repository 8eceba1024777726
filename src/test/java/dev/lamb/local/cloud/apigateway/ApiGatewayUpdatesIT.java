package dev.lamb.local.cloud.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Moto;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.GetRestApisResponse;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.apigateway.model.UpdateRestApiResponse;

/**
 * Issue 14's API Gateway: the PATCH operations, method and integration responses, stage variables resolved by
 * the data plane, CreateDeployment refused without an integration, and paging that skips nothing while a
 * script deletes what it lists; through boto3 (src/test/resources/boto3/apigateway_updates.py), the AWS CLI v2
 * and the Java SDK. Expected values from botocore's apigateway/2015-07-09 service model and the API Gateway
 * reference (each Update* operation's patchable paths; "No integration defined for method").
 *
 * <p>The same boto3 checks run against moto's server (5.2) where it serves them alike. Where moto and the
 * reference disagree, the reference wins and moto is left out: moto does not serve UpdateResource, UpdateMethod
 * or UpdateDeployment; it accepts paths the reference does not list (UpdateStage /stageName, UpdateRestApi
 * /rootResourceId); it fails (500) on UpdateStage add /variables/NAME and on GetMethodResponse of a deleted
 * response; it stores '' for /binaryMediaTypes/image~1png; it answers CreateDeployment without an integration
 * with NotFoundException; it neither pages GetDeployments nor refuses an unknown position, and it ignores
 * GetRestApis' limit (all in one page), so its delete-while-paging run agrees without paging at all.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ApiGatewayUpdatesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/resources/boto3/apigateway_updates.py").toAbsolutePath();
    private static final List<String> LOCAL_CHECKS = List.of("rest_api_patches", "binary_media_type_patch", "resource_patch",
            "method_integration_patches", "deployment_patch", "stage_patches", "paths_not_patchable", "responses",
            "responses_updated_and_deleted", "deployment_without_integration", "delete_while_paging", "unknown_position",
            "deployments_paged", "stage_variables");
    private static final List<String> MOTO_CHECKS = List.of("rest_api_patches", "responses", "delete_while_paging");

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    static Path work;

    static Path python;

    @BeforeAll
    static void tools() {
        python = RequiredTools.requirePythonModule("boto3", "boto3");
    }

    private static Processes.Result boto3(String endpoint, String account, List<String> checks) {
        Map<String, String> env = Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "PYTHONDONTWRITEBYTECODE", "1", "PYTHONPATH", SCRIPT.getParent().toString());
        return Processes.run(work, env, 180, List.of(python.toString(), SCRIPT.toString(), endpoint, account,
                String.join(",", checks)));
    }

    @Test
    void boto3AgainstTheLocalCloud() {
        Processes.Result run = boto3(cloud.endpoint(), "000000000000", LOCAL_CHECKS);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("ok " + String.join(",", LOCAL_CHECKS), run.output().strip(), run.output());
    }

    @Test
    void theSameBoto3ChecksAgainstMoto() {
        try (Moto moto = Moto.start()) {
            Processes.Result run = boto3(moto.endpoint().toString(), Moto.ACCOUNT, MOTO_CHECKS);
            assertEquals(0, run.exitCode(), run.output());
        }
    }

    private static JsonNode cli(String... args) throws Exception {
        Processes.Result result = AwsCli.run(work, cloud.endpoint(), args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ":\n" + result.output());
        return result.output().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.output());
    }

    /**
     * The CLI's own shorthand for patch operations, and its exit code 254 with the error code for a refused call
     * (the API is set up through the SDK: only the calls under test go through the CLI, each a second or two).
     */
    @Test
    void awsCliPatchesAStageAndIsRefusedADeploymentWithoutIntegration() throws Exception {
        ApiGatewayClient apigw = cloud.aws().apiGateway();
        String api = apigw.createRestApi(r -> r.name("cli-updates")).id();
        String root = apigw.getResources(r -> r.restApiId(api)).items().get(0).id();
        apigw.putMethod(r -> r.restApiId(api).resourceId(root).httpMethod("GET").authorizationType("NONE"));
        Processes.Result refused = AwsCli.run(work, cloud.endpoint(), "apigateway", "create-deployment", "--rest-api-id", api,
                "--stage-name", "dev");
        assertEquals(254, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("BadRequestException") && refused.output().contains("No integration defined for method"),
                refused.output());
        apigw.putIntegration(r -> r.restApiId(api).resourceId(root).httpMethod("GET").type("AWS_PROXY")
                .integrationHttpMethod("POST").uri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                        + "arn:aws:lambda:us-east-1:000000000000:function:f/invocations"));
        apigw.createDeployment(r -> r.restApiId(api).stageName("dev").variables(Map.of("color", "blue")));
        JsonNode stage = cli("apigateway", "update-stage", "--rest-api-id", api, "--stage-name", "dev", "--patch-operations",
                "op=replace,path=/variables/color,value=green", "op=replace,path=/*/*/throttling/burstLimit,value=100");
        assertEquals("green", stage.get("variables").get("color").asText());
        assertEquals(100, stage.get("methodSettings").get("*/*").get("throttlingBurstLimit").asInt());
        JsonNode response = cli("apigateway", "put-method-response", "--rest-api-id", api, "--resource-id", root,
                "--http-method", "GET", "--status-code", "200");
        assertEquals("200", response.get("statusCode").asText());
        assertTrue(apigw.getMethod(r -> r.restApiId(api).resourceId(root).httpMethod("GET")).methodResponses().containsKey("200"));
        Processes.Result badPath = AwsCli.run(work, cloud.endpoint(), "apigateway", "update-rest-api", "--rest-api-id", api,
                "--patch-operations", "op=replace,path=/id,value=x");
        assertEquals(254, badPath.exitCode(), badPath.output());
        assertTrue(badPath.output().contains("BadRequestException"), badPath.output());
        apigw.deleteRestApi(r -> r.restApiId(api));
    }

    /** The CLI pages GetRestApis itself (--page-size), following each position, and the pages hold every API once. */
    @Test
    void awsCliPagesEveryApiOnce() throws Exception {
        ApiGatewayClient apigw = cloud.aws().apiGateway();
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            made.add(apigw.createRestApi(r -> r.name("cli-paged")).id());
        }
        List<String> listed = new ArrayList<>();
        cli("apigateway", "get-rest-apis", "--page-size", "2").get("items").forEach(a -> listed.add(a.get("id").asText()));
        assertTrue(listed.containsAll(made), listed.toString());
        assertEquals(Set.copyOf(listed).size(), listed.size(), "no API twice: " + listed);
        made.forEach(api -> apigw.deleteRestApi(r -> r.restApiId(api)));
    }

    /** A cleanup loop written against the Java SDK: page with position, delete each API of the page, go on. */
    @Test
    void javaSdkCleanupWhilePagingDeletesEveryApi() {
        ApiGatewayClient apigw = cloud.aws().apiGateway();
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            made.add(apigw.createRestApi(r -> r.name("sdk-cleanup")).id());
        }
        Set<String> deleted = new HashSet<>();
        String position = null;
        do {
            String from = position;
            GetRestApisResponse page = apigw.getRestApis(r -> r.limit(2).position(from));
            for (RestApi api : page.items()) {
                if (made.contains(api.id())) {
                    apigw.deleteRestApi(r -> r.restApiId(api.id()));
                    deleted.add(api.id());
                }
            }
            position = page.position();
        } while (position != null);
        assertEquals(made, deleted);
        assertThrows(BadRequestException.class, () -> apigw.getRestApis(r -> r.position("2")));
    }

    @Test
    void javaSdkUpdatesARestApiAndItsStage() {
        ApiGatewayClient apigw = cloud.aws().apiGateway();
        String api = apigw.createRestApi(r -> r.name("sdk-updates")).id();
        UpdateRestApiResponse updated = apigw.updateRestApi(r -> r.restApiId(api).patchOperations(
                PatchOperation.builder().op(Op.REPLACE).path("/description").value("patched by the SDK").build(),
                PatchOperation.builder().op(Op.ADD).path("/binaryMediaTypes/application~1octet-stream").build()));
        assertEquals("patched by the SDK", updated.description());
        assertEquals(List.of("application/octet-stream"), updated.binaryMediaTypes());
        BadRequestException refused = assertThrows(BadRequestException.class, () -> apigw.updateRestApi(r -> r.restApiId(api)
                .patchOperations(PatchOperation.builder().op(Op.REPLACE).path("/createdDate").value("1").build())));
        assertEquals(400, refused.statusCode());
        assertFalse(apigw.getRestApi(r -> r.restApiId(api)).hasTags());
        apigw.deleteRestApi(r -> r.restApiId(api));
    }
}
