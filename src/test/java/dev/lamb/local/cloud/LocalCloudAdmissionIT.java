package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Issue 12, section 1: only the user's own tools drive the cloud. The requests are the probe's: a page's
 * CORS-safelisted POSTs (IAM's form-urlencoded CreateRole, Lambda's CreateFunction and Invoke as text/plain),
 * with and without the Origin a browser adds, and DNS rebinding's foreign Host. The refusals are AWS's
 * (MissingAuthenticationToken[Exception] for an unsigned call, 403, in each protocol's error shape), and the
 * cloud's state afterwards shows nothing happened.
 */
class LocalCloudAdmissionIT {
    /** A trust policy IAM accepts, so that only admission stands between the page and a role. */
    static final String TRUST = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
    /** A signature's shape, as any AWS client sends one; a cloud without --auth does not verify it. */
    static final String SIGNED = "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, "
            + "SignedHeaders=host, Signature=00";

    @RegisterExtension
    final DeployedCloud cloud = DeployedCloud.perTest();

    @Test
    void aPageCannotCreateARoleNorCreateOrInvokeAFunction() throws IOException {
        String role = "Action=CreateRole&Version=2010-05-08&RoleName=pwned&AssumeRolePolicyDocument=" + TRUST;
        String function = "{\"FunctionName\":\"pwned\",\"Runtime\":\"python3.12\",\"Handler\":\"h.h\","
                + "\"Role\":\"arn:aws:iam::000000000000:role/pwned\",\"Code\":{\"ZipFile\":\""
                + Base64.getEncoder().encodeToString(pythonZip()) + "\"}}";
        for (String origin : new String[] {"Origin: http://evil.example:8000\r\n", ""}) {
            Raw iam = post("/", "application/x-www-form-urlencoded", origin, role);
            assertEquals(403, iam.status(), iam.body());
            assertTrue(iam.body().contains(origin.isEmpty() ? "<Code>MissingAuthenticationToken</Code>" : "<Code>AccessDenied</Code>"),
                    "IAM's query protocol answers in XML: " + iam.body());

            Raw create = post("/2015-03-31/functions", "text/plain", origin, function);
            assertEquals(403, create.status(), create.body());
            assertTrue(create.body().contains(origin.isEmpty() ? "\"__type\":\"MissingAuthenticationTokenException\""
                    : "\"__type\":\"AccessDeniedException\""), create.body());

            Raw invoke = post("/2015-03-31/functions/pwned/invocations", "text/plain", origin, "{}");
            assertEquals(403, invoke.status(), invoke.body());
        }
        assertThrows(NoSuchEntityException.class, () -> cloud.aws().iam().getRole(r -> r.roleName("pwned")));
        assertThrows(ResourceNotFoundException.class, () -> cloud.aws().lambda().getFunction(r -> r.functionName("pwned")));
        assertTrue(cloud.aws().lambda().listFunctions().functions().isEmpty());
    }

    @Test
    void aSignedRequestFromAPageIsRefusedToo() throws IOException {
        Raw withOrigin = send("GET /2015-03-31/functions/ HTTP/1.1\r\nHost: 127.0.0.1:" + cloud.local().port()
                + "\r\nOrigin: null\r\nAuthorization: " + SIGNED + "\r\nConnection: close\r\n\r\n");
        assertEquals(403, withOrigin.status(), withOrigin.body());
        assertTrue(withOrigin.body().contains("Origin null"), withOrigin.body());
    }

    @Test
    void dnsRebindingsForeignHostIsRefusedEverywhere() throws IOException {
        for (String host : new String[] {"evil.example:" + cloud.local().port(), "127.0.0.1.nip.io:" + cloud.local().port(), "localhost:1",
                "abc.execute-api.evil.example:" + cloud.local().port()}) {
            Raw list = send("GET /2015-03-31/functions/ HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + SIGNED
                    + "\r\nConnection: close\r\n\r\n");
            assertEquals(403, list.status(), host + ": " + list.body());
            assertTrue(list.body().contains("not for Host " + host), list.body());
            Raw health = send("GET " + LocalCloud.HEALTH_PATH + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertEquals(403, health.status(), host + ": " + health.body());
        }
        int port = cloud.local().port();
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port}) {
            Raw list = send("GET /2015-03-31/functions/ HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + SIGNED
                    + "\r\nConnection: close\r\n\r\n");
            assertEquals(200, list.status(), host + ": " + list.body());
        }
    }

    @Test
    void apiGatewaysDataPlaneStaysOpenToPages() throws IOException {
        // No API named nope: API Gateway's own answer, not the cloud's refusal, shows the request got in.
        Raw path = send("GET /restapis/nope/dev/_user_request_/hello HTTP/1.1\r\nHost: 127.0.0.1:" + cloud.local().port()
                + "\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n");
        Raw host = send("GET /dev/hello HTTP/1.1\r\nHost: nope.execute-api.localhost:" + cloud.local().port()
                + "\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n");
        for (Raw raw : new Raw[] {path, host}) {
            assertTrue(!raw.body().contains("MissingAuthenticationToken") && !raw.body().contains("AccessDenied"), raw.body());
        }
    }

    @Test
    void lambsFaultEndpointTakesOnlySignedRequests() throws IOException {
        Raw unsigned = post(LocalCloud.FAULTS_PATH, "text/plain", "", "{\"service\":\"lambda\",\"kind\":\"throttle\"}");
        assertEquals(403, unsigned.status(), unsigned.body());
        FaultsClient admin = new FaultsClient(cloud.endpoint());
        assertTrue(admin.list().isEmpty(), "the unsigned POST added nothing");
        admin.add("lambda", null, "latency", null, 1L, 1);
        assertEquals(1, admin.list().size());
    }

    /** What the issue asks functions to get for now: stand-in keys, their region, and this cloud as their endpoint. */
    @Test
    void aFunctionIsGivenThisCloudAsItsEndpointAndStandInKeys() throws IOException {
        cloud.aws().iam().createRole(r -> r.roleName("fn").assumeRolePolicyDocument(
                URLDecoder.decode(TRUST, StandardCharsets.UTF_8)));
        SdkBytes zip = SdkBytes.fromByteArray(pythonZip());
        cloud.aws().lambda().createFunction(r -> r.functionName("env").runtime("python3.12").handler("h.env")
                .role("arn:aws:iam::000000000000:role/fn").code(c -> c.zipFile(zip)));
        cloud.aws().lambda().waiter().waitUntilFunctionActiveV2(r -> r.functionName("env"));
        String answer = cloud.aws().lambda().invoke(r -> r.functionName("env")).payload().asUtf8String();
        assertTrue(answer.contains("\"AWS_ENDPOINT_URL\": \"" + cloud.endpoint() + "\""), answer);
        assertTrue(answer.contains("\"AWS_ACCESS_KEY_ID\": \"ASIA"), answer);
        assertTrue(answer.contains("\"AWS_REGION\": \"us-east-1\""), answer);
    }

    /**
     * Review item 2: what a page's {@code <img src>} can send, a GET with a presigned-looking query naming IAM, to the open
     * data planes' paths (lamb's code downloads, API Gateway's _user_request_) and to the root. Without --auth nothing
     * verifies a presigned URL, so it is no signature, and a path is open only to the service that serves it: IAM never
     * runs DeleteRole, whether the URL has the X-Amz-Algorithm a real presigned URL has or not. Sent by Java's HttpClient and
     * by curl; the role is there afterwards.
     */
    @Test
    void anImgTagsPresignedLookingGetCannotReachIam(@TempDir Path work) throws Exception {
        cloud.aws().iam().createRole(r -> r.roleName("kept").assumeRolePolicyDocument(URLDecoder.decode(TRUST, StandardCharsets.UTF_8)));
        String fake = "X-Amz-Credential=a%2F20260101%2Fus-east-1%2Fiam%2Faws4_request&X-Amz-Signature=0&Action=DeleteRole&RoleName=kept";
        HttpClient http = HttpClient.newHttpClient();
        Path curl = RequiredTools.require("curl");
        for (String path : List.of("/2015-03-31/_lamb/code/x", "/2015-03-31/_lamb/code/us-east-1/x.zip", "/restapis/x/y/_user_request_/",
                "/")) {
            for (String query : List.of(fake, "X-Amz-Algorithm=AWS4-HMAC-SHA256&" + fake)) {
                URI url = URI.create(cloud.local().endpoint() + path + "?" + query);
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url).header("Sec-Fetch-Dest", "image").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(answer.statusCode() == 403 || answer.statusCode() == 404, url + ": " + answer.statusCode() + " " + answer.body());
                Processes.Result curled = Processes.run(work, curl.toString(), "-s", "-o", "/dev/null", "-w", "%{http_code}", url.toString());
                assertTrue(curled.output().trim().equals("403") || curled.output().trim().equals("404"), url + ": " + curled.output());
            }
        }
        assertEquals("kept", cloud.aws().iam().getRole(r -> r.roleName("kept")).role().roleName(), "IAM never ran DeleteRole");
    }

    private record Raw(int status, String body) {}

    private Raw post(String path, String contentType, String extraHeaders, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + cloud.local().port() + "\r\nContent-Type: " + contentType
                + "\r\n" + extraHeaders + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body);
    }

    /** Bytes on a socket: the JDK's HTTP client will not send another Host, nor a browser's Origin. */
    private Raw send(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), cloud.local().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Raw(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    /** A Python function: h.h tells its uid, as the probe's did; h.env what it was given to call AWS with. */
    static byte[] pythonZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("h.py"));
            zip.write(("import os\ndef h(e, c):\n    return {'uid': os.getuid()}\n"
                    + "def env(e, c):\n    return {k: os.environ.get(k) for k in ('AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_REGION')}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
