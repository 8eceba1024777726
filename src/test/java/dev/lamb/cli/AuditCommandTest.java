package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.Lamb;
import dev.lamb.testing.Ports;

/**
 * lamb audit's bad input (issue 17 section 4): one line and exit 2 before any AWS call, so the endpoint is one where
 * nothing listens; and --output sarif is refused to the commands that have no findings to put in it.
 */
class AuditCommandTest {
    private static Lamb.Run lamb(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:" + Ports.free()}, 0, all,
                args.length, 4);
        return Lamb.run(all);
    }

    private static void usage(Lamb.Run run, String line) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("lamb: " + line + "\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void aSeverityNotOfTheFourIsAUsageError() {
        usage(lamb("audit", "--function", "fn", "--fail-on", "urgent"),
                "--fail-on urgent is not a severity: use one of low, medium, high, critical");
    }

    @Test
    void aFunctionOutsideTheProjectHasNoStage() {
        usage(lamb("audit", "--function", "fn", "--stage", "prod"),
                "--stage picks the project's function's stage: leave out --function, or --stage");
    }

    /** Outside a project, the line names both ways the synopsis offers: a project folder, or --function NAME. */
    @Test
    void outsideAProjectTheLineSaysFunctionAuditsADeployedOne(@TempDir Path outside) {
        usage(lamb("audit", "--dir", outside.toString()), "no lamb.toml in " + outside.toAbsolutePath().normalize()
                + " or any folder above it: run lamb audit in a project folder, or audit a deployed function with --function NAME");
    }

    @Test
    void sarifIsForAuditsFindingsOnly() {
        Lamb.Run after = lamb("metrics", "--function", "fn", "--output", "sarif");
        assertEquals(2, after.exitCode(), after.err());
        assertTrue(after.err().startsWith("lamb: Invalid value for option '--output': 'sarif' is not one of text|json|csv\n"),
                after.err());
        // Before the command, lamb takes any format; the command refuses one it does not print.
        usage(lamb("--output", "sarif", "metrics", "--function", "fn"),
                "--output sarif is for the findings of lamb audit: use text or json for lamb metrics");
    }
}
