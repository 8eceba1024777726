package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;

/** Issue 11 §10: usage errors read as sentences, and a TOML error names the line the user must fix. All exit 2. */
class ErrorSentencesTest {
    @TempDir
    Path tmp;

    private Path project;
    private Path toml;

    @BeforeEach
    void init() {
        project = DeployedCloud.init(tmp, "said");
        toml = project.resolve("lamb.toml");
    }

    @Test
    void eventAndPayloadTogether() {
        assertUsage("lamb: --event and --payload cannot be used together\n",
                "invoke", "--local", "--dir", project.toString(), "--event", "a.json", "--payload", "{}");
    }

    @Test
    void aMethodNoRouteTakesNamesTheRequest() {
        assertUsage("lamb: no route in lamb.toml matches POST /hello: routes are [GET /hello]\n",
                "invoke", "--local", "--dir", project.toString(), "--method", "POST");
    }

    /** Issue 14: serve runs the function against the local cloud unless --aws-credentials says otherwise. */
    @Test
    void serveWithAProfileButNotAwsCredentials() {
        assertUsage("lamb: the function calls lamb's local cloud, as its role: drop --profile, or add --aws-credentials to run it "
                + "with yours\n", "serve", "--dir", project.toString(), "--profile", "dev", "--port", "0");
    }

    @Test
    void anEmptyMemorySize() {
        assertUsage("lamb: an empty value in '128,,256': write LOW..HIGH, LOW..HIGH:STEP or a list like 128,256,512\n",
                "tune", "--dir", project.toString(), "--memory", "128,,256");
    }

    @Test
    void anArrayLeftOpenPointsAtTheLineThatOpensIt() throws IOException {
        String text = Files.readString(toml);
        Files.writeString(toml, text.replace("routes = [\"GET /hello\"]", "routes = [\"GET /hello\",\n  \"GET /items\"\n"));
        int opens = lineOf(Files.readString(toml), "routes = [");
        Lamb.Run run = status();
        assertEquals("lamb.toml:" + opens + ":", run.err().split(" ")[1], run.err());
        assertTrue(run.err().contains(": not valid TOML: the value that starts on this line is not closed (the parser stopped at line "),
                run.err());
    }

    @Test
    void aDuplicateKeyPointsAtTheDuplicate() throws IOException {
        String text = Files.readString(toml);
        Files.writeString(toml, text.replace("memory = 128\n", "memory = 128\n# bigger\nmemory = 256\n"));
        int first = lineOf(Files.readString(toml), "memory = 128");
        int duplicate = lineOf(Files.readString(toml), "memory = 256");
        Lamb.Run run = status();
        assertEquals("lamb: lamb.toml:" + duplicate + ": not valid TOML: memory is set twice in [function] (first on line "
                + first + "): keep one\n", run.err());
    }

    private Lamb.Run status() {
        Lamb.Run run = Lamb.run("status", "--dir", project.toString());
        assertEquals(2, run.exitCode(), run.err());
        return run;
    }

    private static int lineOf(String text, String start) {
        var lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError(start + " not in\n" + text);
    }

    private static void assertUsage(String expected, String... args) {
        Lamb.Run run = Lamb.run(args);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(expected, run.err().lines().findFirst().orElse("") + "\n");
    }
}
