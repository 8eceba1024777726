package dev.lamb.local.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.lamb.LambException;

/**
 * Finds AWS's runtime interface client (RIC), which runs java* functions as Lambda's own Java runtimes
 * do, in a JVM of their own. lamb ships its jars in its lib/ folder but never loads their classes: this
 * class only looks up their files by name, and unpacks the RIC's JNI library (its HTTP client to the
 * Runtime API) so that each function JVM loads it from a fixed path, as Lambda passes it with
 * -Dcom.amazonaws...NativeClient.JNI. Without that property every RIC start would copy it to the one
 * shared /tmp/.libaws-lambda-jni.so, which concurrent starts overwrite under each other.
 */
final class JavaRuntimeClasspath {
    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /**
     * The artifacts on the runtime JVM's class path, as on Lambda (core, RIC, serialization), plus the
     * SDK's one-class utils-lite that RIC 2.x calls. The function's own code is not on it: the RIC loads
     * it from its working folder (the task root: classes at the root, jars in lib/) through a class
     * loader of its own whose parent is this class path, so aws-lambda-java-core comes from here.
     */
    static final List<String> ARTIFACTS = List.of(
            "aws-lambda-java-core",
            "aws-lambda-java-runtime-interface-client",
            "aws-lambda-java-serialization",
            "utils-lite");

    private static final String RIC = "aws-lambda-java-runtime-interface-client";

    private JavaRuntimeClasspath() {}

    /** The RIC's jars, in {@link #ARTIFACTS} order, from wherever this lamb runs. */
    static List<Path> jars() {
        return jars(candidates());
    }

    /** The first jar found for each artifact among the candidates, or a clear error naming what is missing. */
    static List<Path> jars(List<Path> candidates) {
        Map<String, Path> found = new LinkedHashMap<>();
        for (String artifact : ARTIFACTS) {
            Pattern name = Pattern.compile(Pattern.quote(artifact) + "-\\d[^/\\\\]*\\.jar");
            candidates.stream()
                    .filter(p -> p.getFileName() != null && name.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .ifPresent(p -> found.put(artifact, p));
        }
        List<String> missing = ARTIFACTS.stream().filter(a -> !found.containsKey(a)).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw LambException.failed("cannot run java runtimes locally: AWS's runtime interface client is missing ("
                    + String.join(", ", missing) + " jar" + (missing.size() == 1 ? "" : "s") + " not found in "
                    + where() + "); reinstall lamb with ./install.sh");
        }
        return List.copyOf(found.values());
    }

    /**
     * Where the jars may be: an installed lamb keeps them in lib/ beside lamb.jar (the launcher runs
     * `java -jar lamb.jar`, so they are not on java.class.path); tests and runs from target/classes
     * have them on java.class.path, and after `mvn package` in target/lib.
     */
    static List<Path> candidates() {
        List<Path> result = new ArrayList<>();
        Optional<Path> home = codeSource();
        if (home.isPresent() && Files.isRegularFile(home.get())) {
            result.addAll(listJars(home.get().resolveSibling("lib")));
        }
        for (String entry : System.getProperty("java.class.path", "").split(Pattern.quote(File.pathSeparator))) {
            if (!entry.isEmpty()) {
                result.add(Path.of(entry));
            }
        }
        if (home.isPresent() && Files.isDirectory(home.get()) && home.get().getParent() != null) {
            result.addAll(listJars(home.get().getParent().resolve("lib")));
        }
        return result;
    }

    /**
     * The RIC's JNI library for this machine, unpacked (once) into dir; a clear error where the RIC has
     * none (it ships Linux builds only: x86_64 and arm64, glibc and musl).
     */
    static Path unpackJni(Path ricJar, Path dir) {
        String name = jniLibraryName(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), musl())
                .orElseThrow(() -> LambException.failed("cannot run java runtimes locally on "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                        + ": AWS's runtime interface client has a native library for Linux on x86_64 and arm64 only"));
        Path target = dir.resolve(name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        try (ZipFile zip = new ZipFile(ricJar.toFile())) {
            ZipEntry entry = zip.getEntry("jni/" + name);
            if (entry == null) {
                throw LambException.failed("cannot run java runtimes locally: " + ricJar + " has no jni/" + name
                        + "; reinstall lamb with ./install.sh");
            }
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, name, ".part");
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the runtime interface client's native library from " + ricJar, e);
        }
    }

    /** The file name under jni/ in the RIC jar for a platform, as the RIC's own JniHelper names them. */
    static Optional<String> jniLibraryName(String osName, String osArch, boolean musl) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> null;
        };
        if (arch == null) {
            return Optional.empty();
        }
        return Optional.of("libaws-lambda-jni.linux" + (musl ? "_musl" : "") + "-" + arch + ".so");
    }

    static Path ricJar(List<Path> jars) {
        return jars.stream().filter(p -> p.getFileName().toString().startsWith(RIC + "-")).findFirst().orElseThrow();
    }

    /** Alpine and other musl systems have the musl loader in /lib, and no glibc one. */
    private static boolean musl() {
        try (Stream<Path> files = Files.list(Path.of("/lib"))) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static Optional<Path> codeSource() {
        try {
            CodeSource source = RuntimeLauncher.class.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? Optional.empty()
                    : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static List<Path> listJars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String where() {
        Optional<Path> home = codeSource();
        if (home.isPresent() && Files.isRegularFile(home.get())) {
            return home.get().resolveSibling("lib").toString();
        }
        return "the class path" + home.filter(Files::isDirectory).map(h -> " or " + h.resolveSibling("lib")).orElse("");
    }
}
