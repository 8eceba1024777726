package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Processes;

/** `lamb status` against lamb's local cloud: before a deploy, after one, and after the project changed. */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StatusCommandIT {
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    Path tmp;

    @Test
    void anUndeployedProjectExits4AndSaysHowToDeploy() throws IOException {
        Path project = DeployedCloud.init(tmp, "never-deployed");
        Lamb.Run run = cloud.lamb("status", "--dir", project.toString());
        assertEquals(4, run.exitCode(), run.err());
        assertEquals("never-deployed is not deployed in us-east-1: run 'lamb deploy' to deploy it\n", run.out());
        assertFalse(Files.exists(project.resolve(".lamb")), "nothing is packaged for a function that is not there");

        Lamb.Run json = cloud.lamb("status", "--dir", project.toString(), "--output", "json");
        assertEquals(4, json.exitCode(), json.err());
        JsonNode record = new ObjectMapper().readTree(json.out());
        assertFalse(record.get("deployed").asBoolean());
        assertEquals("never-deployed", record.get("function").asText());
    }

    @Test
    void afterADeployItShowsTheUrlTheAliasAndThatTheCodeMatches() throws IOException {
        Path project = DeployedCloud.init(tmp, "status-fresh");
        String url = cloud.deploy(project);

        Lamb.Run run = cloud.lamb("status", "--stage", "dev", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("status-fresh in us-east-1: deployed (state Active, last update Successful)", lines.get(0));
        assertTrue(lines.contains("url:             " + url), run.out());
        assertTrue(lines.contains("alias:           dev -> version 1"), run.out());
        assertTrue(lines.contains("matches dev:     yes"), run.out());
        assertTrue(lines.contains("matches $LATEST: yes"), run.out());
        assertTrue(lines.contains("config:          as in lamb.toml"), run.out());

        JsonNode json = new ObjectMapper().readTree(
                cloud.lamb("status", "--stage", "dev", "--dir", project.toString(), "--output", "json").out());
        var deployed = cloud.aws().lambda().getFunction(r -> r.functionName("status-fresh")).configuration();
        assertTrue(json.get("deployed").asBoolean());
        assertEquals("Active", json.get("state").asText());
        assertEquals(deployed.lastModified(), json.get("last_modified").asText());
        assertEquals("dev", json.get("alias").asText());
        assertEquals("1", json.get("alias_version").asText());
        assertEquals(url, json.get("urls").get(0).asText());
        assertEquals(deployed.codeSha256(), json.get("code").get("local").asText());
        assertTrue(json.get("code").get("matches_live").asBoolean());
        assertTrue(json.get("config_differences").isEmpty());

        // Issue 15 section 1: "`status` without `--stage` lists every stage with its version and URL": one row a stage,
        // with its alias's version (GetAlias's FunctionVersion) published at that version's LastModified; a stage
        // lamb.toml declares and no deploy made yet says how to make it.
        Files.writeString(project.resolve("lamb.toml"), "\n[stage.qa]\nmemory = 256\n", StandardOpenOption.APPEND);
        String published = cloud.aws().lambda().getFunction(r -> r.functionName("status-fresh").qualifier("1")).configuration()
                .lastModified();
        Lamb.Run list = cloud.lamb("status", "--dir", project.toString());
        assertEquals(0, list.exitCode(), list.err());
        List<String> rows = list.out().lines().toList();
        assertEquals(3, rows.size(), list.out());
        assertEquals(List.of("stage", "version", "published", "url"), List.of(rows.get(0).split(" +")));
        assertEquals(List.of("dev", "(default)", "1", published, url), List.of(rows.get(1).split(" +")), list.out());
        assertTrue(rows.get(2).matches("qa +- +- +not deployed: run 'lamb deploy --stage qa'"), list.out());
        assertFalse(list.out().contains("matches"), "the details are --stage's: " + list.out());

        JsonNode stages = new ObjectMapper().readTree(cloud.lamb("status", "--dir", project.toString(), "--output", "json").out());
        assertEquals("status-fresh", stages.get("function").asText(), stages.toString());
        assertTrue(stages.path("code").isMissingNode(), "a list of stages, not one stage's details: " + stages);
        JsonNode dev = stages.get("stages").get(0);
        assertEquals("dev", dev.get("name").asText());
        assertEquals("1", dev.get("version").asText());
        assertEquals(published, dev.get("last_modified").asText());
        assertEquals(url, dev.get("urls").get(0).asText());
        assertTrue(dev.get("is_default").asBoolean());
        JsonNode qa = stages.get("stages").get(1);
        assertEquals("qa", qa.get("name").asText());
        assertTrue(qa.get("version").isNull() && qa.get("declared").asBoolean(), qa.toString());
    }

    @Test
    void afterAChangeItShowsTheCodeNoLongerMatchesAndWhatConfigDiffers() throws IOException {
        Path project = DeployedCloud.init(tmp, "status-changed");
        cloud.deploy(project);
        String lastModified = cloud.aws().lambda().getFunction(r -> r.functionName("status-changed")).configuration().lastModified();

        DeployedCloud.greetWith(project, "Hi");
        Path toml = project.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("memory = 128", "memory = 256"));
        Lamb.Run changed = cloud.lamb("status", "--stage", "dev", "--dir", project.toString());
        assertEquals(0, changed.exitCode(), changed.err());
        List<String> lines = changed.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("matches dev:     no (version 1 runs ")), changed.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("matches $LATEST: no")), changed.out());
        assertTrue(lines.contains("config:          differs (deployed -> lamb.toml): memory 128 -> 256"), changed.out());
        assertEquals(lastModified, cloud.aws().lambda().getFunction(r -> r.functionName("status-changed")).configuration().lastModified(),
                "status changes nothing");
        assertEquals(2, cloud.aws().lambda().listVersionsByFunction(r -> r.functionName("status-changed")).versions().size(),
                "$LATEST and version 1, nothing published by status");

        cloud.deploy(project);
        Lamb.Run redeployed = cloud.lamb("status", "--stage", "dev", "--dir", project.toString());
        assertTrue(redeployed.out().contains("alias:           dev -> version 2\n"), redeployed.out());
        assertTrue(redeployed.out().contains("matches dev:     yes\n"), redeployed.out());
        assertTrue(redeployed.out().contains("config:          as in lamb.toml\n"), redeployed.out());
    }

    /**
     * Issue 11, section 7: `tune --apply` sets memory on $LATEST without publishing (Tuning's
     * UpdateFunctionConfiguration, made here with the AWS CLI), so the alias still serves lamb.toml's
     * settings: status compares lamb.toml with that version, and shows $LATEST apart.
     */
    @Test
    void lambTomlIsComparedWithTheServedVersionAndLatestIsShownApart() throws IOException {
        Path project = DeployedCloud.init(tmp, "status-tuned");
        cloud.deploy(project);
        Processes.Result tuned = AwsCli.run(tmp, cloud.endpoint(), "lambda", "update-function-configuration",
                "--function-name", "status-tuned", "--memory-size", "512");
        assertEquals(0, tuned.exitCode(), tuned.output());

        Lamb.Run run = cloud.lamb("status", "--stage", "dev", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.contains("config:          as in lamb.toml"), run.out());
        assertTrue(lines.contains("$LATEST config:  differs (deployed -> lamb.toml): memory 512 -> 128"), run.out());

        JsonNode json = new ObjectMapper().readTree(
                cloud.lamb("status", "--stage", "dev", "--dir", project.toString(), "--output", "json").out());
        assertTrue(json.get("config_differences").isEmpty(), json.toString());
        assertEquals("memory 512 -> 128", json.get("latest_config_differences").get(0).asText(), json.toString());

        cloud.deploy(project);
        Lamb.Run redeployed = cloud.lamb("status", "--stage", "dev", "--dir", project.toString());
        assertFalse(redeployed.out().contains("$LATEST config:"), "deploy put lamb.toml's memory back: " + redeployed.out());
    }
}
