package dev.lamb.build;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/**
 * The external build tools (python3, npm, mvn, go): found on a PATH, run with their output captured,
 * and turned into one clear line when they are missing or fail.
 */
final class Tools {
    private static final int KEPT_LINES = 60;
    private static final int SUMMARY_LINES = 3;
    private static final int SUMMARY_CHARS = 600;
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    /** A line that says it is an error: pip's "ERROR:", Maven's "[ERROR]", npm's "npm error", git-style "fatal:". */
    private static final Pattern ERROR_LINE = Pattern.compile(
            "^(\\[ERROR]|npm error|npm ERR!|error\\b:?|fatal:)\\s*(\\d{3}\\b)?(.*)$", Pattern.CASE_INSENSITIVE);
    /** Advice the tools print about themselves rather than about the failure. */
    private static final List<String> NOISE = List.of("-> [Help", "[Help ", "To see the full stack trace",
            "Re-run Maven", "For more information about the errors", "COMPILATION ERROR", "A complete log of this run",
            "Note that you can also install from a", "tarball, folder, http url, or git url");

    private final String path;

    Tools(String path) {
        this.path = path == null ? "" : path;
    }

    static Tools fromEnvironment() {
        return new Tools(System.getenv("PATH"));
    }

    Optional<Path> find(String tool) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, tool);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The tool's path, or a FAILED error saying which tool the runtime needs, for what, and how to
     * get it: {@code install} is the advice, e.g. "install Go 1.22+ (apt-get install golang-go)".
     */
    Path require(String tool, String runtime, String purpose, String install) {
        return find(tool).orElseThrow(() -> LambException.failed(
                tool + " is not on PATH, and runtime " + runtime + " needs it to " + purpose + ": "
                        + install + " and retry"));
    }

    /** Runs a command to completion in {@code dir}, with {@code env} added to lamb's environment. */
    Outcome run(List<String> command, Path dir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw LambException.failed("could not start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Deque<String> tail = new ArrayDeque<>();
        try {
            process.getOutputStream().close();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (tail.size() == KEPT_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
            return new Outcome(process.waitFor(), List.copyOf(tail));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LambException(ExitCode.INTERRUPTED, "interrupted while running " + command.get(0));
        } catch (IOException e) {
            throw LambException.failed("could not read the output of " + command.get(0) + ": " + e.getMessage(), e);
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }
        }
    }

    /** How a tool ended: its exit code and the last lines it printed (stdout and stderr merged). */
    record Outcome(int exitCode, List<String> tail) {

        /** Throws FAILED naming {@code what} and the tool's own error lines unless it exited 0. */
        void requireSuccess(String what) {
            requireSuccess(what, "");
        }

        /** As {@link #requireSuccess(String)}, appending {@code advice} (may be empty) to the message. */
        void requireSuccess(String what, String advice) {
            if (exitCode != 0) {
                throw LambException.failed(what + " failed (exit " + exitCode + "): " + summary()
                        + (advice.isEmpty() ? "" : "; " + advice));
            }
        }

        boolean printed(String text) {
            return tail.stream().anyMatch(line -> line.contains(text));
        }

        /**
         * The tool's complaint on one line: its first few distinct lines that call themselves errors,
         * else (go and javac just print "file:line: message") its last few lines.
         */
        String summary() {
            List<String> lines = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (String line : tail) {
                String clean = ANSI.matcher(line).replaceAll("").strip();
                if (clean.isEmpty() || NOISE.stream().anyMatch(clean::contains)) {
                    continue;
                }
                lines.add(clean);
                Matcher error = ERROR_LINE.matcher(clean);
                if (error.matches() && !error.group(3).isBlank() && !errors.contains(clean)) {
                    errors.add(clean);
                }
            }
            List<String> chosen = !errors.isEmpty()
                    ? errors.subList(0, Math.min(SUMMARY_LINES, errors.size()))
                    : lines.subList(Math.max(0, lines.size() - SUMMARY_LINES), lines.size());
            if (chosen.isEmpty()) {
                return "it printed nothing";
            }
            String joined = String.join(" | ", chosen);
            return joined.length() <= SUMMARY_CHARS ? joined : joined.substring(0, SUMMARY_CHARS) + "…";
        }
    }
}
