package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.ClientScripts;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.InvokeMode;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Issue 15, section 4: [url] in lamb.toml makes `lamb deploy` create the stage's Function URL on its alias, print it,
 * and for auth = "NONE" add both permissions Lambda requires since October 2025 (lambda:InvokeFunctionUrl with
 * FunctionUrlAuthType NONE, lambda:InvokeFunction with InvokedViaFunctionUrl), read back with the AWS CLI v2 and boto3
 * (function_url.py). The greeting answers through the URL's host and its path form. auth = "AWS_IAM" takes the
 * statements away (an unsigned GET is 403, one signed for lambda 200), and a lamb.toml without [url] removes the URL.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FunctionUrlDeployIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/resources/boto3/function_url.py").toAbsolutePath();
    private static final String STREAMER = """
            export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
              const http = awslambda.HttpResponseStream.from(responseStream,
                { statusCode: 201, headers: { 'content-type': 'text/plain', 'x-streamed': 'yes' }, cookies: ['a=1'] });
              http.write('first\\n');
              await new Promise((resolve) => setTimeout(resolve, event.rawPath === '/fail' ? 300 : 1000));
              if (event.rawPath === '/fail') {
                throw new Error('the dependency failed mid-stream');
              }
              http.end('last\\n');
            });
            """;

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    Path work;

    @Test
    void aPublicUrlThenAnIamOneThenNone() throws Exception {
        Path dir = DeployedCloud.init(work, "linked");
        Path toml = dir.resolve("lamb.toml");
        String plain = Files.readString(toml);
        Files.writeString(toml, plain + "\n[url]\nauth = \"NONE\"\n\n[url.cors]\norigins = [\"https://app.example\"]\nmax_age = 60\n");

        Lamb.Run plan = cloud.lamb("deploy", "--dir", dir.toString(), "--dry-run");
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains("would create function URL of dev (auth NONE, BUFFERED, CORS)"), plan.out());
        assertTrue(plan.out().contains("would create public lambda:InvokeFunctionUrl on dev (the URL is public: anyone may call it)"),
                plan.out());
        assertTrue(plan.out().contains("would create public lambda:InvokeFunction on dev"), plan.out());

        Lamb.Run deployed = cloud.lamb("deploy", "--dir", dir.toString());
        assertEquals(0, deployed.exitCode(), deployed.err());
        String url = deployed.out().lines().filter(l -> l.contains(".lambda-url.us-east-1.localhost:")).findFirst().orElseThrow();
        assertTrue(url.matches("http://[a-z0-9]{32}\\.lambda-url\\.us-east-1\\.localhost:" + cloud.local().port() + "/"), url);

        // The AWS CLI v2 reads back the URL on the alias and both statements of its policy.
        JsonNode config = cli("lambda", "get-function-url-config", "--function-name", "linked", "--qualifier", "dev");
        assertEquals(List.of("NONE", url, "https://app.example", "60"), List.of(config.path("AuthType").asText(),
                config.path("FunctionUrl").asText(), config.path("Cors").path("AllowOrigins").path(0).asText(),
                config.path("Cors").path("MaxAge").asText()));
        JsonNode policy = JSON.readTree(cli("lambda", "get-policy", "--function-name", "linked", "--qualifier", "dev")
                .path("Policy").asText());
        assertEquals(Map.of("lamb-url-InvokeFunctionUrl", "lambda:InvokeFunctionUrl", "lamb-url-InvokeFunction", "lambda:InvokeFunction"),
                statements(policy));
        boto3("NONE");

        // The greeting answers through the URL's host and through its path form on the cloud's own host.
        String id = URI.create(url).getHost().substring(0, 32);
        HttpResponse<String> pathForm = get(cloud.endpoint() + "/_lamb/url/us-east-1/" + id + "/?name=Ada");
        assertEquals(List.of(200, "\"Hello, Ada!\""), List.of(pathForm.statusCode(), pathForm.body()));

        JsonNode again = JSON.readTree(cloud.lamb("deploy", "--dir", dir.toString(), "--output", "json").out());
        assertEquals(0, again.path("write_calls").asInt(), "nothing to do: " + again);
        assertEquals(url, again.path("function_url").asText());
        Lamb.Run status = cloud.lamb("status", "--stage", "dev", "--dir", dir.toString());
        assertTrue(status.out().contains("function url:    " + url + " (auth NONE)"), status.out());

        Files.writeString(toml, plain + "\n[url]\nauth = \"AWS_IAM\"\n");
        Lamb.Run iam = cloud.lamb("deploy", "--dir", dir.toString());
        assertEquals(0, iam.exitCode(), iam.err());
        assertTrue(iam.err().contains("url: updated function URL of dev (auth NONE -> AWS_IAM, CORS)"), iam.err());
        assertTrue(iam.err().contains("url: deleted public lambda:InvokeFunction on dev"), iam.err());
        boto3("AWS_IAM");
        assertEquals(403, get(cloud.endpoint() + "/_lamb/url/us-east-1/" + id + "/?name=Ada").statusCode());

        Files.writeString(toml, plain);
        Lamb.Run removed = cloud.lamb("deploy", "--dir", dir.toString());
        assertEquals(0, removed.exitCode(), removed.err());
        assertTrue(removed.err().contains("url: deleted function URL of dev (" + url + ")"), removed.err());
        assertThrows(ResourceNotFoundException.class, () -> cloud.aws().lambda().getFunctionUrlConfig(r -> r.functionName("linked")
                .qualifier("dev")));
    }

    /**
     * A URL made by hand on lamb's alias is the user's: a lamb.toml without [url] leaves it, and one with [url] is refused
     * (exit 1, naming the URL, the hand-made event invoke config [function.async] would overwrite, and 'lamb deploy
     * --adopt') with nothing changed, as the AWS CLI v2 reads back; --adopt tags both (lamb:url:dev, lamb:async:dev) and
     * applies lamb.toml (review 15 items 6 and 14).
     */
    @Test
    void aUrlMadeByHandStaysIsRefusedThenAdopted() throws Exception {
        Path dir = DeployedCloud.init(work, "handmade");
        cloud.deploy(dir);
        LambdaClient lambda = cloud.aws().lambda();
        String url = lambda.createFunctionUrlConfig(r -> r.functionName("handmade").qualifier("dev").authType(FunctionUrlAuthType.AWS_IAM))
                .functionUrl();
        Lamb.Run again = cloud.lamb("deploy", "--dir", dir.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(FunctionUrlAuthType.AWS_IAM, lambda.getFunctionUrlConfig(r -> r.functionName("handmade").qualifier("dev")).authType());

        // An event invoke config made by hand too, with [function.async] in lamb.toml: also named, also left as it is.
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("handmade").qualifier("dev").maximumRetryAttempts(2));
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml) + "\n[url]\nauth = \"NONE\"\n\n[function.async]\nmax_retries = 0\n");
        Lamb.Run refused = cloud.lamb("deploy", "--dir", dir.toString());
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("event invoke config of handmade:dev exists without lamb's tag lamb:async:dev; "
                + "function URL of dev (" + url + ") exists without lamb's tag lamb:url:dev")
                && refused.err().contains("'lamb deploy --adopt'"), refused.err());
        assertEquals(2, cli("lambda", "get-function-event-invoke-config", "--function-name", "handmade", "--qualifier", "dev")
                .path("MaximumRetryAttempts").asInt());
        assertEquals("AWS_IAM", cli("lambda", "get-function-url-config", "--function-name", "handmade", "--qualifier", "dev")
                .path("AuthType").asText());
        String policy = cli("lambda", "get-policy", "--function-name", "handmade", "--qualifier", "dev").path("Policy").asText();
        assertFalse(policy.contains("lamb-url-"), "no public statement was added: " + policy);

        Lamb.Run adopted = cloud.lamb("deploy", "--adopt", "--yes", "--dir", dir.toString());
        assertEquals(0, adopted.exitCode(), adopted.err());
        assertTrue(adopted.err().contains("url: adopted function URL of dev (" + url + ") (tag lamb:url:dev)"), adopted.err());
        assertEquals("NONE", cli("lambda", "get-function-url-config", "--function-name", "handmade", "--qualifier", "dev")
                .path("AuthType").asText());
        String arn = lambda.getFunction(r -> r.functionName("handmade")).configuration().functionArn();
        assertEquals("true", cli("lambda", "list-tags", "--resource", arn).path("Tags").path("lamb:url:dev").asText());
        assertTrue(adopted.err().contains("async: adopted event invoke config of handmade:dev (tag lamb:async:dev)"), adopted.err());
        assertEquals(0, cli("lambda", "get-function-event-invoke-config", "--function-name", "handmade", "--qualifier", "dev")
                .path("MaximumRetryAttempts").asInt());
    }

    /**
     * Review 15 item 6: lamb marks the URL as its own (the function's tag lamb:url:dev) before it creates it, so a deploy
     * that stops between the two (here the tag call fails, a fault of the local cloud) leaves no URL lamb would later take
     * for the user's; the rerun makes it, and a lamb.toml without [url] then deletes it.
     */
    @Test
    void aDeployStoppedAtTheMarkLeavesNoUnmarkedUrl() throws Exception {
        Path dir = DeployedCloud.init(work, "marked");
        Path toml = dir.resolve("lamb.toml");
        String plain = Files.readString(toml);
        Files.writeString(toml, plain + "\n[url]\nauth = \"AWS_IAM\"\n");
        cloud.local().faults().add("lambda", "POST /2017-03-31/tags/", "error", 1.0, null, 10);
        Lamb.Run failed;
        try {
            failed = cloud.lamb("deploy", "--yes", "--dir", dir.toString());
        } finally {
            cloud.local().faults().clear();
        }
        assertTrue(failed.exitCode() != 0 && failed.err().contains("deploy failed at step 'url'"), failed.err());
        assertThrows(ResourceNotFoundException.class, () -> cloud.aws().lambda().getFunctionUrlConfig(r -> r.functionName("marked")
                .qualifier("dev")));

        Lamb.Run rerun = cloud.lamb("deploy", "--dir", dir.toString());
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertEquals("AWS_IAM", cli("lambda", "get-function-url-config", "--function-name", "marked", "--qualifier", "dev")
                .path("AuthType").asText());
        Files.writeString(toml, plain);
        Lamb.Run removed = cloud.lamb("deploy", "--dir", dir.toString());
        assertEquals(0, removed.exitCode(), removed.err());
        assertThrows(ResourceNotFoundException.class, () -> cloud.aws().lambda().getFunctionUrlConfig(r -> r.functionName("marked")
                .qualifier("dev")));
    }

    /**
     * RESPONSE_STREAM: a Node handler wrapped in awslambda.streamifyResponse writes its HttpResponseStream prelude, a first
     * line, then after a second a last one; the client has the prelude's status, headers and cookies, and the first line,
     * before the function ends (Lambda developer guide, "Response streaming for Lambda functions").
     */
    @Test
    void aStreamingUrlSendsWhatTheFunctionWritesAsItWritesIt() throws Exception {
        RequiredTools.require("node");
        LambdaClient lambda = cloud.aws().lambda();
        cloud.aws().iam().createRole(r -> r.roleName("streamer").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                + "[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        SdkBytes code = SdkBytes.fromByteArray(zip("index.mjs", STREAMER));
        lambda.createFunction(r -> r.functionName("streamer").runtime("nodejs22.x").handler("index.handler")
                .role("arn:aws:iam::000000000000:role/streamer").code(c -> c.zipFile(code)));
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("streamer"));
        String url = lambda.createFunctionUrlConfig(r -> r.functionName("streamer").authType(FunctionUrlAuthType.NONE)
                .invokeMode(InvokeMode.RESPONSE_STREAM)).functionUrl();
        lambda.addPermission(r -> r.functionName("streamer").statementId("url").action("lambda:InvokeFunctionUrl").principal("*")
                .functionUrlAuthType(FunctionUrlAuthType.NONE));
        lambda.addPermission(r -> r.functionName("streamer").statementId("invoke").action("lambda:InvokeFunction").principal("*")
                .invokedViaFunctionUrl(true));

        String id = URI.create(url).getHost().substring(0, 32);
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cloud.endpoint() + "/_lamb/url/us-east-1/" + id + "/")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(201, response.statusCode());
        assertEquals(List.of("text/plain", "yes", "a=1"), List.of(response.headers().firstValue("content-type").orElse(""),
                response.headers().firstValue("x-streamed").orElse(""), response.headers().firstValue("set-cookie").orElse("")));
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals("first", body.readLine());
            long firstAt = System.nanoTime();
            assertEquals("last", body.readLine());
            long gap = (System.nanoTime() - firstAt) / 1_000_000;
            assertTrue(gap >= 500, "the first line came " + gap + " ms before the last, which the function wrote a second later");
            assertEquals(null, body.readLine());
        }

        // A handler error after the stream began: the status and headers are sent already, so the client keeps what was
        // written, and the response is cut off there, never ended, so that no client takes it for a whole answer (the
        // developer guide, "Implementing response streaming in a custom runtime": an error after the response began is
        // reported at the end of the stream, in trailers, not as a status).
        HttpResponse<InputStream> failed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cloud.endpoint() + "/_lamb/url/us-east-1/" + id + "/fail")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(201, failed.statusCode());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        IOException cut = null;
        try (InputStream body = failed.body()) {
            body.transferTo(received);
        } catch (IOException e) {
            cut = e;
        }
        assertEquals("first\n", received.toString(StandardCharsets.UTF_8), "what was written before the error, and nothing after");
        assertNotNull(cut, "the response breaks off: no end-of-body chunk after the error");
    }

    /**
     * Review items 8a and 13. A NONE URL is public only where each statement's Condition holds for a call through it: one
     * limited to AWS_IAM URLs, or to a source account (an anonymous caller has none), leaves it 403, as Lambda answers
     * ("Control access to Lambda function URLs"). AddPermission with SourceAccount and FunctionUrlAuthType keeps both in
     * one StringEquals (the AWS CLI v2's get-policy shows them). The 2.0 event's rawPath and rawQueryString are as sent,
     * queryStringParameters decoded and a repeated key's values comma-joined ("Invoking Lambda function URLs").
     */
    @Test
    void aUrlIsPublicOnlyWhereItsStatementsConditionsHoldAndItsEventIsAsSent() throws Exception {
        LambdaClient lambda = cloud.aws().lambda();
        cloud.aws().iam().createRole(r -> r.roleName("echo").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                + "[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        SdkBytes code = SdkBytes.fromByteArray(zip("index.py", "def handler(event, context):\n    return event\n"));
        lambda.createFunction(r -> r.functionName("echo").runtime("python3.12").handler("index.handler")
                .role("arn:aws:iam::000000000000:role/echo").code(c -> c.zipFile(code)));
        String id = URI.create(lambda.createFunctionUrlConfig(r -> r.functionName("echo").authType(FunctionUrlAuthType.NONE))
                .functionUrl()).getHost().substring(0, 32);
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("echo"));
        String url = cloud.endpoint() + "/_lamb/url/us-east-1/" + id + "/p%20q?a=b%20c&a=d";
        lambda.addPermission(r -> r.functionName("echo").statementId("invoke").action("lambda:InvokeFunction").principal("*")
                .invokedViaFunctionUrl(true));
        lambda.addPermission(r -> r.functionName("echo").statementId("iam-only").action("lambda:InvokeFunctionUrl").principal("*")
                .functionUrlAuthType(FunctionUrlAuthType.AWS_IAM));
        assertEquals(403, get(url).statusCode(), "a statement for AWS_IAM URLs does not open a NONE URL");

        cli("lambda", "add-permission", "--function-name", "echo", "--statement-id", "one-account", "--action",
                "lambda:InvokeFunctionUrl", "--principal", "*", "--function-url-auth-type", "NONE", "--source-account", "000000000000");
        JsonNode policy = JSON.readTree(cli("lambda", "get-policy", "--function-name", "echo").path("Policy").asText());
        JsonNode oneAccount = null;
        for (JsonNode statement : policy.path("Statement")) {
            oneAccount = statement.path("Sid").asText().equals("one-account") ? statement : oneAccount;
        }
        assertEquals(JSON.readTree("{\"StringEquals\":{\"AWS:SourceAccount\":\"000000000000\",\"lambda:FunctionUrlAuthType\":\"NONE\"}}"),
                oneAccount.path("Condition"), "both conditions of AddPermission, in one StringEquals");
        assertEquals(403, get(url).statusCode(), "a statement for one source account does not open the URL to anyone");

        lambda.addPermission(r -> r.functionName("echo").statementId("public").action("lambda:InvokeFunctionUrl").principal("*")
                .functionUrlAuthType(FunctionUrlAuthType.NONE));
        HttpResponse<String> answer = get(url);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode event = JSON.readTree(answer.body());
        assertEquals(List.of("/p%20q", "a=b%20c&a=d", "b c,d"), List.of(event.path("rawPath").asText(),
                event.path("rawQueryString").asText(), event.path("queryStringParameters").path("a").asText()));
    }

    private static byte[] zip(String name, String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(text.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private JsonNode cli(String... args) {
        return AwsCli.json(work, cloud.endpoint(), args);
    }

    private void boto3(String auth) {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        ClientScripts.assertOk("function_url", work, Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                List.of(python.toString(), SCRIPT.toString(), cloud.endpoint(), "linked", "dev", auth));
    }

    /** lamb's URL statements (the API's permission is there too), by id. */
    private static Map<String, String> statements(JsonNode policy) {
        Map<String, String> found = new TreeMap<>();
        policy.path("Statement").forEach(s -> {
            if (s.path("Sid").asText().startsWith("lamb-url-")) {
                found.put(s.path("Sid").asText(), s.path("Action").asText());
            }
        });
        return found;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
