package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.Lamb;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.ui.Terminals;

/** `lamb package` as a user runs it on a project `lamb init` made. */
class PackageCommandIT {
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
        assertTrue(run.err().contains("no lamb.toml") && run.err().contains("or any folder above it")
                && run.err().contains("lamb init"), run.err());
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
    /** Issue 11 (5): from any folder of a project, lamb finds its lamb.toml as git finds .git. */
    @Test
    void aSubfolderOfTheProjectFindsTheNearestLambTomlAbove() throws Exception {
        Path dir = project("python");
        Path deep = Files.createDirectories(dir.resolve("src/deep"));
        Lamb.Run run = Lamb.run("package", "--dir", deep.toString(), "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(dir.resolve(".lamb/fn.zip").toString(), json.get("zip").asText());
        assertTrue(names(dir.resolve(".lamb/fn.zip")).contains("handler.py"));
        assertFalse(Files.exists(deep.resolve(".lamb")), "nothing is written where lamb was started");
    }

    /**
     * Issue 11 (5): `lamb deploy > deploy.log 2>&1` in the project folder failed on every run with
     * "deploy.log changed while it was being zipped", because lamb's own progress grew the file
     * between listing and zipping. Here stdout and stderr go to deploy.log in the project, as the shell
     * would send them.
     */
    @Test
    void outputRedirectedIntoTheProjectNeverFailsTheBuild() throws Exception {
        Path dir = project("python");
        Path log = dir.resolve("deploy.log");
        for (int run = 0; run < 3; run++) {
            try (PrintWriter both = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
                int code = LambCli.create(both, both, Terminals.none()).execute("package", "--dir", dir.toString());
                assertEquals(0, code, Files.readString(log));
            }
        }
        assertFalse(Files.readString(log).contains("changed while"), Files.readString(log));
    }

    /** Issue 11 (5): `lamb invoke --local 2>err.txt` in the project folder failed the same way. */
    @Test
    void localInvokeWithStderrIntoTheProjectRuns() throws Exception {
        RequiredTools.require("python3");
        Path dir = project("python");
        Path errors = dir.resolve("err.txt");
        StringWriter out = new StringWriter();
        try (PrintWriter err = new PrintWriter(Files.newBufferedWriter(errors, StandardCharsets.UTF_8), true)) {
            int code = LambCli.create(new PrintWriter(out, true), err, Terminals.none())
                    .execute("invoke", "--local", "--sources", "--dir", dir.toString(), "--query", "name=Ada");
            assertEquals(0, code, Files.readString(errors));
        }
        assertEquals("\"Hello, Ada!\"\n", out.toString());
        assertTrue(Files.readString(errors).contains("HTTP 200"), Files.readString(errors));
    }

    /**
     * Issue 11 (5): private keys and credential files shipped to Lambda. Real keys from ssh-keygen and
     * openssl, a public certificate and a public key (which stay), and a '!' line that ships a key on purpose.
     */
    @Test
    void privateKeysAndCredentialFilesAreLeftOutAndListed() throws Exception {
        Path sshKeygen = RequiredTools.require("ssh-keygen");
        Path openssl = RequiredTools.require("openssl");
        Path dir = project("python");
        Files.createDirectories(dir.resolve(".ssh"));
        Files.createDirectories(dir.resolve("certs"));
        Files.createDirectories(dir.resolve("keep"));
        Files.createDirectories(dir.resolve("conf"));
        tool(dir, sshKeygen.toString(), "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", "id_rsa");
        tool(dir, sshKeygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", ".ssh/id_ed25519");
        tool(dir, openssl.toString(), "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
        tool(dir, openssl.toString(), "genrsa", "-traditional", "-out", "certs/server.key", "2048");
        tool(dir, openssl.toString(), "req", "-x509", "-key", "certs/server.key", "-subj", "/CN=lamb test CA",
                "-days", "1", "-out", "certs/ca.pem");
        tool(dir, openssl.toString(), "genrsa", "-out", "keep/fixture.key", "2048");
        Files.writeString(dir.resolve(".netrc"), "machine example.com login ada password s3cret\n");
        Files.writeString(dir.resolve("conf/credentials"), "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
        String pem = Files.readString(dir.resolve("key.pem"));
        Files.writeString(dir.resolve("service-account.json"), new ObjectMapper().writeValueAsString(Map.of(
                "type", "service_account", "project_id", "demo", "private_key_id", "0123",
                "private_key", pem, "client_email", "fn@demo.iam.gserviceaccount.com")));
        Files.writeString(dir.resolve("settings.json"), "{\"type\": \"settings\", \"private_key_file\": \"none\"}");
        Files.writeString(dir.resolve("keep/.netrc"), "machine fixtures.example login test password test\n");
        Files.writeString(dir.resolve(".lambignore"), "!keep/fixture.key\n!keep/.netrc\n");

        Lamb.Run run = Lamb.run("package", "--dir", dir.toString(), "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
        Set<String> zipped = names(dir.resolve(".lamb/fn.zip"));
        Set<String> secrets = Set.of("id_rsa", ".ssh/id_ed25519", "key.pem", "certs/server.key", ".netrc",
                "service-account.json", "conf/credentials");
        for (String secret : secrets) {
            assertFalse(zipped.contains(secret), secret + " must not ship: " + zipped);
        }
        assertTrue(zipped.containsAll(Set.of("id_rsa.pub", "certs/ca.pem", "keep/fixture.key", "keep/.netrc",
                "settings.json", "handler.py")), "public keys, certificates, ordinary JSON and files included on purpose "
                + "stay: " + zipped);

        JsonNode leftOut = new ObjectMapper().readTree(run.out()).get("left_out");
        Set<String> listed = new TreeSet<>();
        leftOut.forEach(file -> listed.add(file.get("path").asText()));
        assertEquals(new TreeSet<>(Set.of("id_rsa", ".ssh/", "key.pem", "certs/server.key", ".netrc",
                "service-account.json", "conf/credentials")), listed);
        assertTrue(run.err().contains("left out id_rsa: a private key; a line '!id_rsa' in .lambignore ships it on purpose"),
                run.err());
        assertTrue(run.err().contains("left out service-account.json: a Google Cloud service-account key"), run.err());
    }

    private static void tool(Path dir, String... command) {
        Processes.Result result = Processes.run(dir, Map.of(), 60, List.of(command));
        assertEquals(0, result.exitCode(), String.join(" ", command) + ": " + result.output());
    }

    private static Set<String> names(Path zip) throws Exception {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        }
    }
}
