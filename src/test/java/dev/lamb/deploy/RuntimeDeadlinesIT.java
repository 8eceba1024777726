package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.time.Today;

/**
 * Issue 15 §5: deploy warns within 180 days of a runtime's deprecation and refuses a runtime whose create (new
 * function) or update (existing one) AWS blocks, naming the date and the runtime to move to; status shows the dates.
 * The dates are those of shared/reference/research-2026.md: python3.11 is deprecated on 2027-06-30, creating
 * blocked from 2027-07-31, updating from 2027-08-31. "Today" is pinned through lamb's clock (lamb.today).
 */
class RuntimeDeadlinesIT {
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    Path tmp;

    @Test
    void aDeprecatedRuntimeIsWarnedAboutThenRefusedOnItsBlockDates() throws IOException {
        Path project = onPython311("legacy");

        Lamb.Run early = deployOn("2027-01-15", project);
        assertEquals(0, early.exitCode(), early.err());
        assertTrue(early.err().contains("lamb: warning: runtime python3.11 is deprecated by AWS on 2027-06-30 (in 166 days) "
                + "(deprecated 2027-06-30, creating blocked from 2027-07-31, updating from 2027-08-31): move to python3.14 "
                + "(runtime = \"python3.14\" in lamb.toml)\n"), early.err());

        // An existing function on it may still be updated after creating is blocked, and is warned about.
        Files.writeString(project.resolve("handler.py"), "\n# changed\n", StandardOpenOption.APPEND);
        Lamb.Run update = deployOn("2027-08-01", project);
        assertEquals(0, update.exitCode(), update.err());
        assertTrue(update.err().contains("lamb: warning: runtime python3.11 is deprecated by AWS since 2027-06-30 "), update.err());

        Lamb.Run blocked = deployOn("2027-08-31", project);
        assertEquals(2, blocked.exitCode(), blocked.err());
        assertTrue(blocked.err().endsWith("\nlamb: function.runtime python3.11: AWS blocks updating functions on it since "
                + "2027-08-31: move to python3.14 (runtime = \"python3.14\" in lamb.toml)\n"), blocked.err());

        Lamb.Run status = cloud.lamb("status", "--stage", "dev", "--dir", project.toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("runtime:         python3.11 (AWS: deprecated 2027-06-30, creating blocked from "
                + "2027-07-31, updating from 2027-08-31)\n"), status.out());
    }

    @Test
    void aNewFunctionOnARuntimeWhoseCreateIsBlockedIsRefusedAndNothingIsMade() throws IOException {
        Path project = onPython311("toolate");
        Lamb.Run run = deployOn("2027-07-31", project);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("lamb: function.runtime python3.11: AWS blocks creating functions on it since 2027-07-31: "
                + "move to python3.14 (runtime = \"python3.14\" in lamb.toml)\n"), run.err());
        assertFalse(cloud.aws().lambda().listFunctions().functions().stream().anyMatch(f -> f.functionName().equals("toolate")));
        assertTrue(cloud.aws().iam().listRoles().roles().stream().noneMatch(r -> r.roleName().contains("toolate")),
                "no role was made either");
    }

    @Test
    void aCurrentRuntimeDeploysWithoutAWord() {
        Path project = DeployedCloud.init(tmp, "current");
        Lamb.Run run = deployOn("2027-08-31", project);
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.err().contains("warning"), run.err());
        Lamb.Run status = cloud.lamb("status", "--stage", "dev", "--dir", project.toString());
        assertTrue(status.out().contains("runtime:         python3.14 (AWS: deprecated 2029-06-30, "), status.out());
    }

    private Path onPython311(String name) throws IOException {
        Path project = DeployedCloud.init(tmp, name);
        Path toml = project.resolve("lamb.toml");
        Files.writeString(toml, Files.readString(toml).replace("runtime = \"python3.14\"", "runtime = \"python3.11\""));
        return project;
    }

    private static Lamb.Run deployOn(String day, Path project) {
        System.setProperty(Today.PROPERTY, day);
        try {
            return cloud.lamb("deploy", "--dir", project.toString());
        } finally {
            System.clearProperty(Today.PROPERTY);
        }
    }
}
