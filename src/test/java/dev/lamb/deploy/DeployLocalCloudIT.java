package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
import dev.lamb.testing.LambProcess;
import dev.lamb.testing.Processes;
import dev.lamb.ui.Terminals;

/**
 * `lamb deploy` and `lamb invoke` against lamb's own local cloud, as a user runs them: the printed URL
 * answers over HTTP, a second deploy writes nothing, the cloud's faults (IAM propagation, update
 * conflicts, throttling, 5xx) are ridden out, and a deploy killed halfway is finished by the next one.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeployLocalCloudIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    static Path project(String name) {
        Path dir = work.resolve(name);
        Lamb.Run init = Lamb.run("init", name, "--runtime", "python", "--yes", "--dir", dir.toString());
        assertEquals(0, init.exitCode(), init.err());
        return dir;
    }

    static Lamb.Run lamb(Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.toString(), "--endpoint-url", cloud.endpoint(), "--region", "us-east-1"));
        return Lamb.run(all.toArray(String[]::new));
    }

    static JsonNode deployJson(Path dir, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("deploy", "--output", "json"));
        args.addAll(List.of(more));
        Lamb.Run run = lamb(dir, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDeployedRouteAnswersOverHttpAndASecondDeployWritesNothing() throws Exception {
        Path dir = project("greeter");
        JsonNode first = deployJson(dir);
        String url = first.path("urls").get(0).asText();
        assertTrue(url.startsWith(cloud.endpoint() + "/restapis/") && url.endsWith("/dev/_user_request_/hello"), url);
        assertEquals("1", first.path("version").asText());

        HttpResponse<String> ada = get(url + "?name=Ada");
        assertEquals(200, ada.statusCode(), ada.body());
        assertEquals("\"Hello, Ada!\"", ada.body());
        assertEquals(400, get(url).statusCode(), "no name is the handler's 400");

        Lamb.Run invoke = lamb(dir, "invoke", "--query", "name=Ada");
        assertEquals(0, invoke.exitCode(), invoke.err());
        assertEquals("\"Hello, Ada!\"", invoke.out().strip());
        assertTrue(invoke.err().contains("REPORT RequestId: ") && invoke.err().contains("Billed Duration: "), invoke.err());
        assertTrue(invoke.err().contains("HTTP 200"), invoke.err());

        JsonNode again = deployJson(dir);
        assertEquals(0, again.path("write_calls").asInt(), again.toString());
        assertEquals("1", again.path("version").asText());
        Lamb.Run text = lamb(dir, "deploy");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().startsWith("greeter is up to date (dev -> version 1)"), text.out());
        assertTrue(text.out().contains(url), text.out());
    }

    /**
     * Issue 15 §3: reserved_concurrency is applied with PutFunctionConcurrency and provisioned_concurrency on the alias,
     * waited for until READY; the AWS CLI v2 reads both back (get-function-concurrency, get-provisioned-concurrency-config,
     * whose Status enum is the model's), the alias's first invocation is warm (no Init Duration in its REPORT, no
     * Initialization in its X-Ray trace, so lamb traces shows it warm), 0 reserved throttles
     * every invocation (429, exit 5, and deploy warns), and taking the keys out removes what lamb set.
     */
    @Test
    void reservedAndProvisionedConcurrencyAreAppliedReadBackAndRemoved() throws Exception {
        Path dir = project("concurrent");
        Path toml = dir.resolve("lamb.toml");
        String plain = Files.readString(toml);
        Files.writeString(toml, plain.replace("memory = 128\n", "memory = 128\nreserved_concurrency = 2\nprovisioned_concurrency = 1\n"));
        Lamb.Run first = lamb(dir, "deploy");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.err().contains("provisioned: waiting for 1 provisioned instance of alias dev to be READY")
                && first.err().contains("alias dev has 1 provisioned instance READY"), first.err());
        assertEquals(0, deployJson(dir).path("write_calls").asInt(), "a second deploy finds both in place");

        assertEquals(2, AwsCli.json(work, cloud.endpoint(), "lambda", "get-function-concurrency", "--function-name", "concurrent")
                .path("ReservedConcurrentExecutions").asInt());
        JsonNode provisioned = AwsCli.json(work, cloud.endpoint(), "lambda", "get-provisioned-concurrency-config",
                "--function-name", "concurrent", "--qualifier", "dev");
        assertEquals("READY", provisioned.path("Status").asText(), provisioned.toString());
        Lamb.Run warm = lamb(dir, "invoke", "--query", "name=Ada");
        assertEquals(0, warm.exitCode(), warm.err());
        assertTrue(warm.err().contains("REPORT RequestId: ") && !warm.err().contains("Init Duration"), warm.err());
        JsonNode traces = JSON.readTree(lamb(dir, "traces", "--output", "json").out()).path("traces");
        assertEquals(1, traces.size(), traces.toString());
        assertFalse(traces.get(0).path("cold").asBoolean(true), "lamb traces shows the provisioned instance warm: " + traces);
        JsonNode status = JSON.readTree(lamb(dir, "status", "--stage", "dev", "--output", "json").out()).path("concurrency");
        assertEquals(2, status.path("reserved").asInt(), status.toString());
        assertEquals(1, status.path("provisioned").asInt(), status.toString());

        Files.writeString(toml, plain.replace("memory = 128\n", "memory = 128\nreserved_concurrency = 0\n"));
        Lamb.Run disabled = lamb(dir, "deploy");
        assertEquals(0, disabled.exitCode(), disabled.err());
        assertTrue(disabled.err().contains("warning: reserved_concurrency = 0 stops concurrent from running"), disabled.err());
        assertTrue(disabled.err().contains("provisioned: deleted provisioned concurrency of alias dev"), disabled.err());
        // PutFunctionConcurrency refuses a reservation below the provisioned concurrency the function still has (Lambda
        // developer guide, "Configuring provisioned concurrency"): the provisioned config goes first, then the reservation.
        assertTrue(disabled.err().indexOf("provisioned: deleted provisioned concurrency")
                < disabled.err().indexOf("concurrency: updated reserved concurrency of concurrent (2 -> 0)"), disabled.err());
        // One attempt: past the reservation the SDKs' retries would only wait longer for the same 429.
        Processes.Result throttled = AwsCli.run(work, cloud.endpoint(), Map.of("AWS_MAX_ATTEMPTS", "1"), "lambda", "invoke",
                "--function-name", "concurrent", "--qualifier", "dev", "out.json");
        assertTrue(throttled.exitCode() != 0 && throttled.output().contains("TooManyRequestsException"), throttled.output());

        Files.writeString(toml, plain);
        Lamb.Run removed = lamb(dir, "deploy");
        assertEquals(0, removed.exitCode(), removed.err());
        assertFalse(AwsCli.json(work, cloud.endpoint(), "lambda", "get-function-concurrency", "--function-name", "concurrent")
                .has("ReservedConcurrentExecutions"), "the reservation lamb set is gone");
        assertEquals(200, get(urlOf(dir) + "?name=Ada").statusCode());
    }

    @Test
    void aChangedProjectIsPlannedByDryRunThenDeployedAsANewVersion() throws Exception {
        Path dir = project("changer");
        deployJson(dir);
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("memory = 128", "memory = 256"));
        Path handler = dir.resolve("handler.py");
        Files.writeString(handler, Files.readString(handler).replace("Hello, ", "Hi, "));

        Lamb.Run plan = lamb(dir, "deploy", "--dry-run");
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains("would update changer configuration (memory 128 -> 256)"), plan.out());
        assertTrue(plan.out().contains("would update changer code"), plan.out());
        JsonNode dry = deployJson(dir, "--dry-run");
        assertEquals(0, dry.path("write_calls").asInt(), dry.toString());
        assertEquals(128, cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("changer")).memorySize(), "dry run changed nothing");

        JsonNode deployed = deployJson(dir);
        assertEquals("2", deployed.path("version").asText());
        assertEquals(256, cloud.aws().lambda().getFunctionConfiguration(r -> r.functionName("changer").qualifier("dev")).memorySize());
        assertEquals("\"Hi, Ada!\"", get(deployed.path("urls").get(0).asText() + "?name=Ada").body());
    }

    @Test
    void severalRoutesGetAResourceMethodAndPermissionEach() throws Exception {
        Path dir = project("router");
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("routes = [\"GET /hello\"]",
                "routes = [\"GET /hello\", \"POST /items/{id}\"]"));
        JsonNode deployed = deployJson(dir);
        List<String> urls = new ArrayList<>();
        deployed.path("urls").forEach(u -> urls.add(u.asText()));
        assertEquals(2, urls.size(), deployed.toString());
        assertTrue(urls.get(1).endsWith("/dev/_user_request_/items/{id}"), urls.toString());

        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(urls.get(1).replace("{id}", "42") + "?name=Ada")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, post.statusCode(), post.body());
        assertEquals(403, get(urls.get(1).replace("{id}", "42")).statusCode(), "no GET route on /items/{id}");
        String policy = cloud.aws().lambda().getPolicy(r -> r.functionName("router").qualifier("dev")).policy();
        JsonNode statements = JSON.readTree(policy).path("Statement");
        assertEquals(2, statements.size(), policy);
        assertTrue(policy.contains("/dev/POST/items/*"), policy);
        assertEquals(0, deployJson(dir).path("write_calls").asInt(), "a second deploy finds both routes in place");
    }

    @Test
    void iamPropagationConflictsThrottlingAnd5xxAreRiddenOut() throws Exception {
        Path dir = project("weather");
        cloud.local().faults().add("lambda", null, "iam-delay", null, 8000L, null);
        cloud.local().faults().add("lambda", "GET /2015-03-31/functions", "throttle", null, null, 2);
        cloud.local().faults().add("apigateway", "POST /restapis", "error", 1.0, null, 2);
        cloud.local().faults().add("logs", "CreateLogGroup", "throttle", null, null, 1);
        try {
            Lamb.Run first = lamb(dir, "deploy");
            assertEquals(0, first.exitCode(), first.err());
            assertTrue(first.err().contains("waiting for IAM to make the new role assumable"), first.err());
            cloud.local().faults().clear();

            cloud.local().faults().add("lambda", null, "conflict", null, null, 2);
            Path handler = dir.resolve("handler.py");
            Files.writeString(handler, Files.readString(handler).replace("Hello, ", "Howdy, "));
            Lamb.Run second = lamb(dir, "deploy");
            assertEquals(0, second.exitCode(), second.err());
            assertTrue(second.err().contains("another update of the function is in progress"), second.err());
            assertTrue(cloud.local().faults().list().stream().allMatch(f -> Boolean.TRUE.equals(f.get("spent"))), "every fault fired");
        } finally {
            cloud.local().faults().clear();
        }
        assertEquals("\"Howdy, Ada!\"", get(DeployLocalCloudIT.urlOf(dir) + "?name=Ada").body());
    }

    @Test
    void aDeployKilledHalfwayIsFinishedByTheNextWithNoDuplicates() throws Exception {
        Path dir = project("phoenix");
        // CreateRestApi waits 3 s in the cloud: long enough to kill the deploy while it is in flight.
        cloud.local().faults().add("apigateway", "POST /restapis$", "latency", null, 3000L, 1);
        List<String> command = new ArrayList<>(LocalCloudHome.thisLamb());
        command.addAll(List.of("deploy", "--dir", dir.toString(), "--endpoint-url", cloud.endpoint(), "--region", "us-east-1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        Process deploy = builder.start();
        StringBuilder seen = new StringBuilder();
        try (var lines = new BufferedReader(new InputStreamReader(deploy.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.startsWith("api: created REST API")) {
                    deploy.destroyForcibly();
                    break;
                }
            }
        }
        assertTrue(deploy.waitFor(20, TimeUnit.SECONDS));
        assertTrue(seen.toString().contains("api: created REST API"), seen.toString());
        // The killed deploy's CreateRestApi was already on its way: wait for the cloud to finish it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (restApis("phoenix") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        cloud.local().faults().clear();

        JsonNode finished = deployJson(dir);
        assertEquals(1, restApis("phoenix"), "one REST API, not two");
        assertEquals(1, cloud.aws().iam().listRolesPaginator().roles().stream().filter(r -> r.roleName().equals("lamb-phoenix-us-east-1")).count());
        long versions = cloud.aws().lambda().listVersionsByFunctionPaginator(r -> r.functionName("phoenix")).versions().stream()
                .filter(v -> !v.version().equals("$LATEST")).count();
        assertEquals(1, versions, "no orphaned version");
        String policy = cloud.aws().lambda().getPolicy(r -> r.functionName("phoenix").qualifier("dev")).policy();
        assertEquals(1, JSON.readTree(policy).path("Statement").size(), policy);
        assertTrue(finished.path("write_calls").asInt() > 0, "the second deploy finished the job: " + finished);
        assertEquals(200, get(finished.path("urls").get(0).asText() + "?name=Ada").statusCode());
        assertEquals(0, deployJson(dir).path("write_calls").asInt(), "and then there is nothing left to do");
    }

    /**
     * A deploy killed (kill -9) in its async step, after it updated the function's configuration and published a
     * version: the next deploy finishes the job, and leaves it converged, so that the one after makes no write and
     * publishes no other version (a half-finished run must leave nothing that the rerun's state differs by).
     */
    @Test
    void aDeployKilledInItsAsyncStepIsConvergedByTheNext() throws Exception {
        Path dir = project("stopped");
        Path toml = dir.resolve("lamb.toml");
        deployJson(dir);
        Files.writeString(toml, Files.readString(toml).replace("memory = 128\n", "memory = 256\nprovisioned_concurrency = 1\n")
                + "\n[function.async]\nmax_retries = 0\n\n[url]\nauth = \"NONE\"\n");
        // The async step's read waits 5 s in the cloud: the deploy is in that step, with nothing of it done, when killed.
        cloud.local().faults().add("lambda", "GET .*/event-invoke-config", "latency", null, 5000L, 1);
        LambProcess.Result killed;
        try {
            killed = LambProcess.killedAfter(line -> line.startsWith("provisioned: alias dev has"),
                    "deploy", "--dir", dir.toString(), "--endpoint-url", cloud.endpoint(), "--region", "us-east-1");
        } finally {
            cloud.local().faults().clear();
        }
        assertEquals(137, killed.exitCode(), killed.all());
        assertTrue(killed.all().contains("function: updated stopped configuration (memory 128 -> 256)")
                && killed.all().contains("release: created version 2 of stopped"), killed.all());

        JsonNode rerun = deployJson(dir);
        assertEquals("2", rerun.path("version").asText(), rerun.toString());
        assertTrue(rerun.path("write_calls").asInt() > 0, "the rerun finished the job: " + rerun);
        JsonNode after = deployJson(dir);
        assertEquals(0, after.path("write_calls").asInt(), "converged: nothing left to write " + after);
        assertEquals("2", after.path("version").asText(), after.toString());
        assertEquals(2, cloud.aws().lambda().listVersionsByFunctionPaginator(r -> r.functionName("stopped")).versions().stream()
                .filter(v -> !v.version().equals("$LATEST")).count(), "no version beyond the killed run's");
    }

    @Test
    void errorsHaveTheirExitCodes() throws Exception {
        Path dir = project("broken");
        Lamb.Run notDeployed = lamb(dir, "invoke", "--query", "name=Ada");
        assertEquals(4, notDeployed.exitCode(), notDeployed.err());
        assertEquals("lamb: broken is not deployed: deploy it with 'lamb deploy'", notDeployed.err().strip());

        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("memory = 128", "memory = 64"));
        Lamb.Run badMemory = lamb(dir, "deploy");
        assertEquals(2, badMemory.exitCode(), badMemory.err());
        assertTrue(badMemory.err().contains("function.memory"), badMemory.err());
        assertTrue(cloud.aws().iam().listRolesPaginator().roles().stream().noneMatch(r -> r.roleName().contains("broken")),
                "refused before any call");

        Files.writeString(toml, Files.readString(toml).replace("memory = 64", "memory = 128"));
        Lamb.Run both = Lamb.run("deploy", "--dir", dir.toString(), "--local", "--endpoint-url", cloud.endpoint());
        assertEquals(2, both.exitCode(), both.err());
        assertTrue(both.err().contains("--local") && both.err().contains("--endpoint-url"), both.err());
    }

    @Test
    void noCredentialsIsOneLineAndExit3() {
        Path dir = project("keyless");
        List<String> properties = List.of("aws.accessKeyId", "aws.secretAccessKey");
        properties.forEach(System::clearProperty);
        // No profile files and no instance metadata either: nothing for the SDK's chain to find.
        System.setProperty("aws.sharedCredentialsFile", work.resolve("none/credentials").toString());
        System.setProperty("aws.configFile", work.resolve("none/config").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        try {
            Lamb.Run run = lamb(dir, "deploy");
            assertEquals(3, run.exitCode(), run.err());
            // Issue 11, section 6: one line, said before the build, with no "run again to finish".
            assertEquals(1, run.err().lines().count(), run.err());
            String line = run.err().strip();
            assertTrue(line.startsWith("lamb: no AWS credentials found") && line.contains("--profile"), run.err());
            assertFalse(line.contains("again"), run.err());
            assertFalse(Files.exists(dir.resolve(".lamb/keyless.zip")), "nothing was built");
        } finally {
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            List.of("aws.sharedCredentialsFile", "aws.configFile", "aws.disableEc2Metadata").forEach(System::clearProperty);
        }
    }

    /** Issue 11, section 6: a role named in lamb.toml that does not exist is exit 4 at once, not 2 minutes of waiting. */
    @Test
    void aMissingRoleFromLambTomlFailsAtOnceWithExit4() throws Exception {
        Path dir = project("roleless");
        Path toml = dir.resolve("lamb.toml");
        String missing = "arn:aws:iam::000000000000:role/no-such-role";
        Files.writeString(toml, Files.readString(toml).replace("[function]\n", "[function]\nrole = \"" + missing + "\"\n"));
        long start = System.nanoTime();
        Lamb.Run run = lamb(dir, "deploy");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals(4, run.exitCode(), run.err());
        assertTrue(run.err().contains("lamb: deploy failed at step 'role': the role " + missing + " named by function.role in "
                + "lamb.toml does not exist"), run.err());
        assertFalse(run.err().contains("waiting for IAM"), run.err());
        assertTrue(seconds < 20, "at once, not after the propagation wait: " + seconds + " s");
        assertEquals(0, cloud.aws().lambda().listFunctions().functions().stream().filter(f -> f.functionName().equals("roleless")).count());
    }

    /** Issue 11, section 6: a role lamb.toml names is no new role of lamb's: "cannot be assumed" is an answer, not a wait. */
    @Test
    void onlyARoleLambCreatedInThisRunIsWaitedFor() throws Exception {
        Path dir = project("younger");
        String arn = cloud.aws().iam().createRole(r -> r.roleName("younger-own-role").assumeRolePolicyDocument(LambdaTrust.LOCAL))
                .role().arn();
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("[function]\n", "[function]\nrole = \"" + arn + "\"\n"));
        cloud.local().faults().add("lambda", null, "iam-delay", null, 60_000L, null);
        try {
            Lamb.Run run = lamb(dir, "deploy");
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().contains("cannot be assumed"), run.err());
            assertFalse(run.err().contains("waiting for IAM"), run.err());
        } finally {
            cloud.local().faults().clear();
        }
    }

    /**
     * Review 16, item 3: against AWS, a deploy at a terminal without --yes (where the first one asks before creating)
     * makes the same reads as one in CI, where no question is possible: the read-ahead runs in both, and whether this
     * is a first deploy comes from its GetFunction, not from one more. Lamb sees AWS (no --endpoint-url); the SDK's own
     * endpoint setting (aws.endpointUrl, the Java SDK's AWS_ENDPOINT_URL) sends its calls to the local cloud.
     */
    @Test
    void aDeployAtATerminalMakesTheReadsOfOneInCi() throws Exception {
        Path dir = project("asked");
        System.setProperty("aws.endpointUrl", cloud.endpoint());
        try {
            List<String> deploy = List.of("deploy", "--dir", dir.toString(), "--region", "us-east-1");
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            Lamb.Run first = Lamb.run(Terminals.scripted(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)), screen),
                    deploy.toArray(String[]::new));
            assertEquals(0, first.exitCode(), first.err());
            assertTrue(screen.toString(StandardCharsets.UTF_8).contains("Create these in us-east-1?"), "a first deploy at a terminal asks");

            List<String> json = new ArrayList<>(deploy);
            json.addAll(List.of("--output", "json"));
            Lamb.Run atTerminal = Lamb.run(Terminals.scripted(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()),
                    json.toArray(String[]::new));
            Lamb.Run inCi = Lamb.run(json.toArray(String[]::new));
            assertEquals(0, atTerminal.exitCode(), atTerminal.err());
            assertEquals(0, inCi.exitCode(), inCi.err());
            JsonNode asked = JSON.readTree(atTerminal.out());
            JsonNode unasked = JSON.readTree(inCi.out());
            assertEquals(0, asked.path("write_calls").asInt(), asked.toString());
            assertEquals(unasked.path("read_calls").asInt(), asked.path("read_calls").asInt(), "reads at a terminal and in CI");
        } finally {
            System.clearProperty("aws.endpointUrl");
        }
    }

    /** Issue 11, section 9: a create that fails never reads "created". */
    @Test
    void aFailedCreateIsNeverReportedCreated() {
        Path dir = project("unborn");
        cloud.local().faults().add("lambda", "POST /2015-03-31/functions$", "error", 1.0, null, 20);
        try {
            Lamb.Run run = lamb(dir, "deploy");
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().contains("role: created lamb-unborn-us-east-1"), "the role was made: " + run.err());
            assertFalse(run.err().contains("function: created"), run.err());
            assertTrue(run.err().contains("deploy failed at step 'function'"), run.err());
        } finally {
            cloud.local().faults().clear();
        }
    }

    /** Issue 11, section 6: a throttled, retried command says so once on stderr, instead of ~19 s of silence. */
    @Test
    void throttlingIsSaidOnce() {
        Path dir = project("throttled");
        cloud.local().faults().add("lambda", "GET /2015-03-31/functions", "throttle", null, null, 3);
        try {
            Lamb.Run run = lamb(dir, "deploy");
            assertEquals(0, run.exitCode(), run.err());
            List<String> notices = run.err().lines().filter(l -> l.startsWith("AWS is throttling lamb's calls")).toList();
            assertEquals(1, notices.size(), run.err());
            assertTrue(notices.get(0).contains("Lambda TooManyRequestsException") && notices.get(0).contains("retrying"), run.err());
        } finally {
            cloud.local().faults().clear();
        }
    }

    /**
     * Issue 11, section 6: Ctrl-C of a deploy (SIGINT to a real lamb process) says in one line where it stood and
     * what is done, and exits 130; the next deploy finishes it.
     */
    @Test
    void ctrlCSaysWhereTheDeployStoodAndExits130() throws Exception {
        Path dir = project("halted");
        // PublishVersion waits 5 s in the cloud: the deploy is in step 'release' when the signal comes.
        cloud.local().faults().add("lambda", "POST .*/versions$", "latency", null, 5000L, 1);
        LambProcess.Result run;
        try {
            run = LambProcess.interruptedAfter(line -> line.startsWith("function: created halted"), 500,
                    "deploy", "--dir", dir.toString(), "--endpoint-url", cloud.endpoint(), "--region", "us-east-1");
        } finally {
            cloud.local().faults().clear();
        }
        assertEquals(130, run.exitCode(), run.all());
        assertEquals("interrupted during step 'release' (done: created lamb-halted-us-east-1, updated lamb-halted-us-east-1, "
                + "created /aws/lambda/halted, created halted); run 'lamb deploy' again to finish", run.last(), run.all());
        assertEquals(1, run.lines().stream().filter(l -> l.startsWith("interrupted")).count(), run.all());
        assertEquals(200, get(deployJson(dir).path("urls").get(0).asText() + "?name=Ada").statusCode(), "a rerun finishes it");
    }

    static long restApis(String name) {
        return cloud.aws().apiGateway().getRestApis(r -> r.limit(500)).items().stream().filter(a -> a.name().equals(name)).count();
    }

    static String urlOf(Path dir) throws IOException {
        Lamb.Run run = lamb(dir, "deploy", "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = JSON.readTree(run.out());
        assertFalse(json.path("urls").isEmpty(), run.out());
        return json.path("urls").get(0).asText();
    }

    /**
     * Issue 11 §1: nothing lamb did not make is deleted. A version published outside lamb (with the AWS SDK,
     * as a user or another tool would) is never pruned by keep_versions, however many releases follow it.
     */
    @Test
    void pruningDeletesOnlyTheReleasesLambPublished() throws Exception {
        Path dir = project("pruner");
        Path toml = dir.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml) + "\n[deploy]\nkeep_versions = 1\n");
        deployJson(dir);
        // A version of the user's own: $LATEST changed by hand, then published.
        cloud.aws().lambda().updateFunctionConfiguration(r -> r.functionName("pruner").description("by hand"));
        cloud.aws().lambda().waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("pruner"));
        String own = cloud.aws().lambda().publishVersion(r -> r.functionName("pruner").description("hand-made")).version();
        Path handler = dir.resolve("handler.py");
        for (int release = 2; release <= 4; release++) {
            Files.writeString(handler, Files.readString(handler) + "# release " + release + "\n");
            deployJson(dir);
        }
        List<String> versions = cloud.aws().lambda().listVersionsByFunctionPaginator(r -> r.functionName("pruner")).versions().stream()
                .map(v -> v.version() + " " + v.description()).toList();
        assertTrue(versions.contains(own + " hand-made"), "the hand-made version stays: " + versions);
        assertEquals(1, versions.stream().filter(v -> v.endsWith(" lamb deploy")).count(),
                "keep_versions = 1 keeps one of lamb's releases: " + versions);
    }
}
