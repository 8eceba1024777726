package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.RequiredTools;

/**
 * Issue 15 §7: `lamb init --from-function` writes lamb.toml from a function made with the AWS CLI v2 (/usr/bin/aws),
 * not lamb, on the local cloud; its first deploy goes through the trust issue's --adopt plan. Expected values are
 * the ones the AWS CLI set, named as the Lambda API reference names them (GetFunction, GetFunctionConcurrency,
 * GetFunctionEventInvokeConfig, GetFunctionUrlConfig).
 */
class AdoptFunctionIT {
    private static final String SECRET = "hunter2-do-not-print";
    private static final String LAYER = "arn:aws:lambda:us-east-1:123456789012:layer:shared-utils:3";
    private static final String HANDLER = "def handler(event, context):\n    return {'statusCode': 200, 'body': 'theirs'}\n";

    @TempDir
    static Path work;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    Path tmp;

    @BeforeAll
    static void zip() throws IOException {
        RequiredTools.require(AwsCli.PATH);
        try (OutputStream out = Files.newOutputStream(work.resolve("theirs.zip")); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("app.py"));
            zip.write(HANDLER.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    @Test
    void aFunctionMadeWithTheAwsCliBecomesAProjectAndIsAdoptedByItsFirstDeploy() throws IOException {
        String role = AwsCli.json(work, cloud.endpoint(), "iam", "create-role", "--role-name", "their-role",
                "--assume-role-policy-document", RoleStep.TRUST_POLICY).path("Role").path("Arn").asText();
        aws("lambda", "create-function", "--function-name", "theirs", "--runtime", "python3.12", "--handler", "app.handler",
                "--role", role, "--zip-file", "fileb://theirs.zip", "--memory-size", "256", "--timeout", "20",
                "--description", "Their \"orders\" function", "--ephemeral-storage", "Size=1024", "--tracing-config", "Mode=Active",
                "--layers", LAYER, "--environment", "Variables={DB_PASSWORD=" + SECRET + ",STAGE=prod}");
        aws("lambda", "wait", "function-active-v2", "--function-name", "theirs");
        aws("lambda", "put-function-concurrency", "--function-name", "theirs", "--reserved-concurrent-executions", "5");
        aws("lambda", "put-function-event-invoke-config", "--function-name", "theirs", "--maximum-retry-attempts", "1",
                "--maximum-event-age-in-seconds", "3600");
        aws("lambda", "create-function-url-config", "--function-name", "theirs", "--auth-type", "AWS_IAM",
                "--cors", "AllowOrigins=https://example.com,AllowMethods=GET,MaxAge=300");

        // Names only by default: each key with an empty value, and the way to get the values.
        Path names = tmp.resolve("names");
        Lamb.Run init = cloud.lamb("init", "--from-function", "theirs", "--dir", names.toString());
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(init.out().startsWith("Wrote theirs's project (python3.12, x86_64) in "), init.out());
        String toml = Files.readString(names.resolve("lamb.toml"));
        assertFalse(toml.contains(SECRET) || init.out().contains(SECRET) || init.err().contains(SECRET), toml);
        assertTrue(toml.contains("DB_PASSWORD = \"\"\n") && toml.contains("lamb init --from-function theirs --with-values"), toml);
        assertEquals(List.of("lamb.toml"), List.of(names.toFile().list()), "no code without --with-code");

        Path project = tmp.resolve("theirs");
        Lamb.Run withCode = cloud.lamb("init", "--from-function", "theirs", "--with-values", "--with-code", "--dir", project.toString());
        assertEquals(0, withCode.exitCode(), withCode.err());
        assertEquals(HANDLER, Files.readString(project.resolve("app.py")), "the code, from GetFunction's Code.Location");
        ProjectConfig.Function fn = ProjectConfigLoader.load(project).function();
        assertEquals(List.of("theirs", "python3.12", "app.handler", "x86_64"), List.of(fn.name(), fn.runtime(), fn.handler(),
                fn.architecture()));
        assertEquals(List.of(256, 20, 1024), List.of(fn.memory(), fn.timeout(), fn.ephemeralStorage().getAsInt()));
        assertEquals("Their \"orders\" function", fn.description());
        assertEquals(role, fn.role());
        assertEquals(Optional.of(List.of(LAYER)), fn.layers());
        assertTrue(fn.tracing());
        assertEquals(Map.of("DB_PASSWORD", SECRET, "STAGE", "prod"), fn.environment());
        assertEquals(OptionalInt.of(5), fn.reservedConcurrency());
        assertEquals(1, fn.async().orElseThrow().maxRetries());
        assertEquals(3600, fn.async().orElseThrow().maxEventAgeSeconds());
        assertEquals("AWS_IAM", fn.url().orElseThrow().auth());
        assertEquals(List.of("https://example.com"), fn.url().orElseThrow().cors().orElseThrow().allowOrigins());
        assertEquals(300, fn.url().orElseThrow().cors().orElseThrow().maxAgeSeconds());

        // Nothing is overwritten: the whole write is refused, naming the file.
        Files.writeString(project.resolve("app.py"), "# mine\n");
        Lamb.Run again = cloud.lamb("init", "--from-function", "theirs", "--with-code", "--dir", project.toString());
        assertEquals(2, again.exitCode(), again.err());
        assertTrue(again.err().contains(project.resolve("lamb.toml") + " exists, and lamb init overwrites nothing"), again.err());
        assertEquals("# mine\n", Files.readString(project.resolve("app.py")));
        Files.writeString(project.resolve("app.py"), HANDLER);

        // The first deploy: refused without --adopt, which it names; with it, the plan changes no setting of theirs.
        Lamb.Run refused = cloud.lamb("deploy", "--dir", project.toString());
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("lamb: function theirs exists without lamb's tag lamb:function=theirs")
                && refused.err().contains("'lamb deploy --adopt'"), refused.err());
        Lamb.Run adopted = cloud.lamb("deploy", "--adopt", "--yes", "--dir", project.toString());
        assertEquals(0, adopted.exitCode(), adopted.err());
        assertTrue(adopted.err().contains("  would adopt function theirs (tag lamb:function=theirs)\n"), adopted.err());
        assertFalse(adopted.err().contains("would update theirs configuration"), "lamb.toml mirrors the function: " + adopted.err());
        assertFalse((adopted.out() + adopted.err()).contains(SECRET), "values are never shown");

        JsonNode config = AwsCli.json(work, cloud.endpoint(), "lambda", "get-function", "--function-name", "theirs");
        assertEquals("Their \"orders\" function", config.path("Configuration").path("Description").asText());
        assertEquals(1024, config.path("Configuration").path("EphemeralStorage").path("Size").asInt());
        assertEquals(role, config.path("Configuration").path("Role").asText());
        assertEquals(LAYER, config.path("Configuration").path("Layers").path(0).path("Arn").asText());
        assertEquals("theirs", config.path("Tags").path("lamb:function").asText());

        Lamb.Run noop = cloud.lamb("deploy", "--dir", project.toString());
        assertEquals(0, noop.exitCode(), noop.err());
        assertTrue(noop.out().startsWith("theirs is up to date"), noop.out());
    }

    @Test
    void aFunctionThatDoesNotExistIsNotFoundAndNothingIsWritten() {
        Lamb.Run run = cloud.lamb("init", "--from-function", "nobody", "--dir", tmp.resolve("nobody").toString());
        assertEquals(4, run.exitCode(), run.err());
        assertTrue(run.err().contains("function nobody does not exist in us-east-1"), run.err());
        assertFalse(Files.exists(tmp.resolve("nobody")));
    }

    /** Issue 15 §7: deploy applies description, ephemeral_storage and layers; the AWS CLI reads back what it set. */
    @Test
    void deployAppliesDescriptionEphemeralStorageAndLayers() throws IOException {
        Path project = DeployedCloud.init(tmp, "described");
        Path toml = project.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("tracing = true\n",
                "tracing = true\ndescription = \"Orders API\"\nephemeral_storage = 2048\nlayers = [\"" + LAYER + "\"]\n"));
        Lamb.Run deploy = cloud.lamb("deploy", "--dir", project.toString());
        assertEquals(0, deploy.exitCode(), deploy.err());
        JsonNode config = AwsCli.json(work, cloud.endpoint(), "lambda", "get-function-configuration", "--function-name", "described");
        assertEquals("Orders API", config.path("Description").asText());
        assertEquals(2048, config.path("EphemeralStorage").path("Size").asInt());
        assertEquals(LAYER, config.path("Layers").path(0).path("Arn").asText());

        Files.writeString(toml, Files.readString(toml).replace("Orders API", "Orders API, v2").replace("2048", "4096")
                .replace("layers = [\"" + LAYER + "\"]\n", "layers = []\n"));
        Lamb.Run update = cloud.lamb("deploy", "--dir", project.toString());
        assertEquals(0, update.exitCode(), update.err());
        assertTrue(update.err().contains("description Orders API -> Orders API, v2, layers [" + LAYER + "] -> [], "
                + "ephemeral_storage 2048 -> 4096"), update.err());
        config = AwsCli.json(work, cloud.endpoint(), "lambda", "get-function-configuration", "--function-name", "described");
        assertEquals("Orders API, v2", config.path("Description").asText());
        assertEquals(4096, config.path("EphemeralStorage").path("Size").asInt());
        assertTrue(config.path("Layers").isMissingNode(), "no layers left: " + config);
        Lamb.Run noop = cloud.lamb("deploy", "--dir", project.toString());
        assertTrue(noop.out().startsWith("described is up to date"), noop.out() + noop.err());
    }

    /**
     * Review 15 item 3: layers and ephemeral storage set by hand (the AWS CLI) stay when lamb.toml sets neither key,
     * through the adopting deploy and the next one. Values as GetFunctionConfiguration reports them (Layers[].Arn,
     * EphemeralStorage.Size).
     */
    @Test
    void layersAndEphemeralStorageNotInLambTomlAreLeftAlone() {
        String role = AwsCli.json(work, cloud.endpoint(), "iam", "create-role", "--role-name", "kept-role",
                "--assume-role-policy-document", RoleStep.TRUST_POLICY).path("Role").path("Arn").asText();
        aws("lambda", "create-function", "--function-name", "kept", "--runtime", "python3.12", "--handler", "app.handler",
                "--role", role, "--zip-file", "fileb://theirs.zip", "--ephemeral-storage", "Size=1024", "--layers", LAYER);
        aws("lambda", "wait", "function-active-v2", "--function-name", "kept");
        Path project = DeployedCloud.init(tmp, "kept");

        Lamb.Run adopted = cloud.lamb("deploy", "--adopt", "--yes", "--dir", project.toString());
        assertEquals(0, adopted.exitCode(), adopted.err());
        assertFalse(adopted.err().contains("layers") || adopted.err().contains("ephemeral_storage"), adopted.err());
        Lamb.Run again = cloud.lamb("deploy", "--dir", project.toString());
        assertTrue(again.out().startsWith("kept is up to date"), again.out() + again.err());
        JsonNode config = AwsCli.json(work, cloud.endpoint(), "lambda", "get-function-configuration", "--function-name", "kept");
        assertEquals(1024, config.path("EphemeralStorage").path("Size").asInt(), config.toString());
        assertEquals(LAYER, config.path("Layers").path(0).path("Arn").asText(), config.toString());
    }

    private static void aws(String... args) {
        AwsCli.json(work, cloud.endpoint(), args);
    }
}
