package dev.lamb.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.config.SecretReference;
import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.local.cloud.LocalCloudServices;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.RequiredTools;
import dev.lamb.ui.Terminals;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Issue 17 §2's `lamb secrets set/list/rm`, on the local cloud's Secrets Manager (in this JVM, through --endpoint-url as
 * --local sends them); values read back with the AWS CLI v2. Expected values from the Secrets Manager API reference:
 * PutSecretValue moves AWSCURRENT to the new version and AWSPREVIOUS to the one before; DeleteSecret with
 * RecoveryWindowInDays sets DeletedDate and answers DeletionDate, the window's end; RestoreSecret clears it;
 * ForceDeleteWithoutRecovery deletes at once. And from the issue: a value never comes from an argument and never appears
 * in lamb's output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecretsCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION = """
            [function]
            name = "hello"
            runtime = "python3.13"
            handler = "handler.handler"
            """;

    @TempDir
    static Path work;
    LocalCloud cloud;
    AwsClients aws;
    Path outside;

    @BeforeAll
    void start() throws IOException {
        cloud = LocalCloud.start(0, LocalCloudServices.create(Files.createDirectories(work.resolve("data")), notice -> { }));
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        aws = new AwsClients(AwsTarget.localCloud(URI.create(endpoint())));
        outside = Files.createDirectories(work.resolve("outside"));
    }

    @AfterAll
    void stop() {
        if (aws != null) {
            aws.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void setReadsStdinLessOneNewlineAndNeverPrintsTheValue() {
        Lamb.Run run = lamb("s3cr3t\n", outside, "secrets", "set", "DB_PASSWORD");
        assertEquals(0, run.exitCode(), run.err());
        assertNoValue(run, "s3cr3t");
        JsonNode got = AwsCli.json(work, endpoint(), "secretsmanager", "get-secret-value", "--secret-id", "DB_PASSWORD");
        assertEquals("s3cr3t", got.get("SecretString").asText(), "echo's newline dropped, nothing else");
        assertTrue(run.out().startsWith("created secret DB_PASSWORD\n"), run.out());
        assertTrue(run.out().contains("  arn      " + got.get("ARN").asText() + "\n"), run.out());
        assertTrue(run.out().contains("  version  " + got.get("VersionId").asText() + "\n"), run.out());

        // Only ONE trailing newline goes: the rest of a multi-line value, blank last line included, arrives intact.
        Lamb.Run json = lamb("line one\n  line two\n\n", outside, "secrets", "set", "PEM", "--description", "a key", "--output", "json");
        assertEquals(0, json.exitCode(), json.err());
        assertNoValue(json, "line one");
        assertEquals("line one\n  line two\n", value("PEM", "AWSCURRENT").secretString());
        JsonNode printed = read(json.out());
        DescribeSecretResponse pem = describe("PEM");
        assertEquals(pem.arn(), printed.get("arn").asText());
        assertEquals("a key", pem.description());
        assertTrue(pem.tags().stream().anyMatch(t -> t.key().equals(SecretStore.TAG) && t.value().equals("PEM")), pem.tags().toString());
    }

    @Test
    void setAgainPutsANewVersionAndKeepsThePreviousOne() {
        assertEquals(0, lamb("first", outside, "secrets", "set", "ROTATED").exitCode());
        Lamb.Run again = lamb("second\n", outside, "secrets", "set", "ROTATED");
        assertEquals(0, again.exitCode(), again.err());
        assertNoValue(again, "second");
        assertTrue(again.out().startsWith("put a new version of ROTATED"), again.out());
        GetSecretValueResponse current = value("ROTATED", "AWSCURRENT");
        GetSecretValueResponse previous = value("ROTATED", "AWSPREVIOUS");
        assertEquals("second", current.secretString());
        assertEquals("first", previous.secretString());
        assertNotEquals(current.versionId(), previous.versionId());
        assertTrue(again.out().contains("  version  " + current.versionId()), again.out());
    }

    @Test
    void aValueOnTheCommandLineOrAnEmptyOneIsRefused() {
        for (String[] args : List.of(new String[] {"secrets", "set", "ARGUED", "hunter2"},
                new String[] {"secrets", "set", "ARGUED", "--value=hunter2"})) {
            Lamb.Run run = lamb("", outside, args);
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains("pipe the value in"), run.err());
            assertNoValue(run, "hunter2");
        }
        Lamb.Run empty = lamb("\n", outside, "secrets", "set", "ARGUED");
        assertEquals(2, empty.exitCode(), empty.err());
        assertTrue(empty.err().startsWith("lamb: the value of ARGUED is empty: "), empty.err());
        assertThrows(ResourceNotFoundException.class, () -> describe("ARGUED"), "nothing was stored");
    }

    @Test
    void listShowsNameArnVersionAndLastChangeButNoValue() {
        assertEquals(0, lamb("listed-value", outside, "secrets", "set", "LISTED").exitCode());
        aws.secretsManager().createSecret(r -> r.name("not-lambs").secretString("foreign-value"));
        Lamb.Run run = lamb("", outside, "secrets", "list", "--output", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertNoValue(run, "listed-value");
        JsonNode row = row(read(run.out()), "LISTED");
        DescribeSecretResponse secret = describe("LISTED");
        assertEquals(secret.arn(), row.get("arn").asText());
        String current = secret.versionIdsToStages().entrySet().stream().filter(e -> e.getValue().contains("AWSCURRENT"))
                .findFirst().orElseThrow().getKey();
        assertEquals(current, row.get("version_id").asText());
        assertEquals(secret.lastChangedDate().truncatedTo(ChronoUnit.SECONDS), Instant.parse(row.get("last_changed").asText()));
        assertNull(row(read(run.out()), "not-lambs"), "only the secrets lamb created, by their tag");

        Lamb.Run all = lamb("", outside, "secrets", "list", "--all");
        assertEquals(0, all.exitCode(), all.err());
        assertNoValue(all, "foreign-value");
        assertTrue(all.out().startsWith("name "), all.out());
        assertTrue(all.out().lines().anyMatch(l -> l.startsWith("not-lambs ") && l.endsWith(describe("not-lambs").arn())), all.out());
        assertTrue(all.out().lines().anyMatch(l -> l.startsWith("LISTED ") && l.contains(" " + current + " ")), all.out());
    }

    /**
     * The flow: `lamb secrets set NAME` in a project, then `lamb secrets list` shows NAME (name, ARN, version, last
     * change) though lamb.toml does not reference it yet, saying so, and once only when it does. A secret with no version yet
     * (CreateSecret without a value, as the API reference allows) shows "-", not "null".
     */
    @Test
    void listInAProjectShowsWhatSetMadeBeforeLambTomlReferencesIt() throws IOException {
        Path project = Files.createDirectories(work.resolve("listed-project"));
        Path toml = Files.writeString(project.resolve("lamb.toml"), FUNCTION.replace("\"hello\"", "\"listed\""));
        assertEquals(0, lamb("s3cret", project, "secrets", "set", "API_TOKEN").exitCode());
        Lamb.Run list = lamb("", project, "secrets", "list");
        assertEquals(0, list.exitCode(), list.err());
        assertNoValue(list, "s3cret");
        DescribeSecretResponse secret = describe("API_TOKEN");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("API_TOKEN ") && l.endsWith(secret.arn()
                + " (lamb.toml does not reference it yet)")), list.out());
        JsonNode row = row(read(lamb("", project, "secrets", "list", "--output", "json").out()), "API_TOKEN");
        assertEquals(secret.arn(), row.get("arn").asText());
        assertTrue(row.get("reference").isNull(), row.toString());

        Files.writeString(toml, Files.readString(toml) + "\n[function.secrets]\nAPI_TOKEN = \"secretsmanager:API_TOKEN\"\n");
        Lamb.Run referenced = lamb("", project, "secrets", "list");
        assertEquals(1, referenced.out().lines().filter(l -> l.startsWith("API_TOKEN ")).count(), referenced.out());
        assertTrue(referenced.out().lines().anyMatch(l -> l.startsWith("API_TOKEN ") && l.endsWith(secret.arn())), referenced.out());

        aws.secretsManager().createSecret(r -> r.name("no-version-yet").tags(t -> t.key("lamb:secret").value("no-version-yet")));
        Lamb.Run empty = lamb("", outside, "secrets", "list");
        assertTrue(empty.out().lines().anyMatch(l -> l.matches("no-version-yet +- +\\S+ +arn:.*")), empty.out());
    }

    @Test
    void rmKeepsTheSecretRestorableForTheRecoveryWindow() {
        assertEquals(0, lamb("restorable", outside, "secrets", "set", "RECOVERABLE").exitCode());
        String arn = describe("RECOVERABLE").arn();
        Lamb.Run rm = lamb("", outside, "secrets", "rm", "RECOVERABLE", "--recovery-days", "7");
        assertEquals(0, rm.exitCode(), rm.err());
        assertNoValue(rm, "restorable");
        assertTrue(rm.out().contains("with a 7-day recovery window"), rm.out());
        String restore = "aws secretsmanager restore-secret --secret-id " + arn;
        assertTrue(rm.out().contains("restore it until then with: " + restore + "\n"), rm.out());
        Instant until = Instant.parse(rm.out().replaceAll("(?s).*deletes it for good on (\\S+)\n.*", "$1"));
        Lamb.Run listed = lamb("", outside, "secrets", "list");
        assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("RECOVERABLE ") && l.contains(arn + " (deleted on ")), listed.out());
        assertTrue(Duration.between(Instant.now().plus(Duration.ofDays(7)), until).abs().toMinutes() < 5, "DeletionDate: " + until);
        assertNotNull(describe("RECOVERABLE").deletedDate(), "DescribeSecret's DeletedDate: scheduled for deletion");

        // DescribeSecret's DeletedDate is when DeleteSecret was called (SecretListEntry reference), so lamb says "deleted on".
        String today = Instant.now().truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
        Lamb.Run twice = lamb("", outside, "secrets", "rm", "RECOVERABLE");
        assertEquals(1, twice.exitCode(), twice.err());
        assertTrue(twice.err().startsWith("lamb: RECOVERABLE was already deleted on " + today + " and waits out its recovery window"),
                twice.err());
        Lamb.Run setDeleted = lamb("x", outside, "secrets", "set", "RECOVERABLE");
        assertTrue(setDeleted.err().startsWith("lamb: RECOVERABLE was deleted on " + today + " and waits out its recovery window"),
                setDeleted.err());

        // The printed command, as the user would run it, brings the secret and its value back.
        AwsCli.json(work, endpoint(), restore.substring("aws ".length()).split(" "));
        assertNull(describe("RECOVERABLE").deletedDate());
        assertEquals("restorable", value("RECOVERABLE", "AWSCURRENT").secretString());

        Lamb.Run forced = lamb("", outside, "secrets", "rm", "RECOVERABLE", "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertTrue(forced.out().startsWith("deleted RECOVERABLE (" + arn + ") for good, without recovery"), forced.out());
        assertThrows(ResourceNotFoundException.class, () -> describe("RECOVERABLE"), "ForceDeleteWithoutRecovery: gone at once");
    }

    /**
     * The issue: `lamb secrets rm NAME` deletes with Secrets Manager's recovery window unless --force, so a secret made with
     * the AWS CLI is deleted restorably too (DescribeSecret's DeletedDate set, RestoreSecret brings it back), never at once.
     */
    @Test
    void rmDeletesASecretLambDidNotCreateWithItsRecoveryWindow() {
        aws.secretsManager().createSecret(r -> r.name("theirs").secretString("x"));
        Lamb.Run rm = lamb("", outside, "secrets", "rm", "theirs");
        assertEquals(0, rm.exitCode(), rm.err());
        assertTrue(rm.out().contains("with a 30-day recovery window"), rm.out());
        assertNotNull(describe("theirs").deletedDate(), "scheduled for deletion, restorable");
        aws.secretsManager().restoreSecret(r -> r.secretId("theirs"));
        assertEquals("x", value("theirs", "AWSCURRENT").secretString());
        Lamb.Run missing = lamb("", outside, "secrets", "rm", "never-made");
        assertEquals(4, missing.exitCode(), missing.err());
        assertEquals("lamb: no secret never-made in this account and region\n", missing.err());
        Lamb.Run window = lamb("", outside, "secrets", "rm", "theirs", "--recovery-days", "3");
        assertEquals(2, window.exitCode(), "RecoveryWindowInDays is 7 to 30: " + window.err());
    }

    @Test
    void inAProjectSetSaysWhatLambTomlLacksAndRmWhatItStillHas() throws IOException {
        Path project = Files.createDirectories(work.resolve("project"));
        Path toml = project.resolve("lamb.toml");
        Files.writeString(toml, FUNCTION + "\n[function.secrets]\nGONE = \"secretsmanager:hello/gone\"  # kept as it is\n");
        String before = Files.readString(toml);
        Files.createDirectories(project.resolve("sub"));
        Lamb.Run set = lamb("db-url", project.resolve("sub"), "secrets", "set", "DB_URL");
        assertEquals(0, set.exitCode(), set.err());
        assertTrue(set.out().endsWith("lamb.toml does not reference it yet: to give it to the function, add "
                + "DB_URL = \"secretsmanager:DB_URL\" in [function.secrets]\n"), set.out());
        assertEquals(before, Files.readString(toml), "lamb.toml is the user's: set never edits it");
        assertTrue(describe("DB_URL").tags().stream().anyMatch(t -> t.key().equals("lamb:function") && t.value().equals("hello")));
        Files.writeString(toml, before + "DB_URL = \"secretsmanager:DB_URL\"\n");
        String once = Files.readString(toml);
        Lamb.Run again = lamb("db-url-2", project, "secrets", "set", "DB_URL");
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.out().contains("does not reference it"), again.out());
        assertEquals("db-url-2", value("DB_URL", "AWSCURRENT").secretString(), "a referenced secret gets a new version");

        // A #json-key reference is one key of a JSON secret: set writes that key and keeps the others.
        aws.secretsManager().createSecret(r -> r.name("hello/db").secretString("{\"user\":\"app\",\"password\":\"old\"}"));
        Files.writeString(toml, Files.readString(toml) + "DB_PASS = \"secretsmanager:hello/db#password\"\n");
        Lamb.Run key = lamb("new-pass", project, "secrets", "set", "DB_PASS");
        assertEquals(0, key.exitCode(), key.err());
        assertTrue(key.out().startsWith("put a new version of hello/db, a secret lamb did not create, "), key.out());
        assertEquals("{\"user\":\"app\",\"password\":\"new-pass\"}", value("hello/db", "AWSCURRENT").secretString());
        once = Files.readString(toml);

        Lamb.Run staged = lamb("prod-token", project, "secrets", "set", "TOKEN", "--stage", "prod");
        assertEquals(0, staged.exitCode(), staged.err());
        assertTrue(staged.out().startsWith("created secret prod/TOKEN\n"), staged.out());
        assertEquals("prod-token", value("prod/TOKEN", "AWSCURRENT").secretString());
        assertTrue(staged.out().endsWith("add TOKEN = \"secretsmanager:prod/TOKEN\" in [stage.prod.secrets]\n"), staged.out());
        Files.writeString(toml, once + "\n[stage.prod.secrets]\nTOKEN = \"secretsmanager:prod/TOKEN\"\n");
        assertEquals(SecretReference.parse("secretsmanager:prod/TOKEN"), Optional.ofNullable(
                ProjectConfigLoader.load(project).forStage("prod").function().secrets().get("TOKEN")));

        Lamb.Run list = lamb("", project, "secrets", "list", "--stage", "prod");
        assertEquals(0, list.exitCode(), list.err());
        assertNoValue(list, "prod-token");
        List<String> names = list.out().lines().skip(1).filter(l -> !l.endsWith("(lamb.toml does not reference it yet)"))
                .map(l -> l.split(" ")[0]).toList();
        assertEquals(List.of("GONE", "DB_URL", "DB_PASS", "TOKEN"), names, "lamb.toml's order: " + list.out());
        assertTrue(list.out().contains("GONE     missing: secretsmanager:hello/gone does not exist; create it with "
                + "'lamb secrets set GONE'\n"), list.out());

        Lamb.Run rm = lamb("", project, "secrets", "rm", "DB_URL");
        assertEquals(0, rm.exitCode(), rm.err());
        assertTrue(rm.out().endsWith("lamb.toml still references it as DB_URL: remove the reference, or set it again\n"), rm.out());
        assertEquals(once.length() + "\n[stage.prod.secrets]\nTOKEN = \"secretsmanager:prod/TOKEN\"\n".length(),
                Files.readString(toml).length(), "rm leaves lamb.toml as it is");
    }

    /**
     * An ssm: reference is a Parameter Store parameter: set puts a SecureString (PutParameter, Overwrite for a new version,
     * as the SSM API reference has versions count from 1), list reads DescribeParameters, and rm, with nothing to restore
     * a deleted parameter from, deletes only with --force.
     */
    @Test
    void anSsmReferenceIsASecureStringParameter() throws IOException {
        Path project = Files.createDirectories(work.resolve("ssm-project"));
        Files.writeString(project.resolve("lamb.toml"), FUNCTION + "\n[function.secrets]\nAPI_KEY = \"ssm:/hello/api-key\"\n");
        Lamb.Run set = lamb("first-key\n", project, "secrets", "set", "API_KEY");
        assertEquals(0, set.exitCode(), set.err());
        assertTrue(set.out().startsWith("created parameter /hello/api-key\n"), set.out());
        Lamb.Run again = lamb("second-key", project, "secrets", "set", "API_KEY");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().startsWith("put a new version of /hello/api-key (the one before stays as /hello/api-key:1)\n"),
                again.out());
        JsonNode got = AwsCli.json(work, endpoint(), "ssm", "get-parameter", "--name", "/hello/api-key", "--with-decryption");
        assertEquals("second-key", got.get("Parameter").get("Value").asText());
        assertEquals("SecureString", got.get("Parameter").get("Type").asText());
        assertEquals(2, got.get("Parameter").get("Version").asInt());

        Lamb.Run list = lamb("", project, "secrets", "list", "--output", "json");
        assertEquals(0, list.exitCode(), list.err());
        assertNoValue(list, "second-key");
        JsonNode row = row(read(list.out()), "API_KEY");
        assertEquals(got.get("Parameter").get("ARN").asText(), row.get("arn").asText());
        assertEquals("2", row.get("version_id").asText());

        Lamb.Run refused = lamb("", project, "secrets", "rm", "API_KEY");
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("only with --force"), refused.err());
        Lamb.Run forced = lamb("", project, "secrets", "rm", "API_KEY", "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertTrue(aws.ssm().describeParameters(r -> r.parameterFilters(f -> f.key("Name").option("Equals").values("/hello/api-key")))
                .parameters().isEmpty(), "deleted");
        assertEquals(0, set.err().length() + again.err().length(), set.err() + again.err());
    }

    /**
     * DESIGN §3: a command that changes cloud state takes --dry-run and prints its plan. set's reads no value (an empty stdin,
     * which a real set refuses, is fine) and writes nothing; rm's deletes nothing. Checked against the cloud's state after.
     */
    @Test
    void dryRunsSayWhatWouldChangeAndChangeNothing() {
        Lamb.Run create = lamb("", outside, "secrets", "set", "PLANNED", "--dry-run");
        assertEquals(0, create.exitCode(), create.err());
        assertEquals("would create secret PLANNED\ndry run: no value read, nothing changed\n", create.out());
        assertThrows(ResourceNotFoundException.class, () -> describe("PLANNED"), "nothing created");

        assertEquals(0, lamb("v1", outside, "secrets", "set", "PLANNED").exitCode());
        DescribeSecretResponse before = describe("PLANNED");
        Lamb.Run put = lamb("", outside, "secrets", "set", "PLANNED", "--dry-run", "--output", "json");
        assertEquals(0, put.exitCode(), put.err());
        JsonNode plan = read(put.out());
        assertTrue(plan.get("dry_run").asBoolean(), put.out());
        assertFalse(plan.get("created").asBoolean(), put.out());
        assertEquals(before.arn(), plan.get("arn").asText());
        assertTrue(lamb("", outside, "secrets", "set", "PLANNED", "--dry-run").out().startsWith("would put a new version of secret "
                + "PLANNED (" + before.arn() + ")\n"));
        assertEquals(before.versionIdsToStages(), describe("PLANNED").versionIdsToStages(), "no version put");

        Lamb.Run rm = lamb("", outside, "secrets", "rm", "PLANNED", "--recovery-days", "7", "--dry-run");
        assertEquals(0, rm.exitCode(), rm.err());
        assertTrue(rm.out().startsWith("would delete PLANNED (" + before.arn() + ") with a 7-day recovery window, until about "),
                rm.out());
        Lamb.Run forced = lamb("", outside, "secrets", "rm", "PLANNED", "--force", "--dry-run");
        assertEquals("would delete PLANNED (" + before.arn() + ") for good, without recovery\ndry run: nothing deleted\n",
                forced.out());
        assertNull(describe("PLANNED").deletedDate(), "not deleted");
        assertEquals("v1", value("PLANNED", "AWSCURRENT").secretString());
    }

    /**
     * A plain String parameter (the SSM API reference: not encrypted) gets no secret: set refuses it, exit 1, in one line
     * saying how to fix it, and the parameter keeps its value. A project's list marks a deleted secret with DeletedDate.
     */
    @Test
    void setRefusesAStringParameterAndListSaysWhenASecretWasDeleted() throws IOException {
        aws.ssm().putParameter(r -> r.name("/plain/url").value("https://example.com").type("String"));
        Path project = Files.createDirectories(work.resolve("plain-project"));
        Files.writeString(project.resolve("lamb.toml"), FUNCTION + "\n[function.secrets]\nURL = \"ssm:/plain/url\"\n"
                + "OLD = \"secretsmanager:plain/old\"\n");
        for (String dryRun : List.of("--dry-run", "--description=d")) {
            Lamb.Run refused = lamb("n3wValue", project, "secrets", "set", "URL", dryRun);
            assertEquals(1, refused.exitCode(), refused.err());
            assertEquals("lamb: /plain/url is a String parameter, not encrypted, so lamb puts no secret in it: delete it "
                    + "('aws ssm delete-parameter --name /plain/url') and run lamb secrets set again to recreate it as a SecureString, "
                    + "or reference another parameter", refused.err().lines().filter(l -> l.startsWith("lamb: ")).findFirst().orElse(""));
            assertNoValue(refused, "n3wValue");
        }
        assertEquals("https://example.com", aws.ssm().getParameter(r -> r.name("/plain/url")).parameter().value());

        assertEquals(0, lamb("old", project, "secrets", "set", "OLD").exitCode());
        assertEquals(0, lamb("", project, "secrets", "rm", "OLD").exitCode());
        Lamb.Run list = lamb("", project, "secrets", "list", "--output", "json");
        assertEquals(0, list.exitCode(), list.err());
        JsonNode old = row(read(list.out()), "OLD");
        assertEquals(describe("plain/old").deletedDate().truncatedTo(ChronoUnit.SECONDS).toString(), old.get("deleted_date").asText());
        assertFalse(old.has("deletion_date"), list.out());
        Lamb.Run text = lamb("", project, "secrets", "list");
        assertTrue(text.out().contains(" (deleted on " + old.get("deleted_date").asText() + ", restorable during its recovery window)"),
                text.out());
    }

    /** Secrets Manager's AccessDeniedException (a role session with no grant, as the local cloud checks IAM) is exit 3. */
    @Test
    void aCallerWithoutPermissionGetsExit3() {
        aws.iam().createRole(r -> r.roleName("no-secrets").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        Credentials keys = aws.sts().assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/no-secrets").roleSessionName("test"))
                .credentials();
        System.setProperty("aws.accessKeyId", keys.accessKeyId());
        System.setProperty("aws.secretAccessKey", keys.secretAccessKey());
        System.setProperty("aws.sessionToken", keys.sessionToken());
        try {
            Lamb.Run run = lamb("denied-value", outside, "secrets", "set", "DENIED");
            assertEquals(3, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("lamb: SecretsManager AccessDeniedException: "), run.err());
            assertNoValue(run, "denied-value");
        } finally {
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            System.clearProperty("aws.sessionToken");
        }
    }

    /**
     * On a terminal the value is typed at a prompt that echoes a '*' per key, never the key. util-linux's script gives lamb
     * a pseudo-terminal; the session script is exec'd, so no shell sits between them.
     */
    @Test
    void aTerminalIsAskedWithoutEchoingTheValue() throws Exception {
        Typed typed = typeInto("TYPED", outside);
        Process terminal = typed.terminal();
        ByteArrayOutputStream seen = typed.seen();
        Thread reader = typed.reader();
        try (OutputStream keys = terminal.getOutputStream()) {
            keys.write("hunter2 !x\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertTrue(terminal.waitFor(60, TimeUnit.SECONDS), text(seen));
        }
        reader.join(5000);
        String all = text(seen);
        assertFalse(all.contains("hunter2"), all);
        assertTrue(all.contains("(not shown): **********"), "a '*' for each of the 10 keys: " + all);
        assertTrue(all.contains("created secret TYPED"), all);
        assertTrue(all.contains("exit=0"), all);
        assertEquals("hunter2 !x", value("TYPED", "AWSCURRENT").secretString());
    }

    /**
     * Issue 17, owed: `lamb secrets set` on a terminal stopped by Ctrl-C (SIGINT from the terminal, as a user's key) or by
     * SIGKILL, at the prompt or while its PutSecretValue is in flight (a latency fault holds the one call that follows the
     * typed value, so the stop lands there every time): the secret keeps its version or has the new one whole (with the
     * old as AWSPREVIOUS), lamb.toml is as it was, and the next set converges.
     */
    @Test
    void setStoppedAtThePromptOrMidPutLeavesTheSecretWholeAndTheNextSetConverges() throws Exception {
        Path project = Files.createDirectories(work.resolve("interrupted"));
        Path toml = Files.writeString(project.resolve("lamb.toml"), FUNCTION + "\n[function.secrets]\nKEPT = \"secretsmanager:KEPT\"\n");
        String config = Files.readString(toml);
        assertEquals(0, lamb("v0", project, "secrets", "set", "KEPT").exitCode());
        int n = 0;
        for (boolean midPut : new boolean[] {false, true}) {
            for (boolean kill : new boolean[] {false, true}) {
                n++;
                GetSecretValueResponse before = value("KEPT", "AWSCURRENT");
                Typed typed = typeInto("KEPT", project);
                long settled = System.nanoTime();
                if (midPut) {
                    // The next request after the prompt is the put (DescribeSecret came before it).
                    cloud.faults().add("*", null, "latency", null, 1_500L, 1);
                    typed.type("v" + n + "\r");
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (cloud.faults().list().stream().noneMatch(rule -> ((Number) rule.get("fired")).intValue() > 0)
                            && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    assertEquals(1, ((Number) cloud.faults().list().get(0).get("fired")).intValue(), "PutSecretValue is in flight");
                    // The cloud still answers the put after its latency, client gone or not: read the secret once it has
                    // (or, had the put been lost with the client, once it would have).
                    settled = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_500);
                }
                if (kill) {
                    List<ProcessHandle> lambs = typed.terminal().descendants()
                            .filter(p -> p.info().command().orElse("").endsWith("java")).toList();
                    assertEquals(1, lambs.size(), "lamb's JVM under the terminal");
                    lambs.forEach(ProcessHandle::destroyForcibly);
                } else {
                    typed.type("\u0003");
                }
                String seen = typed.end();
                while (System.nanoTime() < settled && value("KEPT", "AWSCURRENT").versionId().equals(before.versionId())) {
                    Thread.sleep(50);
                }
                cloud.faults().clear();
                if (!kill) {
                    assertTrue(seen.contains("exit=130"), "Ctrl-C is exit 130: " + seen);
                }
                GetSecretValueResponse after = value("KEPT", "AWSCURRENT");
                if (after.versionId().equals(before.versionId())) {
                    assertEquals(before.secretString(), after.secretString());
                } else {
                    assertTrue(midPut, "nothing is stored before the value is typed: " + seen);
                    assertEquals("v" + n, after.secretString(), "the new version is whole");
                    assertEquals(before.secretString(), value("KEPT", "AWSPREVIOUS").secretString());
                }
                assertEquals(config, Files.readString(toml), "lamb.toml is as it was");
            }
        }
        Lamb.Run again = lamb("converged", project, "secrets", "set", "KEPT");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals("converged", value("KEPT", "AWSCURRENT").secretString());
    }

    /** `lamb secrets set NAME` in {@code dir} on a pseudo-terminal (util-linux's script), once it shows the prompt. */
    private Typed typeInto(String name, Path dir) throws IOException, InterruptedException {
        Path script = RequiredTools.require("script");
        String lamb = LocalCloudHome.thisLamb().stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
        Path session = Files.writeString(work.resolve(name + ".sh"), "stty cols 80 rows 24\n" + lamb + " secrets set " + name
                + " --dir '" + dir + "' --endpoint-url " + endpoint() + " --region us-east-1\necho \"exit=$?\"\n");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "-qefc", "exec bash '" + session + "'", "/dev/null")
                .redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        Process terminal = builder.start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(terminal.getInputStream(), seen));
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!text(seen).contains("(not shown): ") && terminal.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(text(seen).contains("Value of " + name + " (not shown): "), text(seen));
        return new Typed(terminal, seen, reader);
    }

    /** A terminal session of lamb: what it printed so far, and the keys typed into it. */
    private record Typed(Process terminal, ByteArrayOutputStream seen, Thread reader) {
        void type(String keys) throws IOException {
            terminal.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
            terminal.getOutputStream().flush();
        }

        /** Waits for the session to end; what it printed. */
        String end() throws IOException, InterruptedException {
            assertTrue(terminal.waitFor(60, TimeUnit.SECONDS), text(seen));
            terminal.getOutputStream().close();
            reader.join(5000);
            return text(seen);
        }
    }

    private Lamb.Run lamb(String stdin, Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.toString(), "--endpoint-url", endpoint(), "--region", "us-east-1"));
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return Lamb.run(Terminals.piped(in), all.toArray(String[]::new));
    }

    private static void assertNoValue(Lamb.Run run, String value) {
        assertFalse(run.out().contains(value), run.out());
        assertFalse(run.err().contains(value), run.err());
    }

    /** GetSecretValue through the SDK: the AWS CLI v2 reads values back where the test's point is a third-party client. */
    private GetSecretValueResponse value(String id, String stage) {
        return aws.secretsManager().getSecretValue(r -> r.secretId(id).versionStage(stage));
    }

    private DescribeSecretResponse describe(String id) {
        return aws.secretsManager().describeSecret(r -> r.secretId(id));
    }

    private static JsonNode row(JsonNode rows, String name) {
        for (JsonNode row : rows) {
            if (row.get("name").asText().equals(name)) {
                return row;
            }
        }
        return null;
    }

    private String endpoint() {
        return cloud.endpoint();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0;) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the terminal closed
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
