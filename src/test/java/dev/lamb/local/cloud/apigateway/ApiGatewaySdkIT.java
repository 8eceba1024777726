package dev.lamb.local.cloud.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.LocalCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateResourceResponse;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.EndpointType;
import software.amazon.awssdk.services.apigateway.model.GetResourcesResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Resource;

/** API Gateway's control plane through the AWS SDK for Java v2, and its state across a restart. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ApiGatewaySdkIT {
    @TempDir
    Path dataDir;

    private static ApiGatewayClient client(LocalCloud cloud) {
        return ApiGatewayClient.builder()
                .endpointOverride(URI.create(cloud.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().socketTimeout(Duration.ofMinutes(1)).build())
                .build();
    }

    @Test
    void createsReadsListsAndKeepsApisAcrossARestart() {
        String apiId;
        String rootId;
        String itemsId;
        try (LocalCloud cloud = LocalCloud.start(0, List.of(new ApiGatewayService(dataDir, null)));
                ApiGatewayClient apigw = client(cloud)) {
            CreateRestApiResponse created = apigw.createRestApi(r -> r.name("sdk-api").description("from the SDK")
                    .endpointConfiguration(e -> e.types(EndpointType.REGIONAL)).tags(Map.of("team", "lamb")));
            apiId = created.id();
            rootId = created.rootResourceId();
            assertTrue(apiId.matches("[a-z0-9]{10}"), apiId);
            assertNotNull(rootId);
            assertEquals(List.of(EndpointType.REGIONAL), created.endpointConfiguration().types());
            assertEquals("lamb", created.tags().get("team"));
            assertNotNull(created.createdDate());
            assertTrue(Math.abs(created.createdDate().getEpochSecond() - System.currentTimeMillis() / 1000) < 60);

            assertEquals("sdk-api", apigw.getRestApi(r -> r.restApiId(apiId)).name());
            for (int i = 0; i < 3; i++) {
                String name = "extra-" + i;
                apigw.createRestApi(r -> r.name(name));
            }
            var page = apigw.getRestApis(r -> r.limit(2));
            assertEquals(2, page.items().size());
            assertNotNull(page.position());
            var rest = apigw.getRestApis(r -> r.limit(10).position(page.position()));
            assertEquals(2, rest.items().size());
            assertNull(rest.position());
            assertEquals(4, apigw.getRestApisPaginator(r -> r.limit(1)).items().stream().count());

            CreateResourceResponse items = apigw.createResource(r -> r.restApiId(apiId).parentId(rootId).pathPart("items"));
            itemsId = items.id();
            assertEquals("/items", items.path());
            CreateResourceResponse id = apigw.createResource(r -> r.restApiId(apiId).parentId(itemsId).pathPart("{id}"));
            assertEquals("/items/{id}", id.path());
            assertThrows(ConflictException.class,
                    () -> apigw.createResource(r -> r.restApiId(apiId).parentId(rootId).pathPart("items")));
            apigw.putMethod(r -> r.restApiId(apiId).resourceId(id.id()).httpMethod("GET").authorizationType("NONE"));
            apigw.putIntegration(r -> r.restApiId(apiId).resourceId(id.id()).httpMethod("GET").type(IntegrationType.AWS_PROXY)
                    .integrationHttpMethod("POST")
                    .uri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations"));
            BadRequestException bad = assertThrows(BadRequestException.class, () -> apigw.putIntegration(r -> r.restApiId(apiId)
                    .resourceId(id.id()).httpMethod("GET").type(IntegrationType.AWS_PROXY).integrationHttpMethod("POST")
                    .uri("arn:aws:apigateway:us-east-1:s3:path/bucket/key")));
            assertTrue(bad.getMessage().contains("only supports Lambda"), bad.getMessage());
            var method = apigw.getMethod(r -> r.restApiId(apiId).resourceId(id.id()).httpMethod("GET"));
            assertEquals("AWS_PROXY", method.methodIntegration().typeAsString());
            assertEquals(29000, method.methodIntegration().timeoutInMillis());

            var deployment = apigw.createDeployment(r -> r.restApiId(apiId).stageName("prod").description("first"));
            assertEquals("first", deployment.description());
            assertEquals(deployment.id(), apigw.getStages(r -> r.restApiId(apiId)).item().get(0).deploymentId());

            apigw.tagResource(r -> r.resourceArn("arn:aws:apigateway:us-east-1::/restapis/" + apiId).tags(Map.of("stage", "test")));
            assertEquals(Map.of("team", "lamb", "stage", "test"),
                    apigw.getTags(r -> r.resourceArn("arn:aws:apigateway:us-east-1::/restapis/" + apiId)).tags());

            NotFoundException missing = assertThrows(NotFoundException.class, () -> apigw.getRestApi(r -> r.restApiId("nope123456")));
            assertEquals(404, missing.statusCode());
            assertTrue(missing.getMessage().contains("Invalid API identifier specified"), missing.getMessage());
            // UpdateRestApi patches the paths the API Gateway reference lists, and refuses others with 400 BadRequestException.
            assertEquals("patched", apigw.updateRestApi(r -> r.restApiId(apiId)
                    .patchOperations(p -> p.op("replace").path("/description").value("patched"))).description());
            BadRequestException patch = assertThrows(BadRequestException.class,
                    () -> apigw.updateRestApi(r -> r.restApiId(apiId).patchOperations(p -> p.op("replace").path("/id").value("x"))));
            assertEquals(400, patch.statusCode());
        }

        try (LocalCloud cloud = LocalCloud.start(0, List.of(new ApiGatewayService(dataDir, null)));
                ApiGatewayClient apigw = client(cloud)) {
            assertEquals("sdk-api", apigw.getRestApi(r -> r.restApiId(apiId)).name());
            GetResourcesResponse resources = apigw.getResources(r -> r.restApiId(apiId).embed("methods"));
            assertEquals(List.of("/", "/items", "/items/{id}"), resources.items().stream().map(Resource::path).sorted().toList());
            Resource byId = resources.items().stream().filter(r -> r.path().equals("/items/{id}")).findFirst().orElseThrow();
            assertEquals(itemsId, byId.parentId());
            assertEquals("AWS_PROXY", byId.resourceMethods().get("GET").methodIntegration().typeAsString());
            assertEquals("prod", apigw.getStages(r -> r.restApiId(apiId)).item().get(0).stageName());

            apigw.deleteResource(r -> r.restApiId(apiId).resourceId(itemsId));
            assertEquals(1, apigw.getResources(r -> r.restApiId(apiId)).items().size());
            apigw.deleteRestApi(r -> r.restApiId(apiId));
            assertThrows(NotFoundException.class, () -> apigw.getRestApi(r -> r.restApiId(apiId)));
        }
    }
}
