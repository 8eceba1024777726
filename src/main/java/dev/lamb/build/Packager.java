package dev.lamb.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.lamb.ByteSizes;
import dev.lamb.LambException;
import dev.lamb.config.Architecture;

/**
 * Builds a function's deployment zip: checks the project, builds it with its runtime's tool, and
 * writes a deterministic zip within Lambda's size limits.
 *
 * <p>Everything that can be checked without building is checked first (runtime, architecture,
 * handler file, symlinks), so a mistake costs no build time and leaves nothing behind. The zip is
 * written to a temporary file beside the output and renamed into place only when complete and
 * within limits, so the output path holds either the previous zip or the new one, never a part.
 */
public final class Packager {
    /** Zips from this size on are hashed by openssl, when there is one: below it, starting it costs more than it saves. */
    static final long HASHED_BY_OPENSSL_FROM = 16L << 20;

    private final Tools tools;
    private final int threads;

    public Packager() {
        this(Tools.fromEnvironment());
    }

    /** With the tools found on a given PATH instead of lamb's own. */
    Packager(Tools tools) {
        this.tools = tools;
        this.threads = Runtime.getRuntime().availableProcessors();
    }

    public PackageResult pack(PackageRequest request, Consumer<String> progress) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(request.output(), "request.output");
        Consumer<String> say = progress != null ? progress : line -> { };
        Path project = projectDir(request.projectDir());
        RuntimeBuilder builder = RuntimeBuilder.forRuntime(request.runtime());
        Architecture architecture = Architecture.parse(request.architecture());
        String handler = request.handler() == null ? "" : request.handler().trim();
        if (handler.isEmpty()) {
            throw LambException.usage("no handler given: set handler in lamb.toml (for example handler.handler)");
        }
        builder.checkHandler(project, handler);
        Path output = request.output().toAbsolutePath().normalize();
        checkOutput(output);
        Path lambDir = project.resolve(".lamb");
        try {
            IgnoreRules own = IgnoreRules.read(project.resolve(".lambignore"));
            LeftOut leftOut = new LeftOut(own);
            List<ZipSource> projectFiles = SourceTree.collect(project, "", "the project", rules(builder, own), Set.of(output), leftOut);
            // A staging folder of its own per run, so that two packages of one project never share one.
            Files.createDirectories(lambDir);
            try (RunTemp staging = RunTemp.folder(lambDir, "build-");
                 BuildContext context = new BuildContext(project, architecture, staging.path(), projectFiles, tools, say)) {
                List<ZipSource> files = builder.build(context);
                long unzipped = DeterministicZip.unzippedSize(files);
                LambdaLimits.checkUnzipped(unzipped);
                say.accept("zipping " + files.size() + " files (" + ByteSizes.human(unzipped) + ")…");
                // The zip is written inside .lamb/ (never packaged) when the output is in the project.
                Path tempDir = output.startsWith(project) ? lambDir : output.getParent();
                PackageResult result = writeZip(files, output, tempDir, leftOut);
                result.leftOut().forEach(file -> say.accept("left out " + file.path() + ": " + file.reason()));
                return result;
            }
        } catch (IOException e) {
            throw failure(project, e);
        } catch (UncheckedIOException e) {
            throw failure(project, e.getCause());
        }
    }

    /**
     * The project's own files the package takes, by the rules it packs them with (lamb's and the runtime's defaults,
     * .lambignore), named relative to the project, without building anything: what lamb audit, a read-only command,
     * reads when there is no current zip.
     */
    public List<String> projectFiles(PackageRequest request) {
        Path project = projectDir(request.projectDir());
        RuntimeBuilder builder = RuntimeBuilder.forRuntime(request.runtime());
        Path output = request.output().toAbsolutePath().normalize();
        try {
            IgnoreRules own = IgnoreRules.read(project.resolve(".lambignore"));
            List<String> names = new ArrayList<>();
            for (ZipSource source : SourceTree.collect(project, "", "the project", rules(builder, own), Set.of(output), new LeftOut(own))) {
                if (!leftOutForItsContent(source)) {
                    names.add(source.name());
                }
            }
            return names;
        } catch (IOException e) {
            throw failure(project, e);
        } catch (UncheckedIOException e) {
            throw failure(project, e.getCause());
        }
    }

    /** Whether the zip would leave the file out for the key or credentials it holds, as {@link DeterministicZip} does. */
    private static boolean leftOutForItsContent(ZipSource source) throws IOException {
        if (!source.screened() || source.size() > DeterministicZip.STREAMED_ABOVE) {
            return false;
        }
        try (InputStream in = source.content().open()) {
            return SecretFiles.byContent(source.name(), in.readAllBytes()).isPresent();
        }
    }

    private static IgnoreRules rules(RuntimeBuilder builder, IgnoreRules own) {
        return IgnoreRules.of(IgnoreRules.DEFAULTS).followedBy(IgnoreRules.of(builder.ignores())).followedBy(own);
    }

    private static Path projectDir(Path dir) {
        if (dir == null) {
            throw LambException.usage("no project folder given");
        }
        Path project = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(project)) {
            throw LambException.usage("project folder " + project + " does not exist");
        }
        return project;
    }

    /** The output is replaced whole, so refuse anything there that is not an earlier zip: a typo must not eat a source file. */
    private static void checkOutput(Path output) {
        for (Path up = output.getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up) && !Files.isDirectory(up)) {
                throw LambException.usage(up + " is a file, so the zip cannot go to " + output + ": choose another --out");
            }
        }
        if (Files.isDirectory(output)) {
            throw LambException.usage(output + " is a folder: give the zip a file name, such as function.zip");
        }
        if (Files.isRegularFile(output)) {
            byte[] start;
            try (InputStream in = Files.newInputStream(output)) {
                start = in.readNBytes(4);
            } catch (IOException e) {
                throw LambException.failed("could not read " + output + ": " + e.getMessage(), e);
            }
            boolean zip = start.length == 4 && start[0] == 'P' && start[1] == 'K'
                    && ((start[2] == 3 && start[3] == 4) || (start[2] == 5 && start[3] == 6));
            if (start.length > 0 && !zip) {
                throw LambException.usage(output + " exists and is not a zip; lamb will not overwrite it: "
                        + "choose another output path");
            }
        }
    }

    private PackageResult writeZip(List<ZipSource> files, Path output, Path tempDir, LeftOut leftOut) throws IOException {
        Files.createDirectories(output.getParent());
        try (RunTemp part = RunTemp.file(tempDir, "." + output.getFileName() + ".", ".tmp")) {
            Path temp = part.path();
            DeterministicZip.Written zip = DeterministicZip.write(files, temp, threads, leftOut);
            // Checked again on what was read: a file may have grown since it was listed.
            LambdaLimits.checkUnzipped(zip.unzipped());
            String codeSha256 = sha256Base64(temp);
            if (Files.getFileAttributeView(temp, PosixFileAttributeView.class) != null) {
                // createTempFile makes it private (0600); a build artifact is ordinarily 0644.
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
            }
            return new PackageResult(output, zip.length(), zip.unzipped(), zip.entries(), codeSha256, leftOut.all());
        }
    }

    /**
     * Base64 of the SHA-256 of the file: Lambda's CodeSha256. A large zip is hashed by openssl where PATH has it: the JVM
     * lamb starts in (C1 only, for a quick start) hashes ~45 MB/s, openssl ~1 GB/s with the CPU's SHA instructions, 2.6 s
     * against 0.1 s for a 120 MB zip (bench/s3-deploy.sh). Any answer but a digest falls back to the JVM's.
     */
    String sha256Base64(Path file) throws IOException {
        if (Files.size(file) >= HASHED_BY_OPENSSL_FROM) {
            Optional<byte[]> digest = tools.find("openssl").flatMap(openssl -> opensslSha256(openssl, file));
            if (digest.isPresent()) {
                return Base64.getEncoder().encodeToString(digest.get());
            }
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    /** {@code openssl dgst -sha256 -r FILE} prints "HEX *FILE" (OpenSSL 1.0 to 3, LibreSSL). */
    private Optional<byte[]> opensslSha256(Path openssl, Path file) {
        try {
            Tools.Outcome hashed = tools.run(List.of(openssl.toString(), "dgst", "-sha256", "-r", file.toString()), file.getParent(),
                    Map.of());
            // stderr is merged in, where a broken openssl.cnf adds lines of its own.
            return hashed.exitCode() != 0 ? Optional.empty() : hashed.tail().stream().filter(l -> l.matches("[0-9a-fA-F]{64} \\*.*"))
                    .findFirst().map(l -> HexFormat.of().parseHex(l.substring(0, 64)));
        } catch (LambException e) {
            return Optional.empty();
        }
    }

    private static LambException failure(Path project, IOException e) {
        return LambException.io("could not package " + project, e);
    }
}
