package dev.lamb.audit;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.deploy.DeployNames;

/**
 * lamb audit's report as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), which GitHub code
 * scanning and other CI viewers load. Every rule of the catalog is in tool.driver.rules, with its security-severity
 * for GitHub's ranking; a result in a file has its physical location and line; a result on an AWS resource has the ARN
 * as a logical location, and, for a project, lamb.toml as the physical one, since viewers show results in files.
 *
 * <p>GitHub's "SARIF support for code scanning" (docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/
 * sarif-support-for-code-scanning) makes a result's location's physicalLocation required, so a result of --function (no
 * project, no file) names its resource's ARN as the artifact's uri; and it tells results apart across runs by
 * partialFingerprints, so each result has one of its rule, resource and subject (the variable or statement): two
 * variables' findings of one rule on one function stay two alerts.
 */
public final class AuditSarif {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG_FILE = "lamb.toml";
    /** The partialFingerprints key: versioned (NAME/vN), as SARIF 2.1.0 advises, so a new way of computing it is a new key. */
    static final String FINGERPRINT = "lambAuditFinding/v1";

    private AuditSarif() {}

    public static String render(AuditReport report, String version) {
        ObjectNode log = JSON.createObjectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "lamb audit");
        driver.put("semanticVersion", version.matches("\\d+\\.\\d+\\.\\d+.*") ? version : "0.0.0");
        List<Rule> rules = Arrays.asList(Rule.values());
        ArrayNode ruleNodes = driver.putArray("rules");
        for (Rule rule : rules) {
            ObjectNode r = ruleNodes.addObject();
            r.put("id", rule.id());
            r.putObject("shortDescription").put("text", rule.title());
            r.putObject("help").put("text", rule.fix());
            r.putObject("defaultConfiguration").put("level", rule.severity().sarifLevel());
            ObjectNode properties = r.putObject("properties");
            properties.put("security-severity", rule.severity().securitySeverity());
            properties.putArray("tags").add("security");
        }
        if (!report.notChecked().isEmpty()) {
            // What was not checked (the package, when it cannot be read) is a note on the run: no result, no alert.
            ArrayNode notes = run.putArray("invocations").addObject().put("executionSuccessful", true).putArray("toolExecutionNotifications");
            report.notChecked().forEach(line -> notes.addObject().put("level", "warning").putObject("message").put("text", line));
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : report.findings()) {
            ObjectNode result = results.addObject();
            result.put("ruleId", f.rule());
            result.put("ruleIndex", rules.indexOf(rules.stream().filter(r -> r.id().equals(f.rule())).findFirst().orElseThrow()));
            result.put("level", f.severity().sarifLevel());
            result.putObject("message").put("text", f.what() + " (" + f.resource() + "). Fix: " + f.fix());
            ObjectNode location = result.putArray("locations").addObject();
            Finding.FileLine file = f.file().orElse(new Finding.FileLine(CONFIG_FILE, 1));
            ObjectNode physical = location.putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", report.project() == null ? f.resource() : uri(report.project(), file.path()));
            if (report.project() != null && file.line() > 0) {
                physical.putObject("region").put("startLine", file.line());
            }
            if (f.file().isEmpty()) {
                location.putArray("logicalLocations").addObject().put("fullyQualifiedName", f.resource()).put("kind", "resource");
            }
            result.putObject("partialFingerprints").put(FINGERPRINT, fingerprint(f));
            result.putObject("properties").put("severity", f.severity().toString());
        }
        return log.toPrettyString() + "\n";
    }

    /**
     * The same finding from run to run: its rule, its resource, and its subject, what it says up to " holds " (the
     * variable or file's name, not the description of the value, which a new value changes), else all it says.
     */
    static String fingerprint(Finding f) {
        int holds = f.what().indexOf(" holds ");
        String subject = holds < 0 ? f.what() : f.what().substring(0, holds);
        return DeployNames.sha256Hex(f.rule() + "\n" + f.resource() + "\n" + subject);
    }

    /**
     * A project's file as viewers find it: relative to the folder lamb ran in (a CI job's checkout), so that
     * `lamb audit --dir services/api` points at services/api/lamb.toml; a file URI when the project lies elsewhere.
     */
    static String uri(String project, String path) {
        if (project == null) {
            return path;
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path file = Path.of(project).toAbsolutePath().resolve(path).normalize();
        if (!file.startsWith(cwd)) {
            return file.toUri().toString();
        }
        StringBuilder relative = new StringBuilder();
        for (Path part : cwd.relativize(file)) {
            relative.append(relative.length() == 0 ? "" : "/").append(part);
        }
        return relative.toString();
    }
}
