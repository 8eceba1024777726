package dev.lamb.local.cloud.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;

/**
 * A local cloud's API Gateway state survives the upgrade: {@code apis-before-split.json} is the
 * {@code apigateway/apis.json} that the service wrote before its split into store, control plane and
 * data plane (made through the Java SDK: APIs, nested and greedy resources, methods, integrations, two
 * deployments, two stages, tags), and {@code answers-before-split.json} the answers that service gave
 * to the requests below over that state, recorded then. The service must load the file and give the
 * same answers, byte for byte. Changed on purpose since (issue 14, paging): lists are in the order of a key
 * each item keeps (APIs and deployments by creation date then id, resources by path) and {@code position}
 * is an opaque token naming the last item returned, so an index such as {@code position=1} is refused.
 */
class ApiGatewayUpgradeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SHOP = "3mhxhcqeo2";
    static final String EMPTY = "s9swrbs6w0";
    static final String ROOT = "60vpnpf2to";
    static final String ITEMS = "vyc8nymvq9";
    static final String ID = "3rnqye8udv";
    static final String PROXY = "5vqpxk8bhl";
    static final String FIRST_DEPLOYMENT = "qpsnkviej7";
    static final String TAGS = "/tags/arn:aws:apigateway:eu-west-1::/restapis/" + SHOP;
    static final String LAMBDA_URI = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
            + "arn:aws:lambda:eu-west-1:000000000000:function:shop/invocations";

    @TempDir
    Path dataDir;

    /** Each request in turn: method, path with query, body (or null). */
    static final List<String[]> SCRIPT = List.of(
            req("GET", "/restapis"),
            req("GET", "/restapis?limit=1"),
            req("GET", "/restapis?limit=1&position=MXwwMDAwMDAwMDAwMTc5NjU3MzczNjozbWh4aGNxZW8y"),
            req("GET", "/restapis?limit=1&position=1"),
            req("GET", "/restapis?limit=501"),
            req("GET", "/restapis?position=x"),
            req("GET", "/restapis/" + SHOP),
            req("GET", "/restapis/nope"),
            req("GET", "/restapis/" + SHOP + "/resources"),
            req("GET", "/restapis/" + SHOP + "/resources?embed=methods"),
            req("GET", "/restapis/" + SHOP + "/resources?limit=2&position=MXwvaXRlbXM"),
            req("GET", "/restapis/" + SHOP + "/deployments?limit=1"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ITEMS),
            req("GET", "/restapis/" + SHOP + "/resources/" + ID + "?embed=methods"),
            req("GET", "/restapis/" + SHOP + "/resources/nope"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ID + "/methods/GET"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ID + "/methods/get"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/GET"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ID + "/methods/GET/integration"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/POST/integration"),
            req("GET", "/restapis/" + SHOP + "/deployments"),
            req("GET", "/restapis/" + SHOP + "/deployments/" + FIRST_DEPLOYMENT),
            req("GET", "/restapis/" + SHOP + "/deployments/nope"),
            req("GET", "/restapis/" + SHOP + "/stages"),
            req("GET", "/restapis/" + SHOP + "/stages?deploymentId=" + FIRST_DEPLOYMENT),
            req("GET", "/restapis/" + SHOP + "/stages/dev"),
            req("GET", "/restapis/" + SHOP + "/stages/nope"),
            req("GET", TAGS),
            req("GET", "/tags/arn:aws:apigateway:eu-west-1::/restapis/" + EMPTY),
            req("GET", "/restapis/" + EMPTY + "/deployments"),
            req("GET", "/restapis/" + EMPTY + "/stages"),
            // the data plane, which answers without a Lambda function to call
            req("GET", "/restapis/" + SHOP + "/dev/_user_request_/nowhere"),
            req("GET", "/restapis/" + SHOP + "/nostage/_user_request_/items/1"),
            req("POST", "/restapis/" + SHOP + "/dev/_user_request_/items"),
            req("POST", "/restapis/" + SHOP + "/prod/_user_request_/items"),
            req("GET", "/restapis/" + SHOP + "/dev/_user_request_/items/1"),
            req("GET", "/restapis/" + SHOP + "/dev/_user_request_"),
            req("GET", "/restapis/" + SHOP + "/dev/_user_request_/"),
            req("GET", "/restapis/" + EMPTY + "/dev/_user_request_/"),
            // requests the service refuses
            req("POST", "/restapis", "nope"),
            req("POST", "/restapis", "{\"name\": {\"a\": 1}}"),
            req("POST", "/restapis", "{\"endpointConfiguration\": {\"types\": [\"EDGE\"]}}"),
            req("POST", "/restapis", "{\"name\": \"x\", \"endpointConfiguration\": {\"types\": [\"LOCAL\"]}}"),
            req("POST", "/restapis/" + SHOP + "/resources/" + ITEMS, "{\"pathPart\": \"special\"}"),
            req("POST", "/restapis/" + SHOP + "/resources/" + ITEMS, "{\"pathPart\": \"{other}\"}"),
            req("POST", "/restapis/" + SHOP + "/resources/" + PROXY, "{\"pathPart\": \"x\"}"),
            req("POST", "/restapis/" + SHOP + "/resources/" + ROOT, "{\"pathPart\": \"a/b\"}"),
            req("POST", "/restapis/" + SHOP + "/resources/" + ROOT, "{}"),
            req("POST", "/restapis/" + SHOP + "/resources/nope", "{\"pathPart\": \"x\"}"),
            req("DELETE", "/restapis/" + SHOP + "/resources/" + ROOT),
            req("PUT", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/FOO", "{\"authorizationType\": \"NONE\"}"),
            req("PUT", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/GET", "{\"authorizationType\": \"X\"}"),
            req("PUT", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/GET", "{"),
            req("DELETE", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/GET"),
            req("PUT", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/GET/integration", "{\"type\": \"AWS_PROXY\"}"),
            req("PUT", integration(ID), "{\"type\": \"X\"}"),
            req("PUT", integration(ID), "{\"type\": \"HTTP\"}"),
            req("PUT", integration(ID), "{\"type\": \"AWS_PROXY\"}"),
            req("PUT", integration(ID), "{\"type\": \"AWS_PROXY\", \"uri\": \"lambda\"}"),
            req("PUT", integration(ID), "{\"type\": \"AWS_PROXY\", \"uri\": \"arn:aws:apigateway:eu-west-1:lambda:x\"}"),
            req("PUT", integration(ID), "{\"type\": \"AWS_PROXY\", \"uri\": \"arn:aws:apigateway:eu-west-1:s3:path/b/k\"}"),
            req("PUT", integration(ID), "{\"type\": \"AWS_PROXY\", \"uri\": \"" + LAMBDA_URI + "\"}"),
            req("PUT", integration(ID), "{\"type\": \"AWS_PROXY\", \"httpMethod\": \"POST\", \"uri\": \"" + LAMBDA_URI
                    + "\", \"timeoutInMillis\": 10}"),
            req("DELETE", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/POST/integration"),
            req("POST", "/restapis/" + EMPTY + "/deployments", "{}"),
            req("POST", "/restapis/" + SHOP + "/stages", "{}"),
            req("POST", "/restapis/" + SHOP + "/stages", "{\"stageName\": \"x\", \"deploymentId\": \"nope\"}"),
            req("POST", "/restapis/" + SHOP + "/stages", "{\"stageName\": \"dev\", \"deploymentId\": \"" + FIRST_DEPLOYMENT + "\"}"),
            req("GET", TAGS + "/stages/dev"),
            req("GET", "/tags/arn:aws:apigateway:eu-west-1::/restapis/nope"),
            // changes that make no new ids, each followed by what it changed
            req("PUT", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/patch", "{\"authorizationType\": \"NONE\", "
                    + "\"apiKeyRequired\": true, \"requestModels\": {\"application/json\": \"Empty\"}, "
                    + "\"authorizerId\": \"a1\", \"requestValidatorId\": \"v1\"}"),
            req("PUT", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/PATCH/integration", "{\"type\": \"AWS_PROXY\", "
                    + "\"httpMethod\": \"post\", \"uri\": \"" + LAMBDA_URI + "\", \"credentials\": \"arn:aws:iam::000000000000:role/r\", "
                    + "\"passthroughBehavior\": \"NEVER\", \"timeoutInMillis\": 50, \"contentHandling\": \"CONVERT_TO_BINARY\", "
                    + "\"cacheNamespace\": \"ns\", \"cacheKeyParameters\": [\"method.request.path.id\"]}"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ITEMS + "?embed=methods"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ITEMS),
            req("DELETE", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/PATCH/integration"),
            req("DELETE", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/PATCH/integration"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/PATCH"),
            req("DELETE", "/restapis/" + SHOP + "/resources/" + ITEMS + "/methods/PATCH"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ITEMS + "?embed=methods"),
            req("PUT", TAGS, "{\"tags\": {\"x\": \"1\", \"team\": \"core\"}}"),
            req("GET", TAGS),
            req("DELETE", TAGS + "?tagKeys=x&tagKeys=nope"),
            req("GET", TAGS),
            req("DELETE", TAGS + "?tagKeys=team,stage"),
            req("GET", "/restapis/" + SHOP),
            req("PUT", TAGS, "{\"tags\": {}}"),
            req("GET", "/restapis/" + SHOP),
            req("DELETE", "/restapis/" + SHOP + "/stages/prod"),
            req("DELETE", "/restapis/" + SHOP + "/stages/prod"),
            req("GET", "/restapis/" + SHOP + "/stages"),
            req("DELETE", "/restapis/" + SHOP + "/resources/" + ITEMS),
            req("GET", "/restapis/" + SHOP + "/resources"),
            req("GET", "/restapis/" + SHOP + "/resources/" + ID),
            req("GET", "/restapis/" + SHOP + "/dev/_user_request_/items/special"),
            req("DELETE", "/restapis/" + EMPTY),
            req("GET", "/restapis"));

    private static String integration(String resource) {
        return "/restapis/" + SHOP + "/resources/" + resource + "/methods/GET/integration";
    }

    private static String[] req(String method, String target) {
        return new String[] {method, target, null};
    }

    private static String[] req(String method, String target, String body) {
        return new String[] {method, target, body};
    }

    static CloudResponse send(ApiGatewayService service, String method, String target, String body) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                query.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
            }
        }
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Host", List.of("127.0.0.1:4566"));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try {
            return service.handle(new CloudRequest(method, path, query, headers, bytes, "eu-west-1"));
        } catch (AwsServiceException e) {
            return service.error(e);
        }
    }

    static ObjectNode answer(String[] request, CloudResponse response) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("request", request[0] + " " + request[1]);
        answer.put("status", response.status());
        answer.put("errorType", response.headers().get("x-amzn-ErrorType"));
        answer.put("body", new String(response.body(), StandardCharsets.UTF_8));
        return answer;
    }

    static Path stateFrom(Path dataDir) throws IOException {
        Path file = dataDir.resolve("apigateway").resolve("apis.json");
        Files.createDirectories(file.getParent());
        try (InputStream in = ApiGatewayUpgradeTest.class.getResourceAsStream("apis-before-split.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void answersOverStateWrittenBeforeTheSplitAreUnchanged() throws Exception {
        stateFrom(dataDir);
        JsonNode expected = JSON.readTree(ApiGatewayUpgradeTest.class.getResourceAsStream("answers-before-split.json"));
        assertEquals(SCRIPT.size(), expected.size());
        try (ApiGatewayService service = new ApiGatewayService(dataDir, null)) {
            for (int i = 0; i < SCRIPT.size(); i++) {
                String[] request = SCRIPT.get(i);
                assertEquals(expected.get(i), answer(request, send(service, request[0], request[1], request[2])),
                        request[0] + " " + request[1]);
            }
        }
    }

    @Test
    void stateWrittenAfterTheUpgradeLoadsAgain() throws Exception {
        stateFrom(dataDir);
        List<String[]> reads = SCRIPT.stream().filter(r -> r[0].equals("GET")).toList();
        List<ObjectNode> before = new ArrayList<>();
        try (ApiGatewayService service = new ApiGatewayService(dataDir, null)) {
            for (String[] request : SCRIPT) {
                send(service, request[0], request[1], request[2]);
            }
            for (String[] request : reads) {
                before.add(answer(request, send(service, request[0], request[1], null)));
            }
        }
        try (ApiGatewayService service = new ApiGatewayService(dataDir, null)) {
            for (int i = 0; i < reads.size(); i++) {
                String[] request = reads.get(i);
                assertEquals(before.get(i), answer(request, send(service, request[0], request[1], null)),
                        request[0] + " " + request[1]);
            }
        }
    }
}
