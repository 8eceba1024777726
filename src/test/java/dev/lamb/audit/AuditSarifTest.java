package dev.lamb.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * lamb audit's SARIF against the SARIF 2.1.0 JSON schema (OASIS; schemastore's sarif-2.1.0.json), and against what
 * GitHub code scanning reads: ruleId, level (error, warning, note), tool.driver.rules with properties.security-severity,
 * a file's artifactLocation.uri and region.startLine.
 */
class AuditSarifTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:shop";

    private static AuditReport report(String project) {
        return new AuditReport("shop", "us-east-1", true, project, List.of(
                Rule.RESOURCE_POLICY_PUBLIC.at(ARN, "statement 1 lets anyone (*) call lambda:InvokeFunction"),
                Rule.CONFIG_SECRET_NAME.at(Finding.fileLine("lamb.toml", 12), "API_TOKEN holds a literal value"),
                Rule.URL_AUTH_NONE.at(ARN + ":dev", "its Function URL takes calls from anyone"),
                Rule.TRACING_OFF.at(ARN, "TracingConfig mode is PassThrough")), 9);
    }

    @Test
    void aProjectsFindingsAreAValidSarifLogWithEachRuleAndItsSecuritySeverity() throws Exception {
        String sarif = AuditSarif.render(report(Path.of("shop").toAbsolutePath().toString()), "1.2.0");
        assertEquals(0, SarifSchema.errors(sarif).size(), SarifSchema.errors(sarif).toString());
        JsonNode log = new ObjectMapper().readTree(sarif);
        assertEquals("2.1.0", log.get("version").asText());
        JsonNode run = log.get("runs").get(0);
        JsonNode rules = run.path("tool").path("driver").path("rules");
        assertEquals(Rule.values().length, rules.size());
        JsonNode publicRule = rules.get(Rule.RESOURCE_POLICY_PUBLIC.ordinal());
        assertEquals("resource-policy-public", publicRule.get("id").asText());
        assertEquals("9.5", publicRule.path("properties").path("security-severity").asText());
        assertFalse(publicRule.path("shortDescription").path("text").asText().isEmpty());
        assertFalse(publicRule.path("help").path("text").asText().isEmpty());

        JsonNode results = run.get("results");
        assertEquals(List.of("error", "error", "warning", "note"), List.of(results.get(0).get("level").asText(),
                results.get(1).get("level").asText(), results.get(2).get("level").asText(), results.get(3).get("level").asText()));
        JsonNode inFile = results.get(1).get("locations").get(0).get("physicalLocation");
        assertEquals("config-secret-name", results.get(1).get("ruleId").asText());
        assertEquals("shop/lamb.toml", inFile.path("artifactLocation").path("uri").asText(),
                "relative to the folder lamb ran in, as a CI checkout's files are");
        assertEquals(12, inFile.path("region").path("startLine").asInt());
        JsonNode onArn = results.get(0).get("locations").get(0);
        assertEquals(ARN, onArn.path("logicalLocations").get(0).path("fullyQualifiedName").asText());
        assertEquals("shop/lamb.toml", onArn.path("physicalLocation").path("artifactLocation").path("uri").asText(),
                "viewers show results in files: a project's AWS findings point at the lamb.toml that deploys them");
        assertTrue(results.get(0).path("message").path("text").asText().contains("Fix: "));
    }

    /** GitHub's "SARIF support for code scanning": a location's physicalLocation is required, so --function names the ARN. */
    @Test
    void aFunctionOutsideAProjectNamesItsResourceAsThePhysicalLocationAndStaysValid() throws Exception {
        String sarif = AuditSarif.render(report(null), "unknown");
        assertEquals(0, SarifSchema.errors(sarif).size(), SarifSchema.errors(sarif).toString());
        JsonNode results = new ObjectMapper().readTree(sarif).get("runs").get(0).get("results");
        for (JsonNode result : results) {
            JsonNode physical = result.get("locations").get(0).path("physicalLocation");
            assertFalse(physical.path("artifactLocation").path("uri").asText().isEmpty(), result.toString());
            assertTrue(physical.path("region").isMissingNode(), "no line in an AWS resource");
        }
        JsonNode location = results.get(0).get("locations").get(0);
        assertEquals(ARN, location.path("physicalLocation").path("artifactLocation").path("uri").asText());
        assertEquals(ARN, location.path("logicalLocations").get(0).path("fullyQualifiedName").asText());
    }

    /** GitHub tells alerts apart across runs by partialFingerprints: one per rule, resource and variable, not per value. */
    @Test
    void eachResultHasAFingerprintOfItsRuleResourceAndVariable() throws Exception {
        AuditReport twoVariables = new AuditReport("shop", "us-east-1", true, null, List.of(
                Rule.ENV_HIGH_ENTROPY.at(ARN, "variable A holds a high-entropy base64 string (40 characters, 5.1 bits a character)"),
                Rule.ENV_HIGH_ENTROPY.at(ARN, "variable B holds a high-entropy base64 string (40 characters, 5.1 bits a character)"),
                Rule.ENV_HIGH_ENTROPY.at(ARN, "variable A holds a high-entropy hex string (64 characters, 3.9 bits a character)")), 3);
        String sarif = AuditSarif.render(twoVariables, "1.0.0");
        assertEquals(0, SarifSchema.errors(sarif).size(), SarifSchema.errors(sarif).toString());
        JsonNode results = new ObjectMapper().readTree(sarif).get("runs").get(0).get("results");
        List<String> prints = List.of(0, 1, 2).stream()
                .map(i -> results.get(i).path("partialFingerprints").path(AuditSarif.FINGERPRINT).asText()).toList();
        assertEquals(64, prints.get(0).length());
        assertFalse(prints.get(0).equals(prints.get(1)), "two variables are two alerts");
        assertEquals(prints.get(0), prints.get(2), "a new value in the same variable is the same alert");
    }

    @Test
    void aPackageNotCheckedIsANoteOnTheRunNotAResult() throws Exception {
        String line = "the package was not checked: symlink outside points outside the project";
        String sarif = AuditSarif.render(new AuditReport("shop", "us-east-1", false, "shop", List.of(), 2, List.of(line)), "1.0.0");
        assertEquals(0, SarifSchema.errors(sarif).size(), SarifSchema.errors(sarif).toString());
        JsonNode run = new ObjectMapper().readTree(sarif).get("runs").get(0);
        assertEquals(0, run.get("results").size());
        assertEquals(line, run.path("invocations").get(0).path("toolExecutionNotifications").get(0).path("message").path("text").asText());
    }

    @Test
    void aProjectOutsideTheWorkingFolderIsAFileUri() {
        assertEquals(Path.of("/elsewhere/shop/lamb.toml").toUri().toString(), AuditSarif.uri("/elsewhere/shop", "lamb.toml"));
    }

    @Test
    void noFindingsIsAValidLogWithEmptyResults() throws Exception {
        String sarif = AuditSarif.render(new AuditReport("shop", "us-east-1", true, null, List.of(), 5), "1.0.0");
        assertEquals(0, SarifSchema.errors(sarif).size(), SarifSchema.errors(sarif).toString());
        assertEquals(0, new ObjectMapper().readTree(sarif).get("runs").get(0).get("results").size());
        assertFalse(SarifSchema.errors(sarif.replace("\"note\"", "\"severe\"")).isEmpty(),
                "the schema is applied: a level SARIF does not define is refused");
    }
}
