package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import dev.lamb.config.UnfilledValue;
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
                "--assume-role-policy-document", LambdaTrust.LOCAL).path("Role").path("Arn").asText();
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
        // Their own alias "live", on a version they published: it has lamb's old shared alias's name, and is still theirs.
        aws("lambda", "publish-version", "--function-name", "theirs");
        aws("lambda", "create-alias", "--function-name", "theirs", "--name", "live", "--function-version", "1");

        // Names only by default: each key with a placeholder deploy refuses (review 15 item 4: an empty value would
        // blank the variable), the way to get the values, and Next lines that say so and that the API is public.
        Path names = tmp.resolve("names");
        Lamb.Run init = cloud.lamb("init", "--from-function", "theirs", "--dir", names.toString());
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(init.out().startsWith("Wrote theirs's project (python3.12, x86_64) in "), init.out());
        assertTrue(init.out().contains("# fill in [function.environment]'s values: deploy refuses the placeholders")
                && init.out().contains("deploy adds a PUBLIC REST API (no auth) in front of the function"), init.out());
        String toml = Files.readString(names.resolve("lamb.toml"));
        assertFalse(toml.contains(SECRET) || init.out().contains(SECRET) || init.err().contains(SECRET), toml);
        assertTrue(toml.contains("DB_PASSWORD = \"" + UnfilledValue.VALUE + "\"\n")
                && toml.contains("lamb init --from-function theirs --with-values"), toml);
        assertEquals(List.of("lamb.toml"), List.of(names.toFile().list()), "no code without --with-code");
        Lamb.Run blank = cloud.lamb("deploy", "--adopt", "--yes", "--dir", names.toString());
        assertEquals(2, blank.exitCode(), blank.err());
        assertTrue(blank.err().contains("function.environment.DB_PASSWORD still holds the placeholder"), blank.err());

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
        // Review 15 item 5: the URL and async config are the function's own, not alias dev's (which does not exist):
        // written commented out, so that deploy makes no second URL or config beside them.
        assertEquals(Optional.empty(), fn.async());
        assertEquals(Optional.empty(), fn.url());
        String written = Files.readString(project.resolve("lamb.toml"));
        assertTrue(written.contains("# auth = \"AWS_IAM\"\n") && written.contains("# max_retries = 1\n"), written);
        // Review 15 item 11: lamb.toml holds the values, so it is its owner's only.
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(project.resolve("lamb.toml"))));

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
        JsonNode urls = AwsCli.json(work, cloud.endpoint(), "lambda", "list-function-url-configs", "--function-name", "theirs");
        assertEquals(1, urls.path("FunctionUrlConfigs").size(), "no second URL: " + urls);
        assertEquals("AWS_IAM", urls.path("FunctionUrlConfigs").path(0).path("AuthType").asText());
        JsonNode asyncs = AwsCli.json(work, cloud.endpoint(), "lambda", "list-function-event-invoke-configs", "--function-name", "theirs");
        assertEquals(1, asyncs.path("FunctionEventInvokeConfigs").size(), "no second async config: " + asyncs);
        JsonNode live = AwsCli.json(work, cloud.endpoint(), "lambda", "get-alias", "--function-name", "theirs", "--name", "live");
        assertEquals("1", live.path("FunctionVersion").asText(), "their alias live is theirs, not lamb's old shared alias");
        assertTrue(adopted.err().contains("  would leave alias live\n") && !adopted.err().contains("deleted alias live"), adopted.err());

        Lamb.Run noop = cloud.lamb("deploy", "--dir", project.toString());
        assertEquals(0, noop.exitCode(), noop.err());
        assertTrue(noop.out().startsWith("theirs is up to date"), noop.out());
    }

    /**
     * Review 15 item 5: with alias dev (the default stage's, which deploy applies [function.async], [url] and
     * provisioned_concurrency to), those are read with Qualifier=dev, not from the function itself.
     */
    @Test
    void theUrlAsyncAndProvisionedConcurrencyAreReadFromTheStagesAlias() throws IOException {
        String role = AwsCli.json(work, cloud.endpoint(), "iam", "create-role", "--role-name", "aliased-role",
                "--assume-role-policy-document", LambdaTrust.LOCAL).path("Role").path("Arn").asText();
        aws("lambda", "create-function", "--function-name", "aliased", "--runtime", "python3.12", "--handler", "app.handler",
                "--role", role, "--zip-file", "fileb://theirs.zip", "--publish");
        aws("lambda", "wait", "function-active-v2", "--function-name", "aliased");
        aws("lambda", "create-alias", "--function-name", "aliased", "--name", "dev", "--function-version", "1");
        aws("lambda", "put-function-event-invoke-config", "--function-name", "aliased", "--maximum-retry-attempts", "2");
        aws("lambda", "put-function-event-invoke-config", "--function-name", "aliased", "--qualifier", "dev",
                "--maximum-retry-attempts", "0", "--maximum-event-age-in-seconds", "600");
        aws("lambda", "create-function-url-config", "--function-name", "aliased", "--auth-type", "NONE");
        aws("lambda", "create-function-url-config", "--function-name", "aliased", "--qualifier", "dev", "--auth-type", "AWS_IAM");
        aws("lambda", "put-provisioned-concurrency-config", "--function-name", "aliased", "--qualifier", "dev",
                "--provisioned-concurrent-executions", "1");

        Path project = tmp.resolve("aliased");
        Lamb.Run init = cloud.lamb("init", "--from-function", "aliased", "--dir", project.toString());
        assertEquals(0, init.exitCode(), init.err());
        ProjectConfig.Function fn = ProjectConfigLoader.load(project).function();
        assertEquals(0, fn.async().orElseThrow().maxRetries());
        assertEquals(600, fn.async().orElseThrow().maxEventAgeSeconds());
        assertEquals("AWS_IAM", fn.url().orElseThrow().auth());
        assertEquals(1, fn.provisionedConcurrency());
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
                "--assume-role-policy-document", LambdaTrust.LOCAL).path("Role").path("Arn").asText();
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
