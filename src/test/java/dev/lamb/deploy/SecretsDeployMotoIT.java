package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.Moto;
import dev.lamb.testing.RequiredTools;
import dev.lamb.ui.Terminals;

/**
 * Issue 17 section 2, deploy's side, against moto's server (Secrets Manager, SSM, KMS, IAM and Lambda of a third party),
 * every secret made and every result read back with the AWS CLI v2: each reference of [function.secrets] becomes
 * NAME_SECRET_ARN = its ARN in the function's environment; lamb's role gets lamb-secrets with exactly
 * secretsmanager:GetSecretValue on the secret's ARN, ssm:GetParameter on the parameter's ARN (the format of the Systems
 * Manager user guide's "Parameter Store resources": arn:aws:ssm:REGION:ACCOUNT:parameter/NAME) and kms:Decrypt on the
 * customer managed key that encrypts one; a missing secret is exit 4 naming the command that creates it; the value is
 * found nowhere lamb writes. Stages and a role from lamb.toml are tested on lamb's local cloud (SecretsLocalCloudIT).
 */
class SecretsDeployMotoIT {
    private static final String REGION = "us-east-1";
    private static final String VALUE = "s3cr3t-never-printed-9f1c";
    private static final List<String> CREDENTIAL_PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> savedProperties = new HashMap<>();
    private static Moto moto;

    @TempDir
    Path projects;

    @BeforeEach
    void startMotoOnce() {
        RequiredTools.require(AwsCli.PATH);
        if (moto != null) {
            return;
        }
        moto = Moto.start();
        for (String property : CREDENTIAL_PROPERTIES) {
            savedProperties.put(property, System.getProperty(property));
            System.setProperty(property, "test");
        }
    }

    @AfterAll
    static void stopMoto() {
        savedProperties.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
        savedProperties.clear();
        if (moto != null) {
            moto.close();
        }
        moto = null;
    }

    @Test
    void eachReferenceIsGrantedExactlyItsArnAndTheFunctionFindsItByVariable() throws IOException {
        String name = "sec-grant";
        String key = cli("kms", "create-key").path("KeyMetadata").path("Arn").asText();
        String secretArn = cli("secretsmanager", "create-secret", "--name", name + "-db", "--secret-string", VALUE,
                "--kms-key-id", key.substring(key.lastIndexOf('/') + 1)).path("ARN").asText();
        cli("ssm", "put-parameter", "--name", "/" + name + "/api-key", "--type", "SecureString", "--value", VALUE);
        String parameterArn = "arn:aws:ssm:" + REGION + ":" + Moto.ACCOUNT + ":parameter/" + name + "/api-key";
        Path dir = project(name, """
                [function.secrets]
                DB_PASSWORD = "secretsmanager:%s-db#password"
                API_KEY = "ssm:/%s/api-key"
                """.formatted(name, name));

        Lamb.Run deployed = deploy(dir, "--output", "json");

        assertEquals(0, deployed.exitCode(), deployed.err() + moto.logTail());
        JsonNode env = cli("lambda", "get-function-configuration", "--function-name", name).path("Environment").path("Variables");
        assertEquals(secretArn + "#password", env.path("DB_PASSWORD_SECRET_ARN").asText(), env.toString());
        assertEquals(parameterArn, env.path("API_KEY_SECRET_ARN").asText(), env.toString());
        JsonNode statements = rolePolicy(name).path("Statement");
        assertEquals(List.of("devKeys kms:Decrypt [" + key + "]", "devSecrets secretsmanager:GetSecretValue [" + secretArn + "]",
                "devParameters ssm:GetParameter [" + parameterArn + "]"), describe(statements));
        assertFalse(statements.toString().contains("*"), statements.toString());
        String changes = deployed.out();
        assertTrue(changes.contains("DB_PASSWORD_SECRET_ARN") && changes.contains(secretArn), changes);

        Lamb.Run again = deploy(dir, "--output", "json");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(0, JSON.readTree(again.out()).path("write_calls").asInt(), again.out());

        Lamb.Run status = Lamb.run("status", "--stage", "dev", "--output", "json", "--dir", dir.toString(), "--endpoint-url",
                moto.endpoint().toString(), "--region", REGION);
        assertEquals(0, status.exitCode(), status.err());
        JsonNode secrets = JSON.readTree(status.out()).path("secrets");
        assertEquals(secretArn + "#password", secrets.get(0).path("arn").asText(), secrets.toString());
        assertEquals("[]", JSON.readTree(status.out()).path("config_differences").toString(), status.out());
        String configuration = AwsCli.run(projects, moto.endpoint().toString(), "lambda", "get-function-configuration",
                "--function-name", name).output();
        for (String text : List.of(deployed.out(), deployed.err(), again.out(), again.err(), status.out(), status.err(), configuration)) {
            assertFalse(text.contains(VALUE), "the secret's value leaked: " + text);
        }
    }

    @Test
    void aMissingSecretOrParameterIsExit4NamingTheCommandThatCreatesIt() throws IOException {
        Path dir = project("sec-missing", """
                [function.secrets]
                DB_PASSWORD = "secretsmanager:sec-missing-db"
                """);
        Lamb.Run secret = deploy(dir);
        assertEquals(4, secret.exitCode(), secret.err());
        assertTrue(secret.err().contains("the secret sec-missing-db of [function.secrets] DB_PASSWORD = \"secretsmanager:sec-missing-db\" "
                + "is not in Secrets Manager in us-east-1: create it with 'lamb secrets set DB_PASSWORD --stage dev'"), secret.err());
        assertFalse(secret.err().contains("\tat "), "no stack trace: " + secret.err());

        write(dir, """
                [function.secrets]
                API_KEY = "ssm:/sec-missing/api-key"
                """);
        Lamb.Run parameter = deploy(dir);
        assertEquals(4, parameter.exitCode(), parameter.err());
        assertTrue(parameter.err().contains("is not in SSM Parameter Store in us-east-1: create it as a SecureString with "
                + "'lamb secrets set API_KEY --stage dev'"), parameter.err());
        assertFalse(parameter.err().contains("--value"), "no value on a command line: " + parameter.err());
        // The command given works as printed: it creates the parameter as a SecureString (the SSM API reference's Type).
        Lamb.Run set = Lamb.run(Terminals.piped(new ByteArrayInputStream(VALUE.getBytes(StandardCharsets.UTF_8))), "secrets", "set",
                "API_KEY", "--stage", "dev", "--dir", dir.toString(), "--endpoint-url", moto.endpoint().toString(), "--region", REGION);
        assertEquals(0, set.exitCode(), set.err());
        assertEquals("SecureString", cli("ssm", "get-parameter", "--name", "/sec-missing/api-key").path("Parameter").path("Type").asText());

        // An ARN names a secret that exists: lamb creates by name, so the message says which name to reference.
        write(dir, """
                [function.secrets]
                DB = "secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:sec-gone-AbCdEf"
                """);
        Lamb.Run arn = deploy(dir);
        assertEquals(4, arn.exitCode(), arn.err());
        assertTrue(arn.err().contains("lamb creates secrets by name only: reference one by name (DB = \"secretsmanager:sec-gone\") "
                + "and create it with 'lamb secrets set DB --stage dev'"), arn.err());

        // The table named is the one the entry is in: the stage's, over [function.secrets].
        write(dir, """
                [function.secrets]
                TOKEN = "ssm:/sec-missing/api-key"
                [stage.dev.secrets]
                TOKEN = "secretsmanager:sec-missing-token"
                """);
        Lamb.Run staged = deploy(dir);
        assertEquals(4, staged.exitCode(), staged.err());
        assertTrue(staged.err().contains("the secret sec-missing-token of [stage.dev.secrets] TOKEN = "
                + "\"secretsmanager:sec-missing-token\" is not in Secrets Manager"), staged.err());
    }

    /** A reference to a plain String parameter (DescribeParameters' Type) deploys, with one line saying it is unencrypted. */
    @Test
    void aStringParameterIsWarnedAbout() throws IOException {
        cli("ssm", "put-parameter", "--name", "/sec-plain/url", "--type", "String", "--value", "https://example.com");
        Path dir = project("sec-plain", """
                [function.secrets]
                URL = "ssm:/sec-plain/url"
                """);
        Lamb.Run plan = deploy(dir, "--dry-run");
        assertEquals(0, plan.exitCode(), plan.err());
        assertEquals(1, plan.err().lines().filter(l -> l.startsWith("lamb: warning: [function.secrets] URL = \"ssm:/sec-plain/url\" "
                + "is a String parameter, stored unencrypted: recreate it as a SecureString")).count(), plan.err());
    }

    /** Statements as "Sid Action [Resource, ...]". */
    private static List<String> describe(JsonNode statements) {
        List<String> out = new ArrayList<>();
        statements.forEach(s -> {
            List<String> resources = new ArrayList<>();
            s.path("Resource").forEach(r -> resources.add(r.asText()));
            out.add(s.path("Sid").asText() + " " + s.path("Action").asText() + " " + resources);
        });
        return out;
    }

    private JsonNode rolePolicy(String function) throws IOException {
        JsonNode document = cli("iam", "get-role-policy", "--role-name", role(function), "--policy-name", "lamb-secrets")
                .path("PolicyDocument");
        return document.isTextual() ? JSON.readTree(URLDecoder.decode(document.asText(), StandardCharsets.UTF_8)) : document;
    }

    private static String role(String function) {
        return "lamb-" + function + "-" + REGION;
    }

    private JsonNode cli(String... args) {
        return AwsCli.json(projects, moto.endpoint().toString(), args);
    }

    private Path project(String name, String secrets, String... functionLines) {
        Path dir = projects.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("handler.py"), "def handler(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n");
            Files.writeString(dir.resolve("head.toml"), """
                    [function]
                    name = "%s"
                    runtime = "python3.13"
                    handler = "handler.handler"
                    tracing = false
                    %s
                    [api]
                    stage = "dev"
                    routes = ["GET /hello"]

                    """.formatted(name, String.join("", functionLines)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(dir, secrets);
        return dir;
    }

    /** lamb.toml: the project's head with these secrets tables after it. */
    private static void write(Path dir, String secrets) {
        try {
            Files.writeString(dir.resolve("lamb.toml"), Files.readString(dir.resolve("head.toml")) + secrets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Lamb.Run deploy(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("deploy", "--yes", "--dir", dir.toString(), "--endpoint-url",
                moto.endpoint().toString(), "--region", REGION));
        args.addAll(List.of(more));
        return Lamb.run(args.toArray(String[]::new));
    }
}
