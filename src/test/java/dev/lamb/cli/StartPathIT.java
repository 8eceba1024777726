package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lamb.testing.Processes;

/**
 * The commands a user runs most often before touching AWS must start fast: loading the AWS SDK costs
 * hundreds of milliseconds, so none of its classes may load on their way.
 */
class StartPathIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"--help", "--version", "init", "package", "completion"})
    void loadsNoAwsSdkClass(String command) {
        List<String> args = switch (command) {
            case "init" -> List.of("init", "fn", "--runtime", "python", "--dir", tmp.resolve("fn").toString());
            case "package" -> List.of("package", "--dir", tmp.resolve("fn").toString());
            case "completion" -> List.of("completion", "bash");
            default -> List.of(command);
        };
        if (command.equals("package")) {
            assertEquals(0, lamb(List.of("init", "fn", "--runtime", "python", "--dir", tmp.resolve("fn").toString())).exitCode());
        }
        Processes.Result result = lamb(args);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("[class,load] picocli."), "class loading was not logged");
        assertTrue(!result.output().contains("software.amazon.awssdk"),
                "AWS SDK classes loaded on the path of '" + command + "':\n"
                        + result.output().lines().filter(l -> l.contains("software.amazon.awssdk")).limit(5).toList());
    }

    private Processes.Result lamb(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), "dev.lamb.Lamb"));
        cmd.addAll(args);
        return Processes.run(tmp, Map.of(), 120, cmd);
    }
}
