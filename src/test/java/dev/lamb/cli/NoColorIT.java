package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import dev.lamb.testing.TestLocalCloud;
import dev.lamb.ui.Terminals;

/** Issue 11 §10: NO_COLOR and --no-color take colour away, and change neither which lines print nor their layout. */
class NoColorIT {
    private static final String ESCAPE = "\u001b[";

    @TempDir
    Path tmp;

    @Test
    void noColorPrintsTheSameLinesWithoutTheirColour() {
        Path project = DeployedCloud.init(tmp, "plain");
        List<String> invoke = List.of("invoke", "--local", "--sources", "--dir", project.toString(), "--query", "name=Ada");

        // The first run would otherwise say that it started the local cloud, and the others not.
        TestLocalCloud.ensureRunning();
        Lamb.Run coloured = Lamb.run(terminal(true), invoke.toArray(String[]::new));
        Lamb.Run flag = Lamb.run(terminal(true), args(invoke, "--no-color"));
        Lamb.Run noColorEnv = Lamb.run(terminal(false), invoke.toArray(String[]::new));  // what NO_COLOR=1 makes of Terminals

        assertEquals(0, coloured.exitCode(), coloured.err());
        assertTrue(coloured.err().contains(ESCAPE), "a terminal with colour gets colour:\n" + coloured.err());
        for (Lamb.Run plain : List.of(flag, noColorEnv)) {
            assertEquals(0, plain.exitCode(), plain.err());
            assertFalse(plain.err().contains(ESCAPE), plain.err());
            assertEquals(shape(coloured.err()), shape(plain.err()));
            assertEquals(coloured.out(), plain.out());
        }
        assertTrue(flag.err().contains("REPORT ") && !flag.err().contains("REPORT RequestId"),
                "the REPORT summary stays without colour:\n" + flag.err());
    }

    /** The lines without their escapes, request ids and timings, which differ from run to run. */
    private static List<String> shape(String err) {
        return err.lines().map(l -> l.replaceAll("\u001b\\[[0-9;]*m", "").replaceAll("[0-9a-f-]{36}", "ID")
                .replaceAll("[0-9.]+ ms", "N ms")).toList();
    }

    private static String[] args(List<String> args, String extra) {
        return Stream.concat(args.stream(), Stream.of(extra)).toArray(String[]::new);
    }

    /** A terminal a person sits at, with or without colour (NO_COLOR set). */
    private static Terminals terminal(boolean colour) {
        Terminals scripted = Terminals.scripted(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream());
        return new Terminals() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public boolean colour() {
                return colour;
            }

            @Override
            public Terminal open() throws IOException {
                return scripted.open();
            }
        };
    }
}
