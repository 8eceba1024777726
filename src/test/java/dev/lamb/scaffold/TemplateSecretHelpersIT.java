package dev.lamb.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Issue 17 §2: each template's secret helper reads a real secret from the local cloud's Secrets Manager (one key of a
 * JSON secret, "#password") and a SecureString from its Parameter Store, with temporary credentials of a role granted
 * exactly those two (GetSecretValue, GetParameter), found through NAME_SECRET_ARN and AWS_ENDPOINT_URL as Lambda gives
 * them; a third secret the role may not read fails at once with AccessDenied, naming its variable. Each runtime runs
 * its helper once, through the SDK its Lambda runtime provides (boto3, the AWS SDK for JavaScript v3) or the template's
 * own signed calls (Java, Go): Python as a function deployed with that role, so that the local cloud's Lambda runtime
 * gives it the role's credentials and AWS_ENDPOINT_URL; the others in a process given the role's credentials from STS.
 *
 * <p>Expected values: the Secrets Manager and SSM API references (GetSecretValue's SecretString; GetParameter's
 * Parameter.Value, decrypted with WithDecryption; AccessDeniedException when the caller's policy does not allow the
 * action on the resource), and the convention NAME_SECRET_ARN, with "#json-key" for one key of a JSON secret.
 *
 * <p>The cloud verifies every signature, as `lamb local start --auth` does: the Java and Go helpers sign their POSTs
 * (JSON body, session token) by hand, and a signature of theirs that AWS would refuse fails their test here too.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TemplateSecretHelpersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "tpl-pa55word";
    private static final String SIGNING_KEY = "tpl-signing-key-0123";
    private static final String UNGRANTED = "tpl-not-for-this-role";

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass().verifyingSignatures();

    @TempDir
    static Path work;

    /** What each probe runs with: the role's temporary credentials, the cloud's endpoint and the three variables. */
    private static final Map<String, String> env = new HashMap<>();
    private static String roleArn;

    /** The secrets and the role (src/test/resources/secrets/reader_role.py, through boto3): one process, not a CLI call each. */
    @BeforeAll
    static void secretsAndARoleThatMayReadTwoOfThem() throws IOException {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        Processes.Result setup = Processes.run(work, Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
                60, List.of(python.toString(), probe("reader_role.py").toString(), cloud.endpoint(), PASSWORD, SIGNING_KEY, UNGRANTED));
        assertEquals(0, setup.exitCode(), setup.output());
        JsonNode made = JSON.readTree(setup.output());
        for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")) {
            env.put(variable, made.path(variable).asText());
        }
        env.put("AWS_ENDPOINT_URL", cloud.endpoint());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("DB_PASSWORD_SECRET_ARN", made.path("secret").asText() + "#password");
        env.put("SIGNING_KEY_SECRET_ARN", made.path("parameter").asText());
        env.put("DENIED_SECRET_ARN", made.path("ungranted").asText());
        roleArn = made.path("role").asText();
    }

    /** The cloud under these tests refuses a role session's request signed wrongly (InvalidSignatureException, HTTP 403). */
    @Test
    void aWrongSignatureIsRefused() throws IOException, InterruptedException {
        String now = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        HttpRequest request = HttpRequest.newBuilder(URI.create(cloud.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .header("X-Amz-Date", now).header("X-Amz-Security-Token", env.get("AWS_SESSION_TOKEN"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + env.get("AWS_ACCESS_KEY_ID") + "/" + now.substring(0, 8)
                        + "/us-east-1/secretsmanager/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token;x-amz-target, "
                        + "Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"tpl/db\"}")).build();
        HttpResponse<String> refused = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("InvalidSignatureException"), refused.body());
    }

    @Test
    void pythonReadsThroughBoto3InTheLambdaRuntime() throws IOException {
        RequiredTools.requirePythonModule("boto3", "boto3");
        Path project = init("python");
        Files.copy(probe("probe.py"), project.resolve("probe.py"));
        Path toml = project.resolve("lamb.toml");
        StringBuilder variables = new StringBuilder("[function.environment]\n");
        for (String name : List.of("DB_PASSWORD", "SIGNING_KEY", "DENIED")) {
            variables.append(name).append("_SECRET_ARN = \"").append(env.get(name + "_SECRET_ARN")).append("\"\n");
        }
        // A whole vCPU and 29 s: importing boto3 takes about half a second of CPU, too much for 128 MB on a loaded machine.
        Files.writeString(toml, Files.readString(toml).replace("handler = \"handler.handler\"", "handler = \"probe.handler\"")
                .replace("memory = 128\n", "memory = 1769\n").replace("timeout = 10\n", "timeout = 29\n")
                .replace("tracing = true\n", "tracing = true\nrole = \"" + roleArn + "\"\n")
                .replace("[function.environment]\n", variables));
        cloud.deploy(project);
        InvokeResponse invoked = cloud.aws().lambda().invoke(r -> r.functionName("greeter"));
        String answer = invoked.payload().asUtf8String();
        assertNull(invoked.functionError(), answer);
        assertRead(JSON.readTree(answer).path("body").asText(), answer);
    }

    @Test
    void nodeReadsThroughTheJavaScriptSdk() throws IOException {
        Path js = Path.of("src/test/js").toAbsolutePath();
        Path node = RequiredTools.requireNodePackages(js);
        Path project = init("node");
        // As on Lambda, the SDK is found beside the function, not bundled in it.
        Files.createSymbolicLink(project.resolve("node_modules"), js.resolve("node_modules"));
        Files.copy(probe("probe.mjs"), project.resolve("probe.mjs"));
        assertRead(Processes.run(project, env, 60, List.of(node.toString(), "probe.mjs")));
    }

    @Test
    void javaReadsThroughItsSignedCalls() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path project = init("java");
        Path sources = project.resolve("src/main/java/example");
        Files.copy(probe("Probe.java"), sources.resolve("Probe.java"));
        // The helper's classes and Jackson, the template's one dependency they use: no Maven build, no handler.
        String jackson = String.join(File.pathSeparator, jar(ObjectMapper.class), jar(JsonParser.class), jar(JsonProperty.class));
        Path classes = Files.createDirectories(project.resolve("classes"));
        List<String> javacArgs = new ArrayList<>(List.of("--release", "17", "-cp", jackson, "-d", classes.toString()));
        try (Stream<Path> files = Files.list(sources)) {
            files.filter(f -> !f.endsWith("Handler.java")).forEach(f -> javacArgs.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, javacArgs.toArray(String[]::new)), "the template's helper compiles");
        assertRead(Processes.run(project, env, 60, List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
                classes + File.pathSeparator + jackson, "example.Probe")));
    }

    @Test
    void goReadsThroughItsSignedCalls() throws IOException {
        Path go = RequiredTools.require("go");
        Path project = init("go");
        Files.createDirectories(project.resolve("cmd/probe"));
        Files.copy(probe("probe.go"), project.resolve("cmd/probe/main.go"));
        // The secrets package uses the standard library only, so it builds without the module proxy.
        assertRead(Processes.run(project, with("GOPROXY", "off", "GOFLAGS", "-mod=mod"), 120, List.of(go.toString(), "run", "./cmd/probe")));
    }

    private static void assertRead(Processes.Result run) {
        assertEquals(0, run.exitCode(), run.output());
        assertRead(run.output().lines().filter(l -> l.startsWith("db=")).findFirst().orElseThrow(() -> new AssertionError(run.output())),
                run.output());
    }

    /** The probe read both granted secrets, in full, and was refused the third, without printing any value. */
    private static void assertRead(String line, String everything) {
        assertTrue(line.startsWith("db=" + PASSWORD.length() + " key=" + SIGNING_KEY.length() + " denied="), line);
        String denied = line.substring(line.indexOf("denied=") + "denied=".length());
        assertTrue(denied.contains("DENIED_SECRET_ARN") && denied.contains("AccessDenied"), denied);
        for (String value : List.of(PASSWORD, SIGNING_KEY, UNGRANTED)) {
            assertFalse(everything.contains(value), "a value in the output: " + everything);
        }
    }

    private static Path init(String runtime) {
        Path dir = work.resolve(runtime);
        Lamb.Run run = Lamb.run("init", "greeter", "--runtime", runtime, "--yes", "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        return dir;
    }

    private static Map<String, String> with(String... more) {
        Map<String, String> all = new HashMap<>(env);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    private static Path probe(String name) {
        return Path.of("src/test/resources/secrets", name).toAbsolutePath();
    }

    private static String jar(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

}
