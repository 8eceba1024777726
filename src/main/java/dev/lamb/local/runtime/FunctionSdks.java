package dev.lamb.local.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS SDKs that Lambda's runtimes come with, found on this machine: boto3 for Python, the AWS SDK
 * for JavaScript v3 for Node.js. The engine puts them on functions' paths after their own packages.
 */
final class FunctionSdks {
    /** The oldest boto3 that reads AWS_ENDPOINT_URL, which points functions at the local cloud. */
    static final List<Integer> OLDEST_BOTO3 = List.of(1, 28);
    /** boto3 and what it imports, as Lambda's Python runtimes hold them (import names). */
    static final List<String> BOTO3_PACKAGES = List.of("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six.py");

    private static final Pattern PY_VERSION = Pattern.compile("__version__\\s*=\\s*['\"]([0-9.]+)['\"]");
    private static final Pattern JSON_VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private final Optional<Sdk> boto3;
    private final List<Sdk> tooOld;
    private final Optional<Sdk> javascript;

    private FunctionSdks(Optional<Sdk> boto3, List<Sdk> tooOld, Optional<Sdk> javascript) {
        this.boto3 = boto3;
        this.tooOld = tooOld;
        this.javascript = javascript;
    }

    /**
     * boto3: the newest of 1.28 or later in the site-packages of the Pythons found, Debian's dist-packages,
     * or the user's. The JavaScript SDK: the first node_modules holding {@code @aws-sdk/client-*} packages
     * among NODE_PATH's, ~/.node_modules, and npm's global folders (lib/node_modules of /usr, /usr/local
     * and of each node found).
     */
    static FunctionSdks find(Map<String, String> env, Interpreters interpreters) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Set<Path> sites = new LinkedHashSet<>();
        Set<Path> nodeModules = new LinkedHashSet<>();
        for (String dir : env.getOrDefault("NODE_PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                nodeModules.add(Path.of(dir));
            }
        }
        nodeModules.add(Path.of(home, ".node_modules"));
        nodeModules.add(Path.of("/usr/lib/node_modules"));
        nodeModules.add(Path.of("/usr/local/lib/node_modules"));
        for (Interpreter i : interpreters.installations()) {
            Path prefix = i.path().getParent().getParent();
            if (prefix == null) {
                continue;
            }
            if (i.runtime().startsWith("python")) {
                sites.add(prefix.resolve("lib").resolve(i.runtime()).resolve("site-packages"));
                sites.add(Path.of(home, ".local", "lib", i.runtime(), "site-packages"));
                sites.add(Path.of("/usr/local/lib", i.runtime(), "dist-packages"));
            } else {
                nodeModules.add(prefix.resolve("lib").resolve("node_modules"));
            }
        }
        sites.add(Path.of("/usr/lib/python3/dist-packages"));
        List<Sdk> boto3s = new ArrayList<>();
        for (Path site : sites) {
            readVersion(site.resolve("boto3").resolve("__init__.py"), PY_VERSION)
                    .filter(v -> Files.isDirectory(site.resolve("botocore")))
                    .ifPresent(v -> boto3s.add(new Sdk("boto3", v, site)));
        }
        boto3s.sort(Comparator.comparing((Sdk s) -> numbers(s.version()), FunctionSdks::compare).reversed());
        Optional<Sdk> newest = boto3s.stream().filter(s -> compare(numbers(s.version()), OLDEST_BOTO3) >= 0).findFirst();
        List<Sdk> old = boto3s.stream().filter(s -> compare(numbers(s.version()), OLDEST_BOTO3) < 0).toList();
        Optional<Sdk> js = nodeModules.stream().flatMap(dir -> javascriptSdk(dir).stream()).findFirst();
        return new FunctionSdks(newest, old, js);
    }

    Optional<Sdk> boto3() {
        return boto3;
    }

    /** The boto3 copies found that are too old to be given to functions. */
    List<Sdk> tooOldBoto3() {
        return tooOld;
    }

    Optional<Sdk> javascript() {
        return javascript;
    }

    /** The node_modules folder when it holds @aws-sdk/client-* packages; its version is the first client's. */
    private static Optional<Sdk> javascriptSdk(Path nodeModules) {
        try (DirectoryStream<Path> clients = Files.newDirectoryStream(nodeModules.resolve("@aws-sdk"), "client-*")) {
            for (Path client : clients) {
                Optional<String> version = readVersion(client.resolve("package.json"), JSON_VERSION);
                if (version.isPresent()) {
                    return Optional.of(new Sdk("AWS SDK for JavaScript v3", version.get(), nodeModules));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no @aws-sdk here
        }
        return Optional.empty();
    }

    private static Optional<String> readVersion(Path file, Pattern pattern) {
        try {
            Matcher m = pattern.matcher(Files.readString(file));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Integer> numbers(String version) {
        List<Integer> out = new ArrayList<>();
        for (String part : version.split("\\.")) {
            try {
                out.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                break;
            }
        }
        return out;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int diff = Integer.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (diff != 0) {
                return diff;
            }
        }
        return 0;
    }
}
