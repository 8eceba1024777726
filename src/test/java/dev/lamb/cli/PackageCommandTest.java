package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.Lamb;
import dev.lamb.testing.RequiredTools;

/** `lamb package` as a user runs it on a project `lamb init` made. */
class PackageCommandTest {
    @TempDir
    Path tmp;

    private Path project(String runtime) {
        Path dir = tmp.resolve("fn");
        assertEquals(0, Lamb.run("init", "fn", "--runtime", runtime, "--dir", dir.toString()).exitCode());
        return dir;
    }

    @Test
    void printsTheZipAndTheCodeSha256ThatLambdaWillReport() throws Exception {
        Path dir = project("python");
        Lamb.Run run = Lamb.run("package", "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        Path zip = dir.resolve(".lamb/fn.zip");
        String sha = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(zip)));
        assertTrue(run.out().contains("CodeSha256  " + sha + "\n"), run.out());
        assertFalse(run.out().contains("zipping"), "progress belongs on stderr: " + run.out());
    }

    @Test
    void jsonGivesSizeAndShaAsFields() throws Exception {
        Path dir = project("node");
        Path out = tmp.resolve("out/function.zip");
        Lamb.Run run = Lamb.run("package", "--dir", dir.toString(), "--out", out.toString(), "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(Files.size(out), json.get("size_bytes").asLong());
        assertEquals(out.toString(), json.get("zip").asText());
        assertEquals(44, json.get("code_sha256").asText().length());
    }

    @Test
    void outsideAProjectSaysHowToMakeOne() {
        Lamb.Run run = Lamb.run("package", "--dir", tmp.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no lamb.toml") && run.err().contains("lamb init"), run.err());
    }

    @Test
    void goWithoutGoSumSaysToRunGoModTidy() {
        RequiredTools.require("go");
        Path dir = project("go");
        Lamb.Run run = Lamb.run("package", "--dir", dir.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("lamb: go.sum is missing: run 'go mod tidy'"), run.err());
        assertFalse(Files.exists(dir.resolve(".lamb/fn.zip")));
    }
}
