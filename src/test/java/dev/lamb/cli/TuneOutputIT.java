package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;

/** Issue 11 §10: what tune prints for --restore and --dry-run in each --output, and its warning for a long sweep. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TuneOutputIT {
    @TempDir
    static Path work;

    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    private static Path project;

    @BeforeAll
    static void start() {
        project = DeployedCloud.init(work, "tuned");
        cloud.deploy(project);
    }

    @Test
    void restoreWithOutputJsonPrintsARecord() throws Exception {
        Lamb.Run run = cloud.lamb("tune", "--restore", "--output", "json", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode record = new ObjectMapper().readTree(run.out());
        assertEquals("tuned", record.get("function").asText());
        assertFalse(record.get("restored").asBoolean());
    }

    @Test
    void dryRunWithOutputCsvIsAUsageError() {
        Lamb.Run run = cloud.lamb("tune", "--dry-run", "--output", "csv", "--dir", project.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("lamb: --output csv is the table of measured sizes, and --dry-run measures none: use text or json\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void aSweepOfMoreThan40SizesIsWarnedAbout() {
        Lamb.Run run = cloud.lamb("tune", "--memory", "128..1024:7", "--dry-run", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        // 128, 135, ..., 1024: (1024 - 128) / 7 = 128 steps, so 129 sizes.
        assertTrue(run.err().contains("lamb: warning: --memory 128..1024:7 is 129 sizes, more than 40:"), run.err());
        assertTrue(run.out().startsWith("plan for tuned"), run.out());

        Lamb.Run ladder = cloud.lamb("tune", "--memory", "128..1024", "--dry-run", "--dir", project.toString());
        assertFalse(ladder.err().contains("warning"), ladder.err());
    }
}
