package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.LambProcess;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;

/**
 * Stages as environments (issue 15, section 1), through the commands as users type them on lamb's local cloud:
 * each stage its own alias and API stage; "dev and prod answer with different code after a deploy to dev;
 * promote makes them equal; rollback of prod leaves dev alone" (the words), through API Gateway's data
 * plane and `lamb invoke --stage`; and the AWS CLI v2 reads back what deploy set.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StagesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    Path tmp;

    @Test
    void eachStageServesItsOwnAliasAndPromoteAndRollbackMoveOnlyTheirs() throws IOException {
        Path project = DeployedCloud.init(tmp, "staged");
        Files.writeString(project.resolve("lamb.toml"), "\n[stage.prod]\nmemory = 256\n", StandardOpenOption.APPEND);
        String dev = cloud.deploy(project);
        String prod = deploy(project, "--stage", "prod");
        assertTrue(dev.contains("/dev/") && prod.contains("/prod/"), dev + " " + prod);
        DeployedCloud.greetWith(project, "Hi");
        cloud.deploy(project);

        assertEquals("\"Hi, Ada!\"", DeployedCloud.greet(dev));
        assertEquals("\"Hello, Ada!\"", DeployedCloud.greet(prod), "deploying dev changes nothing prod serves");
        assertTrue(invoke(project, "prod").contains("Hello, Ada!"));
        assertTrue(invoke(project, "dev").contains("Hi, Ada!"));

        // Issue 15 section 1: traces takes --stage. Each stage was called twice (API Gateway, then `lamb invoke`), each
        // time through its alias: --stage prod reads prod's two traces, not dev's (GetTraceSummaries' ResourceARNs name
        // the alias the function was invoked as). On AWS, X-Ray's Lambda segments may name instead the version the alias
        // routed the call to (function:staged:2): a call to prod's version 2 itself is such a trace, and is prod's too.
        cloud.aws().lambda().invoke(r -> r.functionName("staged").qualifier("2").payload(SdkBytes.fromUtf8String("{}")));
        List<String> prodTraces = traceIds(project, "--stage", "prod");
        List<String> devTraces = traceIds(project, "--stage", "dev");
        assertEquals(3, prodTraces.size(), prodTraces.toString());
        assertEquals(2, devTraces.size(), devTraces.toString());
        assertTrue(prodTraces.stream().noneMatch(devTraces::contains), prodTraces + " " + devTraces);
        assertEquals(5, traceIds(project).size(), "without --stage, every stage's");

        // Read back with the AWS CLI v2: GetAlias's FunctionVersion, GetStages' item[].variables (API references).
        String devVersion = alias("dev");
        String prodVersion = alias("prod");
        assertEquals("3", devVersion, "version 1 for dev, 2 for prod's memory, 3 for dev's new code");
        assertEquals("2", prodVersion);
        String apiId = apiId(project);
        Map<String, String> variables = new HashMap<>();
        for (JsonNode stage : AwsCli.json(tmp, cloud.endpoint(), "apigateway", "get-stages", "--rest-api-id", apiId).get("item")) {
            variables.put(stage.get("stageName").asText(), stage.path("variables").path("alias").asText());
        }
        assertEquals(Map.of("dev", "dev", "prod", "prod"), variables);
        assertNull(ReleaseStep.findAlias(cloud.aws().lambda(), "staged", "live"), "no alias shared by every stage");

        Lamb.Run status = cloud.lamb("status", "--dir", project.toString(), "--output", "json");
        JsonNode stages = JSON.readTree(status.out()).get("stages");
        assertEquals("dev", stages.get(0).get("name").asText(), status.out());
        assertEquals("3", stages.get(0).get("version").asText());
        assertEquals("prod", stages.get(1).get("name").asText());
        assertEquals("2", stages.get(1).get("version").asText());
        assertEquals(prod, stages.get(1).get("urls").get(0).asText());
        // Issue 15 section 1: without --stage, one row a stage: its name, its alias's version, when that was published, its URL.
        List<String> rows = cloud.lamb("status", "--dir", project.toString()).out().lines().toList();
        assertTrue(rows.get(1).matches("dev \\(default\\) +3 +\\S+ +" + Pattern.quote(dev)), rows.toString());
        assertTrue(rows.get(2).matches("prod +2 +\\S+ +" + Pattern.quote(prod)), rows.toString());

        Lamb.Run plan = cloud.lamb("promote", "dev", "prod", "--dry-run", "--dir", project.toString());
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().startsWith("plan for promoting dev (version 3) to prod (nothing was changed):\n"), plan.out());
        assertEquals("2", alias("prod"), "a dry run changes nothing");

        Lamb.Run promote = cloud.lamb("promote", "dev", "prod", "--dir", project.toString());
        assertEquals(0, promote.exitCode(), promote.err());
        List<String> lines = promote.out().lines().toList();
        assertEquals("published version 4: version 3's code with prod's settings (memory 128 -> 256)", lines.get(0));
        assertEquals("promoted dev to prod: prod -> version 4 (was 2)", lines.get(1));
        assertEquals("\"Hi, Ada!\"", DeployedCloud.greet(prod), "promote makes them equal");
        assertEquals(256, cloud.aws().lambda().getFunction(r -> r.functionName("staged").qualifier("prod")).configuration().memorySize());
        assertEquals(128, cloud.aws().lambda().getFunction(r -> r.functionName("staged")).configuration().memorySize(),
                "$LATEST gets dev's settings back");
        assertEquals("3", alias("dev"));
        Lamb.Run again = cloud.lamb("promote", "dev", "prod", "--dir", project.toString());
        assertTrue(again.out().contains("\nprod already serves version 4; nothing to do\n"), again.out());
        Lamb.Run noop = cloud.lamb("deploy", "--dir", project.toString());
        assertTrue(noop.out().startsWith("staged is up to date (dev -> version 3)"), noop.out() + noop.err());

        // Rollback of prod goes back to what prod served (version 2), never to dev's version 3 (dev's code with dev's
        // settings) though it is the release just below; and prod served nothing before 2, though dev served 1.
        Lamb.Run rollback = cloud.lamb("rollback", "--stage", "prod", "--dir", project.toString());
        assertEquals(0, rollback.exitCode(), rollback.err());
        assertEquals("prod: version 4 -> 2\n", rollback.out());
        assertEquals("\"Hello, Ada!\"", DeployedCloud.greet(prod));
        assertEquals(256, cloud.aws().lambda().getFunction(r -> r.functionName("staged").qualifier("prod")).configuration().memorySize());
        rollback = cloud.lamb("rollback", "--stage", "prod", "--dir", project.toString());
        assertEquals(1, rollback.exitCode(), rollback.out());
        assertTrue(rollback.err().contains("no version of staged that alias prod served before 2 to roll back to (--to VERSION moves it anyway; "
                + "published: 1, 2, 3, 4)"), rollback.err());
        assertEquals("2", alias("prod"));
        assertEquals("\"Hi, Ada!\"", DeployedCloud.greet(dev), "rollback of prod leaves dev alone");
        // A description of the user's own on prod's alias holds no history: the release below 2 is dev's version 1,
        // so rollback asks for --to rather than guess, and leaves the alias and its description as they are.
        cloud.aws().lambda().updateAlias(r -> r.functionName("staged").name("prod").description("blue/green by Ada"));
        rollback = cloud.lamb("rollback", "--stage", "prod", "--dry-run", "--dir", project.toString());
        assertEquals(1, rollback.exitCode(), rollback.out());
        assertTrue(rollback.err().contains("alias prod of staged has your own description, so lamb has no record of the versions it "
                + "served, and the release below 2 may be another stage's: pass --to VERSION (published: 1, 2, 3, 4)"), rollback.err());
        AliasConfiguration kept = ReleaseStep.findAlias(cloud.aws().lambda(), "staged", "prod");
        assertEquals("2", kept.functionVersion());
        assertEquals("blue/green by Ada", kept.description());

        // Stages share the log group: --stage shows the streams of the version its alias serves (Lambda's stream
        // names, YYYY/MM/DD/[VERSION]id); prod's versions 2 and 4 answered too, and are left out.
        Lamb.Run logs = cloud.lamb("logs", "--stage", "dev", "--since", "1h", "--format", "long", "--dir", project.toString());
        assertEquals(0, logs.exitCode(), logs.err());
        assertTrue(logs.err().contains("stage dev: events of version 3, which its alias serves now"), logs.err());
        assertTrue(logs.out().contains("/[3]") && !logs.out().contains("/[2]") && !logs.out().contains("/[4]"), logs.out());

        Lamb.Run destroy = cloud.lamb("destroy", "--stage", "prod", "--yes", "--dir", project.toString());
        assertEquals(0, destroy.exitCode(), destroy.err());
        assertNull(ReleaseStep.findAlias(cloud.aws().lambda(), "staged", "prod"));
        assertFalse(cloud.aws().apiGateway().getStages(r -> r.restApiId(apiId)).item().stream().anyMatch(s -> s.stageName().equals("prod")));
        assertEquals("\"Hi, Ada!\"", DeployedCloud.greet(dev), "destroy --stage prod leaves dev serving");
    }

    /**
     * Ctrl-C of a promote (SIGINT to a real lamb process, as for deploy and destroy): it stops while the version with
     * prod's settings is being published, says where it stood, that prod still serves what it served and that $LATEST
     * may hold prod's settings, and exits 130; prod's alias has not moved, and running promote again finishes it.
     */
    @Test
    void ctrlCOfAPromoteLeavesTheTargetServingWhatItServedAndExits130() throws IOException {
        Path project = DeployedCloud.init(tmp, "halted-promote");
        Files.writeString(project.resolve("lamb.toml"), "\n[stage.prod]\nmemory = 256\n", StandardOpenOption.APPEND);
        cloud.deploy(project);
        deploy(project, "--stage", "prod");
        DeployedCloud.greetWith(project, "Hi");
        cloud.deploy(project);
        var lambda = cloud.aws().lambda();
        assertEquals("2", ReleaseStep.findAlias(lambda, "halted-promote", "prod").functionVersion());

        // PublishVersion waits 5 s in the cloud: the promote is in step 'release' when the signal comes.
        cloud.local().faults().add("lambda", "POST .*/halted-promote/versions$", "latency", null, 5000L, 1);
        LambProcess.Result run;
        try {
            run = LambProcess.interruptedAfter(line -> line.startsWith("function: updated"), 500, "promote", "dev", "prod",
                    "--dir", project.toString(), "--endpoint-url", cloud.endpoint(), "--region", "us-east-1");
        } finally {
            cloud.local().faults().clear();
        }
        assertEquals(130, run.exitCode(), run.all());
        assertEquals("interrupted during step 'release' (done: updated halted-promote configuration); prod still serves what it served; "
                + "$LATEST may hold prod's settings until the next 'lamb deploy'; run 'lamb promote' again to finish", run.last(), run.all());
        assertEquals("2", ReleaseStep.findAlias(lambda, "halted-promote", "prod").functionVersion(), "prod's alias did not move");

        Lamb.Run again = cloud.lamb("promote", "dev", "prod", "--dir", project.toString());
        assertEquals(0, again.exitCode(), again.out() + again.err());
        var prod = lambda.getFunction(r -> r.functionName("halted-promote").qualifier("prod")).configuration();
        assertEquals(256, prod.memorySize());
        assertEquals(lambda.getFunction(r -> r.functionName("halted-promote").qualifier("dev")).configuration().codeSha256(),
                prod.codeSha256(), "prod serves dev's code now");
        // As the interrupt said: $LATEST held prod's settings until the next deploy, which gives it dev's back.
        cloud.deploy(project);
        assertEquals(128, lambda.getFunction(r -> r.functionName("halted-promote")).configuration().memorySize());
        assertEquals(prod.version(), ReleaseStep.findAlias(lambda, "halted-promote", "prod").functionVersion(),
                "the deploy to dev leaves prod alone");
    }

    /**
     * Issue 15 §3: provisioned concurrency "on a stage's alias is applied, and waited for until READY". Lambda provisions
     * the version an alias moves to again, so promote, like deploy, waits until TO's instances are READY, and TO's next
     * call is warm (no Init Duration in its REPORT line); so does rollback.
     */
    @Test
    void promoteWaitsForTheTargetsProvisionedInstances() throws IOException {
        Path project = DeployedCloud.init(tmp, "warm");
        Files.writeString(project.resolve("lamb.toml"), "\n[stage.prod]\nmemory = 256\nprovisioned_concurrency = 1\n",
                StandardOpenOption.APPEND);
        deploy(project, "--stage", "prod");
        DeployedCloud.greetWith(project, "Hi");
        cloud.deploy(project);
        Lamb.Run promote = cloud.lamb("promote", "dev", "prod", "--dir", project.toString());
        assertEquals(0, promote.exitCode(), promote.err());
        assertTrue(promote.out().contains("promoted dev to prod: prod -> version 3 (was 1)"), promote.out());
        assertTrue(promote.err().contains("provisioned: alias prod has 1 provisioned instance READY"), promote.err());
        assertEquals("READY", AwsCli.json(tmp, cloud.endpoint(), "lambda", "get-provisioned-concurrency-config", "--function-name", "warm",
                "--qualifier", "prod").get("Status").asText());
        Lamb.Run warm = cloud.lamb("invoke", "--stage", "prod", "--query", "name=Ada", "--dir", project.toString());
        assertTrue(warm.err().contains("REPORT") && !warm.err().contains("Init Duration"), warm.err());
        Lamb.Run rollback = cloud.lamb("rollback", "--stage", "prod", "--dir", project.toString());
        assertEquals("prod: version 3 -> 1\n", rollback.out(), rollback.err());
        assertTrue(rollback.err().contains("provisioned: alias prod has 1 provisioned instance READY"), rollback.err());
    }

    /**
     * A project deployed before each stage had its own alias served every stage from deploy.alias ("live"): the
     * next deploys remove it once no stage calls it and its policy holds only lamb's statements, and not before.
     */
    @Test
    void theAliasAllStagesSharedGoesOnlyOnceNothingElseUsesIt() {
        Path project = DeployedCloud.init(tmp, "migrated");
        cloud.deploy(project);
        var lambda = cloud.aws().lambda();
        String apiId = apiId(project);
        // The old layout: alias live with lamb's statement for any stage, and a stage "old" deployed without the variable.
        lambda.createAlias(r -> r.functionName("migrated").name("live").functionVersion("1"));
        String account = lambda.getAlias(r -> r.functionName("migrated").name("live")).aliasArn().split(":")[4];
        String sourceArn = "arn:aws:execute-api:us-east-1:" + account + ":" + apiId + "/*/GET/hello";
        lambda.addPermission(r -> r.functionName("migrated").qualifier("live").statementId(DeployNames.statementId(sourceArn))
                .action("lambda:InvokeFunction").principal("apigateway.amazonaws.com").sourceArn(sourceArn));
        cloud.aws().apiGateway().createDeployment(r -> r.restApiId(apiId).stageName("old"));

        Lamb.Run kept = cloud.lamb("deploy", "--dir", project.toString());
        assertEquals(0, kept.exitCode(), kept.err());
        assertTrue(kept.err().contains("alias live (deploy.alias, shared by every stage before each had its own) is kept: "
                + "stage old still calls it"), kept.err());
        lambda.addPermission(r -> r.functionName("migrated").qualifier("live").statementId("mine")
                .action("lambda:InvokeFunction").principal("events.amazonaws.com"));
        Lamb.Run foreign = cloud.lamb("deploy", "--stage", "old", "--dir", project.toString());
        assertTrue(foreign.err().contains("is kept: its resource policy holds statements lamb did not write"), foreign.err());
        lambda.removePermission(r -> r.functionName("migrated").qualifier("live").statementId("mine"));

        Lamb.Run removed = cloud.lamb("deploy", "--dir", project.toString());
        assertEquals(0, removed.exitCode(), removed.err());
        assertTrue(removed.err().contains("old alias: deleted alias live (each stage has its own alias now)"), removed.err());
        assertNull(ReleaseStep.findAlias(lambda, "migrated", "live"));
        assertEquals("1", ReleaseStep.findAlias(lambda, "migrated", "dev").functionVersion(), "the stage's own alias stays");
    }

    private static String apiId(Path project) {
        return ApiStep.find(cloud.aws().apiGateway(), DeployNames.of(ProjectConfigLoader.load(project), "us-east-1")).orElseThrow().id();
    }

    private String deploy(Path project, String... args) {
        List<String> all = new ArrayList<>(List.of("deploy", "--dir", project.toString()));
        all.addAll(List.of(args));
        Lamb.Run run = cloud.lamb(all.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        return lines.get(lines.size() - 1).replaceFirst("\\?.*", "");
    }

    private String invoke(Path project, String stage) {
        Lamb.Run run = cloud.lamb("invoke", "--stage", stage, "--query", "name=Ada", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        return run.out();
    }

    private List<String> traceIds(Path project, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("traces", "--output", "json", "--dir", project.toString()));
        all.addAll(List.of(args));
        Lamb.Run run = cloud.lamb(all.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        List<String> ids = new ArrayList<>();
        JSON.readTree(run.out()).get("traces").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    private String alias(String name) {
        return AwsCli.json(tmp, cloud.endpoint(), "lambda", "get-alias", "--function-name", "staged", "--name", name)
                .get("FunctionVersion").asText();
    }
}
