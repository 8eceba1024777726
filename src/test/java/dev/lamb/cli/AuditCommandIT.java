package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.audit.SarifSchema;
import dev.lamb.lambda.LambdaRuntime;
import dev.lamb.lambda.LambdaRuntimes;
import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * `lamb audit` against the local cloud (issue 17 section 4): functions seeded with each problem, made through the SDK
 * as any tool would make them, get exactly the expected rule ids; a function `lamb init` + `lamb deploy` made gets none
 * at high or above; --fail-on sets the exit status; --output sarif validates against the SARIF 2.1.0 schema.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AuditCommandIT {
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    /** Made-up values in the shapes of an AWS secret access key and an API token (no real credential). */
    private static final String SECRET_KEY = "q8Zr3TfLx0Vb7NcWm2Ys5Hd9Kp4Ju6Ge1Ai/BoXn";
    private static final String TOKEN = "tok-7Hq2Xv9Lm4Rz8Wc3";

    /** The families the local cloud runs (its CreateFunction refuses the others). */
    private static final Set<String> LOCAL_FAMILIES = Set.of("python", "nodejs", "java", "provided");

    @TempDir
    Path tmp;

    @Test
    void aFunctionSeededWithEachProblemGetsExactlyTheirRuleIds() throws IOException {
        IamClient iam = cloud.aws().iam();
        LambdaClient lambda = cloud.aws().lambda();
        String role = iam.createRole(r -> r.roleName("audit-seeded").assumeRolePolicyDocument(TRUST)).role().arn();
        String account = role.split(":")[4];
        String secrets = "arn:aws:secretsmanager:us-east-1:" + account + ":secret:";
        iam.putRolePolicy(r -> r.roleName("audit-seeded").policyName("everything").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
        iam.attachRolePolicy(r -> r.roleName("audit-seeded").policyArn("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
        iam.putRolePolicy(r -> r.roleName("audit-seeded").policyName("lamb-secrets").policyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":[\"" + secrets
                + "db-AbCdEf\",\"" + secrets + "old-XyZ123\"]},{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\","
                + "\"Resource\":\"" + secrets + "team/*\"}]}"));
        lambda.createFunction(r -> r.functionName("audit-seeded").runtime("python3.9").role(role).handler("handler.handler")
                .code(c -> c.zipFile(handlerZip())).environment(e -> e.variables(Map.of("DB_SECRET_ARN", secrets + "db-AbCdEf",
                        "BACKUP_AWS_SECRET_ACCESS_KEY", SECRET_KEY, "API_TOKEN", TOKEN))));
        lambda.addPermission(r -> r.functionName("audit-seeded").statementId("anyone").action("lambda:InvokeFunction").principal("*"));
        lambda.addPermission(r -> r.functionName("audit-seeded").statementId("any-bucket").action("lambda:InvokeFunction")
                .principal("s3.amazonaws.com"));
        lambda.createFunctionUrlConfig(r -> r.functionName("audit-seeded").authType("NONE"));
        lambda.putFunctionConcurrency(r -> r.functionName("audit-seeded").reservedConcurrentExecutions(0));
        lambda.putFunctionRecursionConfig(r -> r.functionName("audit-seeded").recursiveLoop("Allow"));
        cloud.aws().logs().createLogGroup(r -> r.logGroupName("/aws/lambda/audit-seeded"));

        Lamb.Run run = cloud.lamb("audit", "--function", "audit-seeded", "--output", "json");
        assertEquals(1, run.exitCode(), "critical findings reach the default --fail-on high: " + run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals(Set.of("role-admin", "role-full-access", "role-wildcard-action", "role-wildcard-resource",
                "resource-policy-public", "resource-policy-service-unscoped", "url-auth-none", "url-permission-pair",
                "runtime-deprecated", "log-retention-none", "tracing-off", "async-no-failure-destination", "concurrency-zero",
                "recursion-allow", "secrets-policy-unreferenced", "secrets-policy-wildcard", "env-credential", "env-secret-name"),
                ruleIds(report), run.out());
        assertFalse(run.out().contains(SECRET_KEY) || run.out().contains(TOKEN), "a finding says where a secret is, never its value");
        for (JsonNode finding : report.get("findings")) {
            assertTrue(finding.get("resource").asText().startsWith("arn:aws:"), finding.toString());
            assertTrue(!finding.get("what").asText().isEmpty() && !finding.get("fix").asText().isEmpty(), finding.toString());
        }

        Lamb.Run sarif = cloud.lamb("audit", "--function", "audit-seeded", "--output", "sarif", "--fail-on", "critical");
        assertEquals(1, sarif.exitCode(), sarif.err());
        assertEquals(Set.of(), SarifSchema.errors(sarif.out()), sarif.out());
        assertEquals(report.get("findings").size(), new ObjectMapper().readTree(sarif.out()).get("runs").get(0).get("results").size());
    }

    @Test
    void failOnSetsTheExitStatusAndAMissingLogGroupAndANearDeprecationAreFound() throws IOException {
        IamClient iam = cloud.aws().iam();
        String role = iam.createRole(r -> r.roleName("audit-narrow").assumeRolePolicyDocument(TRUST)).role().arn();
        String account = role.split(":")[4];
        iam.putRolePolicy(r -> r.roleName("audit-narrow").policyName("logs").policyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":"
                + "\"arn:aws:logs:us-east-1:" + account + ":log-group:/aws/lambda/audit-narrow:*\"},{\"Effect\":\"Allow\","
                + "\"Action\":[\"xray:PutTraceSegments\",\"xray:PutTelemetryRecords\"],\"Resource\":\"*\"}]}"));
        // A runtime AWS deprecates within 180 days (runtimes.tsv, from AWS's Lambda runtimes page): nodejs22.x when written.
        LocalDate today = LocalDate.now();
        String runtime = LambdaRuntimes.all().stream().filter(r -> LOCAL_FAMILIES.contains(r.family()))
                .filter(r -> r.deprecatedSoon(today) && r.deprecation().orElseThrow().isAfter(today)).findFirst()
                .map(LambdaRuntime::id).orElse(null);
        assumeTrue(runtime != null, "no runtime the local cloud runs is within 180 days of its deprecation today");
        cloud.aws().lambda().createFunction(r -> r.functionName("audit-narrow").runtime(runtime).role(role)
                .handler("handler.handler").code(c -> c.zipFile(handlerZip())).tracingConfig(t -> t.mode("Active")));

        Lamb.Run json = cloud.lamb("audit", "--function", "audit-narrow", "--output", "json");
        assertEquals(0, json.exitCode(), "medium findings only, below the default --fail-on high: " + json.out() + json.err());
        assertEquals(Set.of("log-group-missing", "runtime-deprecation-soon", "async-no-failure-destination"),
                ruleIds(new ObjectMapper().readTree(json.out())), json.out());
        assertEquals(1, cloud.lamb("audit", "--function", "audit-narrow", "--fail-on", "medium").exitCode());
        assertEquals(1, cloud.lamb("audit", "--function", "audit-narrow", "--fail-on", "low").exitCode());
        assertEquals(0, cloud.lamb("audit", "--function", "audit-narrow", "--fail-on", "critical").exitCode());

        Lamb.Run text = cloud.lamb("audit", "--function", "audit-narrow");
        assertTrue(text.out().startsWith("audit-narrow in us-east-1: 3 findings: 2 medium, 1 low ("), text.out());
        assertTrue(text.out().contains("\nMEDIUM   log-group-missing  arn:aws:logs:us-east-1:" + account
                + ":log-group:/aws/lambda/audit-narrow\n"), text.out());

        Lamb.Run bad = cloud.lamb("audit", "--function", "audit-narrow", "--fail-on", "severe");
        assertEquals(2, bad.exitCode());
        assertEquals("lamb: --fail-on severe is not a severity: use one of low, medium, high, critical\n", bad.err());
        Lamb.Run missing = cloud.lamb("audit", "--function", "audit-nowhere");
        assertEquals(4, missing.exitCode(), missing.err());
        assertTrue(missing.err().startsWith("lamb: function audit-nowhere does not exist in us-east-1"), missing.err());
    }

    @Test
    void aDefaultLambDeployWithASecretHasNoFindingAtHighOrAbove() throws IOException {
        Path project = DeployedCloud.init(tmp, "audit-clean");
        // With a secret by reference too: its lamb-secrets grant is exactly what lamb.toml references, so no finding.
        cloud.aws().secretsManager().createSecret(r -> r.name("audit-clean-db").secretString("not-a-finding"));
        Path toml = project.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("[api]", "[function.secrets]\nDB = \"secretsmanager:audit-clean-db\"\n\n[api]"));
        cloud.deploy(project);

        Lamb.Run run = cloud.lamb("audit", "--dir", project.toString(), "--output", "json");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertTrue(report.get("deployed").asBoolean());
        for (JsonNode finding : report.get("findings")) {
            String severity = finding.get("severity").asText();
            assertTrue(severity.equals("low") || severity.equals("medium"), finding.toString());
        }
        Lamb.Run sarif = cloud.lamb("audit", "--dir", project.toString(), "--output", "sarif");
        assertEquals(Set.of(), SarifSchema.errors(sarif.out()), sarif.out());

        // A secret put in $LATEST by hand: the stage's alias still serves version 1, which is what the project's audit
        // checks; --function checks the function itself, $LATEST.
        cloud.aws().lambda().updateFunctionConfiguration(r -> r.functionName("audit-clean")
                .environment(e -> e.variables(Map.of("API_TOKEN", TOKEN))));
        assertEquals(0, cloud.lamb("audit", "--dir", project.toString()).exitCode());
        Lamb.Run latest = cloud.lamb("audit", "--function", "audit-clean", "--output", "json");
        assertEquals(1, latest.exitCode(), latest.err());
        assertTrue(ruleIds(new ObjectMapper().readTree(latest.out())).contains("env-secret-name"), latest.out());
    }

    @Test
    void secretsInLambTomlAndInThePackageAreFoundAtTheirFileAndLine() throws IOException {
        Path project = DeployedCloud.init(tmp, "audit-local");
        Path toml = project.resolve("lamb.toml");
        String text = Files.readString(toml).replace("LOG_LEVEL = \"INFO\"", "LOG_LEVEL = \"INFO\"\nAPI_TOKEN = \"" + TOKEN + "\"");
        Files.writeString(toml, text);
        int tokenLine = text.lines().toList().indexOf("API_TOKEN = \"" + TOKEN + "\"") + 1;
        // An access key id's shape (AKIA and 16 of A-Z, 2-7: IAM's unique id format), made up.
        Files.writeString(project.resolve("settings.py"), "REGION = 'us-east-1'\nKEY_ID = 'AKIAQ3T7XJ2MZP4KL6WB'\n");
        Files.writeString(project.resolve(".env"), "DB_PASSWORD=" + TOKEN + "\n");
        Files.writeString(project.resolve(".lambignore"), "!.env\n");

        Lamb.Run run = cloud.lamb("audit", "--dir", project.toString(), "--output", "json");
        assertEquals(1, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertFalse(report.get("deployed").asBoolean());
        assertEquals(Set.of("config-secret-name", "package-credential", "package-dotenv"), ruleIds(report), run.out());
        Set<String> resources = new TreeSet<>();
        report.get("findings").forEach(f -> resources.add(f.get("resource").asText()));
        assertTrue(resources.contains("lamb.toml:" + tokenLine), resources.toString());
        assertTrue(resources.contains("settings.py:2"), resources.toString());
        assertFalse(run.out().contains(TOKEN), run.out());

        Lamb.Run text2 = cloud.lamb("audit", "--dir", project.toString());
        assertTrue(text2.out().startsWith("audit-local in us-east-1: not deployed, so only the local project was checked; "),
                text2.out());
        Lamb.Run sarif = cloud.lamb("audit", "--dir", project.toString(), "--output", "sarif");
        assertEquals(Set.of(), SarifSchema.errors(sarif.out()), sarif.out());
        assertTrue(sarif.out().contains("\"startLine\" : " + tokenLine), sarif.out());
    }

    /**
     * Audit makes read calls only (issue 17 section 4), so it builds nothing: it reads the zip lamb left when that is current,
     * else the files the packager would take; a package it cannot read is one line, and lamb.toml is still checked. Exit 1
     * is only "a finding reached --fail-on". A stage whose alias does not exist is not deployed: $LATEST is not audited in its name.
     */
    @Test
    void thePackageIsReadNotBuiltAndAStageNotDeployedIsSaidSo() throws IOException {
        Path project = DeployedCloud.init(tmp, "audit-nobuild");
        Path toml = project.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("LOG_LEVEL = \"INFO\"", "LOG_LEVEL = \"INFO\"\nAPI_TOKEN = \"" + TOKEN + "\""));
        // A key the packager leaves out for its content (lamb package's rule) is not in the package audit reads.
        Files.writeString(project.resolve("notes.txt"), "-----BEGIN PRIVATE KEY-----\n" + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".repeat(2)
                + "\n-----END PRIVATE KEY-----\n");
        Lamb.Run files = cloud.lamb("audit", "--dir", project.toString(), "--fail-on", "critical", "--output", "json");
        assertEquals(0, files.exitCode(), files.err());
        assertEquals(Set.of("config-secret-name"), ruleIds(new ObjectMapper().readTree(files.out())), files.out());
        assertFalse(Files.exists(project.resolve(".lamb")), "audit built nothing");

        // A current zip is what is read: a file only in it is found, at its path in the zip.
        Path zip = Files.createDirectories(project.resolve(".lamb")).resolve("audit-nobuild.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("vendored/keys.py"));
            out.write("KEY_ID = 'AKIAQ3T7XJ2MZP4KL6WB'\n".getBytes(StandardCharsets.UTF_8));
        }
        Lamb.Run fromZip = cloud.lamb("audit", "--dir", project.toString(), "--output", "json");
        assertTrue(fromZip.out().contains("\"vendored/keys.py:1\""), fromZip.out());

        // A package that cannot be listed (a symlink out of the project, which lamb package refuses): one line, the rest still checked.
        Files.createSymbolicLink(project.resolve("outside"), tmp);
        Lamb.Run unread = cloud.lamb("audit", "--dir", project.toString(), "--fail-on", "critical");
        assertEquals(0, unread.exitCode(), unread.out() + unread.err());
        assertTrue(unread.out().contains("\nthe package was not checked: symlink "), unread.out());
        assertTrue(unread.out().contains("config-secret-name"), unread.out());
        Files.delete(project.resolve("outside"));

        cloud.deploy(project);
        Lamb.Run typo = cloud.lamb("audit", "--dir", project.toString(), "--stage", "nosuch", "--output", "json");
        JsonNode report = new ObjectMapper().readTree(typo.out());
        assertFalse(report.get("deployed").asBoolean(), typo.out());
        assertFalse(typo.out().contains(":nosuch"), "no finding on the missing alias' ARN: " + typo.out());
        Lamb.Run typoText = cloud.lamb("audit", "--dir", project.toString(), "--stage", "nosuch");
        assertTrue(typoText.out().startsWith("audit-nobuild in us-east-1: not deployed, so only the local project was checked; "),
                typoText.out());
    }

    private static Set<String> ruleIds(JsonNode report) {
        Set<String> ids = new TreeSet<>();
        report.get("findings").forEach(f -> ids.add(f.get("rule").asText()));
        return ids;
    }

    private static SdkBytes handlerZip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("handler.py"));
            zip.write("def handler(event, context):\n    return event\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }
}
