package dev.lamb.local.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python and Node.js interpreters of this machine, by the Lambda runtime each one runs: python3.13 is
 * a python3.13 program, nodejs22.x a node of major version 22. They are looked for on lamb's PATH first
 * (pyenv's shims left out: they are scripts that pick a version by the folder they run in), then under
 * pyenv ($PYENV_ROOT, else ~/.pyenv), nvm ($NVM_DIR, else ~/.nvm) and n (/usr/local/n); for each runtime
 * the first found serves it. No interpreter is started to learn its version, except node on PATH, once.
 */
final class Interpreters {
    private static final Pattern PYTHON = Pattern.compile("python3\\.(\\d+)");
    private static final Pattern NODE_VERSION = Pattern.compile("v?(\\d+)\\.\\d+\\.\\d+");
    private static final Pattern RUNTIME_NUMBER = Pattern.compile("(?:python3\\.|nodejs)(\\d+)");

    private final Map<String, Interpreter> byRuntime;
    private final List<Interpreter> installations;

    private Interpreters(Map<String, Interpreter> byRuntime, List<Interpreter> installations) {
        this.byRuntime = byRuntime;
        this.installations = List.copyOf(installations);
    }

    /** Those of this machine, as lamb's environment finds them. */
    static Interpreters find(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        List<Path> path = new ArrayList<>();
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && !dir.contains("/shims")) {
                path.add(Path.of(dir));
            }
        }
        List<Interpreter> every = new ArrayList<>();
        List<Path> pythonDirs = new ArrayList<>(path);
        pythonDirs.addAll(versionBins(Path.of(env.getOrDefault("PYENV_ROOT", home + "/.pyenv"), "versions")));
        for (Path dir : pythonDirs) {
            for (Path program : list(dir)) {
                Matcher m = PYTHON.matcher(program.getFileName().toString());
                if (m.matches() && Files.isExecutable(program)) {
                    every.add(new Interpreter("python3." + m.group(1), program));
                }
            }
        }
        path.stream().map(dir -> dir.resolve("node")).filter(Files::isExecutable).findFirst()
                .flatMap(node -> nodeVersion(node).map(major -> new Interpreter("nodejs" + major + ".x", node)))
                .ifPresent(every::add);
        List<Path> nodeDirs = new ArrayList<>(versionBins(Path.of(env.getOrDefault("NVM_DIR", home + "/.nvm"), "versions", "node")));
        nodeDirs.addAll(versionBins(Path.of("/usr/local/n/versions/node")));
        for (Path bin : nodeDirs) {
            Matcher m = NODE_VERSION.matcher(bin.getParent().getFileName().toString());
            Path node = bin.resolve("node");
            if (m.matches() && Files.isExecutable(node)) {
                every.add(new Interpreter("nodejs" + m.group(1) + ".x", node));
            }
        }
        Map<String, Interpreter> first = new LinkedHashMap<>();
        every.forEach(i -> first.putIfAbsent(i.runtime(), i));
        return new Interpreters(first, every);
    }

    /** Every interpreter found, one per runtime, Python's then Node's, newest first. */
    List<Interpreter> all() {
        return byRuntime.values().stream()
                .sorted(Comparator.comparing((Interpreter i) -> family(i.runtime())).reversed()
                        .thenComparing(i -> -number(i.runtime())))
                .toList();
    }

    /** Every installation found, in the order looked at, several of one runtime included (their packages count). */
    List<Interpreter> installations() {
        return installations;
    }

    /**
     * The interpreter of the runtime, else the nearest version of its language (the newer of two as near),
     * else none.
     */
    Optional<Interpreter> forRuntime(String runtime) {
        Interpreter exact = byRuntime.get(runtime);
        if (exact != null) {
            return Optional.of(exact);
        }
        int wanted = number(runtime);
        return byRuntime.values().stream()
                .filter(i -> family(i.runtime()).equals(family(runtime)))
                .min(Comparator.comparingInt((Interpreter i) -> Math.abs(number(i.runtime()) - wanted))
                        .thenComparing(i -> -number(i.runtime())));
    }

    /** python or nodejs. */
    static String family(String runtime) {
        return runtime.startsWith("python") ? "python" : runtime.startsWith("nodejs") ? "nodejs" : runtime;
    }

    /** The number that tells versions of a language apart: Python's minor, Node's major. */
    private static int number(String runtime) {
        Matcher m = RUNTIME_NUMBER.matcher(runtime);
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The bin folders of each version folder under root (pyenv's versions/3.13.0/bin, nvm's v22.1.0/bin). */
    private static List<Path> versionBins(Path root) {
        return list(root).stream().sorted(Comparator.reverseOrder()).map(v -> v.resolve("bin")).filter(Files::isDirectory).toList();
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(out::add);
        } catch (IOException | RuntimeException e) {
            // not there or not readable: nothing found in it
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** node's major version, from `node --version`: its file name does not say. */
    private static Optional<Integer> nodeVersion(Path node) {
        try {
            Process process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            Matcher m = NODE_VERSION.matcher(out);
            return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
