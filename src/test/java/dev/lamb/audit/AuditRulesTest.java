package dev.lamb.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.lamb.config.SecretReference;
import dev.lamb.deploy.DeployNames;

/**
 * The rules on what the reads found, without a cloud: policy documents in the forms IAM's grammar allows (a string or a
 * list, NotAction, URL-encoded as IAM's GetRolePolicy returns them), condition keys compared case-insensitively as IAM
 * does, and the actions the Service Authorization Reference lets be granted on "*" only.
 */
class AuditRulesTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:shop";
    private static final String ROLE = "arn:aws:iam::123456789012:role/lamb-shop-us-east-1";
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";

    private static DeployedFunction fn(List<DeployedFunction.RolePolicy> role, Map<String, String> policies, List<DeployedFunction.Url> urls,
            Map<String, String> environment) {
        return new DeployedFunction(ARN, "shop", "dev", "python3.14", ROLE, environment, true, null, null, "/aws/lambda/shop",
                new DeployedFunction.LogGroup("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/shop", 14), policies, urls,
                Map.of("dev", "arn:aws:sqs:us-east-1:123456789012:failed"), "Terminate", role);
    }

    private static DeployedFunction role(String name, String arn, String document) {
        return fn(List.of(new DeployedFunction.RolePolicy(name, arn, document)), Map.of(), List.of(), Map.of());
    }

    private static Set<String> ids(List<Finding> findings) {
        Set<String> ids = new TreeSet<>();
        findings.forEach(f -> ids.add(f.rule()));
        return ids;
    }

    private static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":" + action + ",\"Resource\":" + resource + "}}";
    }

    @Test
    void xrayActionsThatTakeOnlyEveryResourceAreNotAWildcardButOthersBesideThemAre() {
        String xray = "[\"xray:PutTraceSegments\",\"xray:PutTelemetryRecords\",\"xray:GetSamplingRules\",\"xray:GetSamplingTargets\","
                + "\"xray:GetSamplingStatisticSummaries\"]";
        assertEquals(List.of(), RoleRules.check(role("lamb-xray", null, allow(xray, "\"*\""))));
        List<Finding> logs = RoleRules.check(role("AWSLambdaBasicExecutionRole",
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                allow("[\"logs:CreateLogGroup\",\"logs:PutLogEvents\"]", "\"*\"")));
        assertEquals(Set.of("role-wildcard-resource"), ids(logs));
        assertEquals("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", logs.get(0).resource(),
                "a managed policy's finding names the policy");
        assertEquals(Set.of("role-wildcard-resource"), ids(RoleRules.check(role("p", null,
                allow("[\"xray:PutTraceSegments\",\"s3:GetObject\"]", "\"arn:aws:s3:::*\"")))));
    }

    /** The guarantee "a default deploy passes audit" holds by construction: lamb-xray is granted from the list audit exempts. */
    @Test
    void lambXrayAsTheDeployGrantsItIsNoFinding() {
        String actions = DeployNames.TRACING_ACTIONS.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",", "[", "]"));
        assertEquals(List.of(), RoleRules.check(role("lamb-xray", null, URLEncoder.encode(allow(actions, "[\"*\"]"),
                StandardCharsets.UTF_8))), "as IAM's GetRolePolicy returns it, URL-encoded");
    }

    @Test
    void everyActionOnEveryResourceIsAnAdministratorAndServiceWildcardsAndFullAccessAreFound() {
        assertEquals(Set.of("role-admin"), ids(RoleRules.check(role("admin", null, allow("\"*\"", "[\"*\"]")))));
        // IAM returns a role's inline document URL-encoded.
        assertEquals(Set.of("role-admin"), ids(RoleRules.check(role("admin", null,
                "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22NotAction%22%3A%22iam%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"))));
        assertEquals(Set.of("role-wildcard-action"), ids(RoleRules.check(role("p", null,
                allow("\"dynamodb:*\"", "\"arn:aws:dynamodb:us-east-1:123456789012:table/orders\"")))));
        assertEquals(Set.of("role-full-access", "role-wildcard-action", "role-wildcard-resource"), ids(RoleRules.check(role(
                "AmazonDynamoDBFullAccess", "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess", allow("\"dynamodb:*\"", "\"*\"")))));
        assertEquals(List.of(), RoleRules.check(role("logs", null, allow("[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]",
                "\"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/shop:*\""))));
        assertEquals(List.of(), RoleRules.check(role("deny", null,
                "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}")), "a Deny grants nothing");
        assertTrue(RoleRules.everyResource("arn:aws:logs:*:*:*"));
        assertFalse(RoleRules.everyResource("arn:aws:logs:*:*:log-group:/aws/lambda/shop:*"));
    }

    @Test
    void aGrantToAnyoneOrToAServiceNeedsASourceConditionAndUrlStatementsAreJudgedByTheUrlRules() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"api\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":"
                + "\"lambda:InvokeFunction\",\"Resource\":\"" + ARN + ":dev\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":"
                + "\"arn:aws:execute-api:us-east-1:123456789012:abc/dev/GET/hello\"}}},"
                + "{\"Sid\":\"bucket\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":"
                + "\"lambda:InvokeFunction\",\"Resource\":\"" + ARN + ":dev\"},"
                + "{\"Sid\":\"acct\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\""
                + ARN + ":dev\",\"Condition\":{\"StringEquals\":{\"AWS:SourceAccount\":\"123456789012\"}}},"
                + "{\"Sid\":\"url\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunctionUrl\",\"Resource\":\""
                + ARN + ":dev\",\"Condition\":{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}}]}";
        DeployedFunction withUrl = fn(List.of(), Map.of("dev", policy),
                List.of(new DeployedFunction.Url("dev", ARN + ":dev", "NONE")), Map.of());
        List<Finding> found = ResourcePolicyRules.check(withUrl);
        assertEquals(Set.of("resource-policy-service-unscoped", "url-auth-none", "url-permission-pair"), ids(found));
        Finding pair = found.stream().filter(f -> f.rule().equals("url-permission-pair")).findFirst().orElseThrow();
        assertTrue(pair.what().contains("does not allow lambda:InvokeFunction to everyone"), pair.what());

        String both = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunctionUrl\","
                + "\"Condition\":{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}},{\"Effect\":\"Allow\",\"Principal\":"
                + "\"*\",\"Action\":\"lambda:InvokeFunction\",\"Condition\":{\"Bool\":{\"lambda:InvokedViaFunctionUrl\":\"true\"}}}]}";
        assertEquals(Set.of("url-auth-none"), ids(ResourcePolicyRules.check(fn(List.of(), Map.of("dev", both),
                List.of(new DeployedFunction.Url("dev", ARN + ":dev", "NONE")), Map.of()))));
        assertEquals(Set.of(), ids(ResourcePolicyRules.check(fn(List.of(), Map.of(),
                List.of(new DeployedFunction.Url("dev", ARN + ":dev", "AWS_IAM")), Map.of()))));
    }

    @Test
    void theSecretsPolicyMayGrantExactlyTheReferencedSecretsByArnOrName() {
        String granted = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":[\"" + SECRET
                + "db-AbCdEf\",\"" + SECRET + "old-XyZ123\"]},{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter\",\"Resource\":"
                + "\"arn:aws:ssm:us-east-1:123456789012:parameter/shop/key\"}]}";
        DeployedFunction fn = fn(List.of(new DeployedFunction.RolePolicy("lamb-secrets", null, granted)), Map.of(), List.of(),
                Map.of("DB_SECRET_ARN", SECRET + "db-AbCdEf#password"));
        Map<String, SecretReference> referenced = Map.of("DB", SecretReference.parse("secretsmanager:db#password").orElseThrow(),
                "KEY", SecretReference.parse("ssm:/shop/key").orElseThrow());
        List<Finding> found = SecretsPolicyRules.check(fn, Optional.of(referenced));
        assertEquals(1, found.size(), found.toString());
        assertEquals("secrets-policy-unreferenced", found.get(0).rule());
        assertTrue(found.get(0).what().contains(SECRET + "old-XyZ123"), found.get(0).what());

        Map<String, SecretReference> byName = Map.of("OLD", SecretReference.parse("secretsmanager:old").orElseThrow(),
                "DB", SecretReference.parse("secretsmanager:db").orElseThrow(), "KEY", SecretReference.parse("ssm:/shop/key").orElseThrow());
        assertEquals(List.of(), SecretsPolicyRules.check(fn, Optional.of(byName)), "a name reference matches its ARN's NAME-xxxxxx");

        DeployedFunction wild = fn(List.of(new DeployedFunction.RolePolicy("lamb-secrets", null,
                allow("\"secretsmanager:GetSecretValue\"", "\"" + SECRET + "db-*\""))), Map.of(), List.of(), Map.of());
        assertEquals(Set.of("secrets-policy-wildcard"), ids(SecretsPolicyRules.check(wild, Optional.empty())));
    }

    @Test
    void theFunctionsSettingsAgainstTheRuntimeCalendarAndLambdasDefaults() {
        DeployedFunction clean = fn(List.of(), Map.of(), List.of(), Map.of());
        assertEquals(List.of(), ConfigurationRules.check(clean, LocalDate.of(2026, 12, 7)));
        // python3.14 is deprecated on 2029-06-30 (runtimes.tsv): 180 days before, and after.
        assertEquals(Set.of("runtime-deprecation-soon"), ids(ConfigurationRules.check(clean, LocalDate.of(2029, 1, 1))));
        assertEquals(Set.of("runtime-deprecated"), ids(ConfigurationRules.check(clean, LocalDate.of(2029, 7, 1))));
        DeployedFunction bare = new DeployedFunction(ARN, "shop", "", "python3.14", ROLE, Map.of(), false, null, 0, "/aws/lambda/shop",
                null, Map.of(), List.of(), Map.of("dev", "arn:aws:sqs:us-east-1:123456789012:failed"), "Allow", List.of());
        List<Finding> found = ConfigurationRules.check(bare, LocalDate.of(2026, 12, 7));
        assertEquals(Set.of("log-group-missing", "tracing-off", "async-no-failure-destination", "concurrency-zero", "recursion-allow"),
                ids(found), "the alias's destination does not serve the function's own invocations");
        assertEquals("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/shop", found.get(0).resource());
    }
}
