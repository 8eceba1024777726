package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServeProcess;

/**
 * Issue 14, "Functions run as themselves, against the local cloud": a function gets temporary credentials of its
 * role from the local STS (an access key, a secret, AWS_SESSION_TOKEN), AWS_ENDPOINT_URL of the local cloud, its
 * region, a HOME of its own, and nothing of the developer's AWS configuration; the same when `lamb invoke --local
 * --sources` and `lamb serve` run the sources; `--aws-credentials` passes the developer's instead, said once. The
 * handler (src/test/resources/roles/whoami.py) calls STS and Lambda through boto3 with no configuration of its own.
 *
 * <p>Expected values: the STS API reference, GetCallerIdentity: for temporary credentials of an assumed role, Arn is
 * {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE-NAME/ROLE-SESSION-NAME}; the IAM user guide ("Unique identifiers"):
 * temporary access keys begin with ASIA; the Lambda developer guide ("Defined runtime environment variables"): the
 * session name of a function's credentials is the function's name, and AWS_SESSION_TOKEN is set.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FunctionRoleCredentialsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVELOPER_KEY = "AKIADEVELOPERSOWNKEY";
    private static final String DEVELOPER_SECRET = "developers-own-secret";

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    static Path work;
    static Path deployed;
    static Path developerHome;

    @BeforeAll
    static void deploy() throws IOException {
        RequiredTools.requirePythonModule("boto3", "boto3");
        deployed = withOneVcpu(DeployedCloud.init(work, "whoami"));
        Files.copy(Path.of("src/test/resources/roles/whoami.py"), deployed.resolve("handler.py"), StandardCopyOption.REPLACE_EXISTING);
        cloud.deploy(deployed);
        // lamb's role lets a function log and trace; listing functions takes a permission of its own, as on AWS.
        AwsCli.json(work, cloud.endpoint(), "iam", "put-role-policy", "--role-name", "lamb-whoami-us-east-1",
                "--policy-name", "list-functions", "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"lambda:ListFunctions\",\"Resource\":\"*\"}]}");
        developerHome = Files.createDirectories(work.resolve("developer"));
        Files.createDirectories(developerHome.resolve(".aws"));
        Files.writeString(developerHome.resolve(".aws/config"), "[profile developer]\nregion = eu-west-2\n");
        Files.writeString(developerHome.resolve(".aws/credentials"),
                "[developer]\naws_access_key_id = " + DEVELOPER_KEY + "\naws_secret_access_key = " + DEVELOPER_SECRET + "\n");
    }

    /** Through the local cloud, invoked by boto3 and by the AWS CLI v2. */
    @Test
    void aDeployedFunctionCallsTheLocalCloudAsItsRole() throws Exception {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        Processes.Result boto3 = Processes.run(work, Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
                90, List.of(python.toString(), Path.of("src/test/resources/roles/invoke_whoami.py").toAbsolutePath().toString(),
                        cloud.endpoint(), "whoami"));
        assertEquals(0, boto3.exitCode(), boto3.output());
        JsonNode byBoto3 = JSON.readTree(boto3.output());
        assertRanAsItsRole(byBoto3, "us-east-1");
        assertNotEquals(System.getenv("HOME"), byBoto3.path("env").path("HOME").asText(), "a HOME of its own");

        Path out = work.resolve("cli-out.json");
        Processes.Result cli = AwsCli.run(work, cloud.endpoint(), "lambda", "invoke", "--function-name", "whoami",
                "--payload", "{}", "--cli-binary-format", "raw-in-base64-out", out.toString());
        assertEquals(0, cli.exitCode(), cli.output());
        JsonNode byCli = JSON.readTree(JSON.readTree(out.toFile()).path("body").asText());
        assertRanAsItsRole(byCli, "us-east-1");
        // Each execution environment has its own session; a warm one keeps it.
        assertEquals(byBoto3.path("env").path("AWS_ACCESS_KEY_ID"), byCli.path("env").path("AWS_ACCESS_KEY_ID"));
    }

    /** `lamb invoke --local --sources`, run by a developer whose own keys, profile and HOME are set. */
    @Test
    void invokeLocalSourcesRunsAsTheRoleWithNothingOfTheDevelopers() throws Exception {
        Processes.Result run = lamb("invoke", "--local", "--sources", "--dir", deployed.toString());
        assertEquals(0, run.exitCode(), run.output());
        JsonNode seen = answer(run.output());
        assertRanAsItsRole(seen, "us-east-1");
        assertNotDevelopers(seen);
    }

    /** A Node.js function the same, through the AWS SDK for JavaScript v3 (on NODE_PATH, as the engine finds it). */
    @Test
    void aNodeFunctionRunsAsTheRoleThroughTheJavaScriptSdk() throws Exception {
        Path js = Path.of("src/test/js").toAbsolutePath();
        RequiredTools.requireNodePackages(js);
        // Named as the Python function deployed above, so that it runs as that function's role.
        Path node = work.resolve("node");
        Lamb.Run init = Lamb.run("init", "whoami", "--runtime", "node", "--yes", "--dir", node.toString());
        assertEquals(0, init.exitCode(), init.err());
        Files.copy(Path.of("src/test/resources/roles/whoami.mjs"), node.resolve("handler.mjs"), StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> env = new HashMap<>(developer());
        env.put("NODE_PATH", js.resolve("node_modules").toString());
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(List.of("invoke", "--local", "--sources", "--dir", node.toString()));
        Processes.Result run = Processes.run(work, env, 120, command);
        assertEquals(0, run.exitCode(), run.output());
        JsonNode seen = answer(run.output());
        assertRanAsItsRole(seen, "us-east-1");
        assertNotDevelopers(seen);
    }

    /** `lamb serve` the same, its route answering over HTTP. */
    @Test
    void serveRunsAsTheRoleWithNothingOfTheDevelopers() throws Exception {
        Served served = serve("/hello");
        assertRanAsItsRole(served.answer(), "us-east-1");
        assertNotDevelopers(served.answer());

        // --aws-credentials: the developer's own, said once before serving.
        Served own = serve("/hello?calls=no", "--aws-credentials");
        assertEquals(DEVELOPER_KEY, own.answer().path("env").path("AWS_ACCESS_KEY_ID").asText(), own.answer().toString());
        assertTrue(own.answer().path("env").path("AWS_ENDPOINT_URL").isNull(), own.answer().toString());
        assertEquals(1, own.said().lines().filter(l -> l.contains("--aws-credentials")).count(), own.said());
    }

    /** What `lamb serve` said before serving, and the body its route answered. */
    private record Served(String said, JsonNode answer) {}

    /** `lamb serve` in the developer's environment, asked for {@code path} once. */
    private static Served serve(String path, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dir", deployed.toString()));
        args.addAll(List.of(more));
        ServeProcess.Served served = ServeProcess.get(work, developer(), path, args.toArray(String[]::new));
        assertEquals(200, served.response().statusCode(), served.response().body());
        return new Served(served.said(), JSON.readTree(served.response().body()));
    }

    /** A function whose role the local cloud does not have: one line names the way, and the cloud's test keys stand in. */
    @Test
    void aFunctionNeverDeployedRunsWithTheTestCredentialsAndSaysSo() throws Exception {
        Path stranger = withOneVcpu(DeployedCloud.init(work, "stranger"));
        Files.copy(Path.of("src/test/resources/roles/whoami.py"), stranger.resolve("handler.py"), StandardCopyOption.REPLACE_EXISTING);
        Processes.Result run = lamb("invoke", "--local", "--sources", "--dir", stranger.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(1, run.output().lines().filter(l -> l.contains("is not on the local cloud")
                && l.contains("'lamb deploy --local'")).count(), run.output());
        JsonNode seen = answer(run.output());
        // The STS API reference: GetCallerIdentity with the account's own keys answers the account's root ARN.
        assertEquals("arn:aws:iam::000000000000:root", seen.path("arn").asText(), seen.toString());
        assertEquals("test", seen.path("env").path("AWS_ACCESS_KEY_ID").asText());
        assertNotDevelopers(seen);

        // An alias only a deployment makes cannot come from the sources.
        Processes.Result alias = lamb("invoke", "--local", "--qualifier", "v1", "--dir", stranger.toString());
        assertEquals(4, alias.exitCode(), alias.output());
        assertTrue(alias.output().contains("stranger is not deployed to the local cloud, so it has no v1: deploy it with "
                + "'lamb deploy --local'"), alias.output());
    }

    /** --aws-credentials: the developer's own keys and region, no endpoint, said once. The handler makes no call. */
    @Test
    void awsCredentialsPassesTheDevelopersOwnAndSaysSoOnce() throws Exception {
        Processes.Result run = lamb("invoke", "--local", "--sources", "--aws-credentials", "--dir", deployed.toString(),
                "--query", "calls=no");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(1, run.output().lines().filter(l -> l.contains("--aws-credentials")).count(), run.output());
        JsonNode env = answer(run.output()).path("env");
        assertEquals(DEVELOPER_KEY, env.path("AWS_ACCESS_KEY_ID").asText(), env.toString());
        assertEquals(DEVELOPER_SECRET, env.path("AWS_SECRET_ACCESS_KEY").asText(), env.toString());
        assertTrue(env.path("AWS_SESSION_TOKEN").isNull(), env.toString());
        assertTrue(env.path("AWS_ENDPOINT_URL").isNull(), env.toString());
        assertEquals("eu-west-2", env.path("AWS_REGION").asText(), "the profile's region: " + env);
        assertTrue(env.path("AWS_PROFILE").isNull(), env.toString());
        assertNotEquals(developerHome.toString(), env.path("HOME").asText());

        Map<String, String> none = new HashMap<>(developer());
        none.putAll(Map.of("AWS_ACCESS_KEY_ID", "", "AWS_SECRET_ACCESS_KEY", "", "AWS_PROFILE", "", "HOME", work.toString(),
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(List.of("invoke", "--local", "--sources", "--aws-credentials", "--region", "eu-west-2", "--dir",
                deployed.toString()));
        Processes.Result nothing = Processes.run(work, none, 120, command);
        assertEquals(3, nothing.exitCode(), nothing.output());
        assertEquals("lamb: --aws-credentials found no AWS credentials: pass --profile (or set AWS_PROFILE), or leave "
                + "--aws-credentials out to run against the local cloud", nothing.output().strip());

        Processes.Result deployedToo = lamb("invoke", "--aws-credentials", "--dir", deployed.toString());
        assertEquals(2, deployedToo.exitCode(), deployedToo.output());
        assertTrue(deployedToo.output().contains("--aws-credentials is for the sources run on this machine: add --local"),
                deployedToo.output());
    }

    private static void assertRanAsItsRole(JsonNode seen, String region) {
        JsonNode env = seen.path("env");
        assertFalse(seen.has("error"), seen.toString());
        assertEquals("arn:aws:sts::000000000000:assumed-role/lamb-whoami-us-east-1/whoami", seen.path("arn").asText(), seen.toString());
        assertTrue(seen.path("functions").toString().contains("\"whoami\""), seen.toString());
        assertTrue(env.path("AWS_ACCESS_KEY_ID").asText().startsWith("ASIA"), env.toString());
        assertFalse(env.path("AWS_SESSION_TOKEN").asText("").isEmpty(), env.toString());
        assertEquals(cloud.endpoint(), env.path("AWS_ENDPOINT_URL").asText(), env.toString());
        assertEquals(region, env.path("AWS_REGION").asText());
        assertEquals(region, env.path("AWS_DEFAULT_REGION").asText());
        assertEquals("/dev/null", env.path("AWS_CONFIG_FILE").asText());
        assertEquals("/dev/null", env.path("AWS_SHARED_CREDENTIALS_FILE").asText());
    }

    private static void assertNotDevelopers(JsonNode seen) {
        JsonNode env = seen.path("env");
        assertNotEquals(DEVELOPER_KEY, env.path("AWS_ACCESS_KEY_ID").asText(), env.toString());
        assertNotEquals(DEVELOPER_SECRET, env.path("AWS_SECRET_ACCESS_KEY").asText(), env.toString());
        assertTrue(env.path("AWS_PROFILE").isNull(), env.toString());
        assertFalse(env.path("HOME").asText().startsWith(developerHome.toString()), env.toString());
    }

    /** The environment of a developer with keys, a profile and a HOME of their own, who uses this test's local cloud. */
    private static Map<String, String> developer() {
        Map<String, String> env = new HashMap<>();
        env.put("LAMB_LOCAL_PORT", Integer.toString(URI.create(cloud.endpoint()).getPort()));
        env.put("LAMB_LOCAL_DATA", work.resolve("lamb-data").toString());
        env.put("HOME", developerHome.toString());
        env.put("AWS_PROFILE", "developer");
        env.put("AWS_ACCESS_KEY_ID", DEVELOPER_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", DEVELOPER_SECRET);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /**
     * The project with a whole vCPU and 29 s (API Gateway's limit, so no warning): importing boto3 takes about half a
     * second of CPU, which at 128 MB (a fourteenth of a vCPU, as on Lambda) can outlast the template's 10 s timeout on
     * a loaded machine.
     */
    private static Path withOneVcpu(Path project) throws IOException {
        Path toml = project.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("memory = 128\n", "memory = 1769\n")
                .replace("timeout = 10\n", "timeout = 29\n"));
        return project;
    }

    /** lamb as its own process in the developer's environment: stdout and stderr together. */
    private static Processes.Result lamb(String... args) {
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(List.of(args));
        return Processes.run(work, developer(), 120, command);
    }

    /** The handler's answer: the JSON body lamb prints. */
    private static JsonNode answer(String output) throws IOException {
        String body = output.lines().filter(l -> l.startsWith("{\"env\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no answer in:\n" + output));
        return JSON.readTree(body);
    }
}
