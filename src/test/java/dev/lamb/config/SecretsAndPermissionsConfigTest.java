package dev.lamb.config;

import static dev.lamb.config.ConfigTexts.FUNCTION;
import static dev.lamb.config.ConfigTexts.message;
import static dev.lamb.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** lamb.toml's [function.secrets], [[function.permissions]] and function.policies (issue 17 §1 and §2). */
class SecretsAndPermissionsConfigTest {
    @Test
    void secretsAreReferencesToSecretsManagerOrParameterStore() {
        Map<String, SecretReference> secrets = parse(FUNCTION + """

                [function.secrets]
                DB_PASSWORD = "secretsmanager:prod/db"
                API_KEY = "secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:keys-AbCdEf#stripe"
                SIGNING = "ssm:/app/signing-key"
                """).function().secrets();
        assertEquals(new SecretReference(SecretReference.Store.SECRETS_MANAGER, "prod/db", Optional.empty()),
                secrets.get("DB_PASSWORD"));
        assertEquals(Optional.of("stripe"), secrets.get("API_KEY").jsonKey());
        assertTrue(secrets.get("API_KEY").isArn());
        assertEquals(new SecretReference(SecretReference.Store.SSM, "/app/signing-key", Optional.empty()), secrets.get("SIGNING"));
        assertEquals("ssm:/app/signing-key", secrets.get("SIGNING").toString());
        assertEquals("DB_PASSWORD_SECRET_ARN", SecretReference.variable("DB_PASSWORD"));
    }

    @Test
    void aStageAddsAndReplacesSecretsKeyByKey() {
        ProjectConfig config = parse(FUNCTION + """

                [function.secrets]
                DB_PASSWORD = "secretsmanager:dev/db"
                API_KEY = "ssm:/shared/api-key"

                [stage.prod.secrets]
                DB_PASSWORD = "secretsmanager:prod/db"
                """);
        assertEquals("dev/db", config.function().secrets().get("DB_PASSWORD").id());
        Map<String, SecretReference> prod = config.forStage("prod").function().secrets();
        assertEquals("prod/db", prod.get("DB_PASSWORD").id());
        assertEquals("/shared/api-key", prod.get("API_KEY").id());
    }

    @Test
    void aValueWhereAReferenceBelongsIsRefusedWithoutEchoingIt() {
        String line = message(FUNCTION + """

                [function.secrets]
                DB_PASSWORD = "hunter2-plaintext"
                """);
        assertEquals("lamb.toml:7: function.secrets.DB_PASSWORD must be a reference, " + SecretReference.FORMS
                + ", never the value: store the value with 'lamb secrets set DB_PASSWORD' and write \"secretsmanager:DB_PASSWORD\"",
                line);
        assertFalse(line.contains("hunter2"));
    }

    @Test
    void aSecretAlsoInTheEnvironmentIsRefused() {
        String line = message(FUNCTION + """
                environment = { DB_PASSWORD = "x" }

                [function.secrets]
                DB_PASSWORD = "secretsmanager:db"
                """);
        assertTrue(line.startsWith("lamb.toml:5: function.environment.DB_PASSWORD is also set by function.secrets.DB_PASSWORD"), line);
    }

    @Test
    void permissionsAreStatementsOrManagedPolicies() {
        Permissions permissions = parse(FUNCTION + """
                policies = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]

                [[function.permissions]]
                actions = ["dynamodb:GetItem", "dynamodb:PutItem"]
                resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/orders"]

                [[function.permissions]]
                policy = "arn:aws:iam::123456789012:policy/team-reads"
                """).function().permissions();
        assertEquals(List.of(new Permissions.Statement("Allow", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                List.of("arn:aws:dynamodb:us-east-1:123456789012:table/orders"))), permissions.statements());
        assertEquals(List.of("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::123456789012:policy/team-reads"),
                permissions.managedPolicies());
        assertTrue(parse(FUNCTION).function().permissions().isEmpty());
    }

    @Test
    void aBadStatementNamesItsTableAndLine() {
        assertEquals("lamb.toml:11: [[function.permissions]] #2: 'GetItem' is not an IAM action such as \"s3:GetObject\"",
                message(FUNCTION + """

                        [[function.permissions]]
                        actions = ["s3:GetObject"]
                        resources = ["*"]

                        [[function.permissions]]
                        actions = ["GetItem"]
                        resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/orders"]
                        """));
        assertTrue(message(FUNCTION + """

                [[function.permissions]]
                actions = ["s3:GetObject"]
                """).startsWith("lamb.toml:6: [[function.permissions]] #1 needs actions and resources"));
        assertTrue(message(FUNCTION + """
                policies = ["AmazonS3ReadOnlyAccess"]
                """).startsWith("lamb.toml:5: 'AmazonS3ReadOnlyAccess' is not a managed policy ARN"));
    }

    @Test
    void theRolesPermissionsAreTheFunctionsNotAStages() {
        assertTrue(message(FUNCTION + """

                [stage.prod]
                policies = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
                """).startsWith("lamb.toml:7: stage.prod.policies: the execution role and what it may do belong to the function"));
    }
}
