package dev.lamb.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.testing.RequiredTools;

/** lamb package on real project folders, read back with real zip tools. */
class PackagerIT {
    @TempDir
    Path temp;

    private final List<String> progress = new ArrayList<>();

    private Path project() {
        return temp.resolve("hello");
    }

    private Path out() {
        return temp.resolve("out").resolve("hello.zip");
    }

    private PackageResult pack(String runtime, String handler) {
        return new Packager().pack(new PackageRequest(project(), runtime, handler, "x86_64", out()), progress::add);
    }

    private PackageResult packPython() {
        return pack("python3.13", "handler.handler");
    }

    /** Packs with nothing on PATH, which proves that no build tool was run. */
    private PackageResult packWithoutTools(String runtime, String handler) throws IOException {
        Path emptyBin = Files.createDirectories(temp.resolve("empty-bin"));
        return new Packager(new Tools(emptyBin.toString()))
                .pack(new PackageRequest(project(), runtime, handler, "arm64", out()), progress::add);
    }

    private void write(String path, String content) throws IOException {
        Path file = project().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** The layout lamb init makes for Python, plus the clutter a real checkout collects. */
    private void pythonProject() throws IOException {
        write("handler.py", "def handler(event, context):\n    return {'statusCode': 200}\n");
        write("requirements.txt", "# add packages here\n\n   # none yet\n");
        write("lamb.toml", "[function]\nname = \"hello\"\n");
        write(".lambignore", "*.md\n*.log\n!keep.log\n/docs/\n");
        write("README.md", "# hello\n");
        write("tests/test_handler.py", "def test(): pass\n");
        write("events/hello.json", "{}\n");
        write(".env", "SECRET=1\n");
        write(".env.local", "SECRET=2\n");
        write(".gitignore", ".venv/\n");
        write(".git/HEAD", "ref: refs/heads/main\n");
        write("__pycache__/handler.cpython-313.pyc", "compiled");
        write("pkg/__init__.py", "");
        write("pkg/util.py", "def util(): return 1\n");
        write("pkg/__pycache__/util.cpython-313.pyc", "compiled");
        write("pkg/docs/guide.txt", "kept: /docs/ is anchored to the root\n");
        write("docs/index.txt", "dropped\n");
        write("logs/keep.log", "kept by the negation\n");
        write("logs/drop.log", "dropped\n");
        write("scripts/run.sh", "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(project().resolve("scripts/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static final Set<String> PYTHON_ENTRIES = Set.of("handler.py", "requirements.txt", "pkg/__init__.py",
            "pkg/util.py", "pkg/docs/guide.txt", "logs/keep.log", "scripts/run.sh");

    private static Set<String> names(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Set<String> names = new TreeSet<>();
            file.stream().map(ZipEntry::getName).forEach(names::add);
            return names;
        }
    }

    private static String content(Path zip, String name) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return new String(file.getInputStream(file.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void packagingTwiceTouchedOrChmoddedGivesByteIdenticalZips() throws Exception {
        pythonProject();
        PackageResult first = packPython();
        byte[] firstBytes = Files.readAllBytes(first.zip());

        PackageResult second = packPython();
        assertArrayEquals(firstBytes, Files.readAllBytes(second.zip()));

        Instant later = Instant.parse("2031-05-06T07:08:09Z");
        try (Stream<Path> files = Files.walk(project())) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(later));
                if (Files.isRegularFile(file)) {
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                    permissions.add(PosixFilePermission.GROUP_WRITE);
                    permissions.remove(PosixFilePermission.OTHERS_READ);
                    Files.setPosixFilePermissions(file, permissions);
                }
            }
        }
        PackageResult third = packPython();
        assertArrayEquals(firstBytes, Files.readAllBytes(third.zip()), "mtimes and non-exec mode bits do not matter");
        assertEquals(first, third);

        Files.setPosixFilePermissions(project().resolve("pkg/util.py"), PosixFilePermissions.fromString("rwxr-x---"));
        assertFalse(first.codeSha256().equals(packPython().codeSha256()), "the exec bit does matter");
    }

    @Test
    void codeSha256IsBase64OfTheZipsSha256AndZipToolsAgree() throws Exception {
        Path zipinfo = RequiredTools.require("zipinfo");
        Path unzip = RequiredTools.require("unzip");
        Path python = RequiredTools.require("python3");
        pythonProject();
        PackageResult result = packPython();

        byte[] bytes = Files.readAllBytes(out());
        String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(expected, result.codeSha256());
        assertEquals(bytes.length, result.sizeBytes());
        assertEquals(PYTHON_ENTRIES.size(), result.entries());
        assertEquals(out(), result.zip());

        Command listing = Command.run(temp, zipinfo.toString(), out().toString());
        assertTrue(listing.output().lines().anyMatch(l -> l.startsWith("-rw-r--r--") && l.endsWith(" handler.py")), listing.output());
        assertTrue(listing.output().lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" scripts/run.sh")), listing.output());
        Command test = Command.run(temp, unzip.toString(), "-t", out().toString());
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("No errors detected"), test.output());
        Command py = Command.python(python, "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
                + "assert z.testzip() is None; print(sorted(z.namelist()))", out().toString());
        assertEquals(0, py.exitCode(), py.output());
        assertEquals(new TreeSet<>(PYTHON_ENTRIES).stream().map(n -> "'" + n + "'").toList().toString(), py.output().strip());

        long unzipped = 0;
        for (String name : PYTHON_ENTRIES) {
            unzipped += Files.size(project().resolve(name));
        }
        assertEquals(unzipped, result.unzippedBytes());
    }

    @Test
    void ignoredFilesStayOutAndEverythingElseGoesIn() throws Exception {
        pythonProject();
        packPython();
        assertEquals(new TreeSet<>(PYTHON_ENTRIES), names(out()));
        assertTrue(progress.contains("no packages in requirements.txt: nothing to install"), progress.toString());
    }

    /**
     * kill -9 skips every cleanup: the staging folder and the part of the zip a killed run left are removed by the next
     * run, once their process is gone and they are an hour old; a live run's, or a fresh one's, are left alone.
     */
    @Test
    void whatAKilledRunLeftIsRemovedByTheNextRunAndNothingElse() throws Exception {
        pythonProject();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long dead = gone.pid();
        long alive = ProcessHandle.current().pid();
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Path lamb = Files.createDirectories(project().resolve(".lamb"));
        Path out = Files.createDirectories(out().getParent());
        Path killedStaging = Files.createDirectories(lamb.resolve("build-" + dead + "-123")).resolve("pkg/a.py");
        Files.createDirectories(killedStaging.getParent());
        Files.writeString(killedStaging, "x");
        Path killedPart = Files.writeString(out.resolve(".hello.zip." + dead + "-456.tmp"), "PK");
        Path liveStaging = Files.createDirectories(lamb.resolve("build-" + alive + "-789"));
        Path freshPart = Files.writeString(out.resolve(".hello.zip." + dead + "-999.tmp"), "PK");
        Path othersFile = Files.writeString(out.resolve(".hello.zip.notes.tmp"), "mine");
        for (Path p : List.of(killedStaging.getParent().getParent(), killedPart, liveStaging, othersFile)) {
            Files.setLastModifiedTime(p, old);
        }

        packPython();

        assertFalse(Files.exists(killedStaging.getParent().getParent()), "a killed run's staging folder");
        assertFalse(Files.exists(killedPart), "a killed run's part of the zip");
        assertTrue(Files.exists(liveStaging), "a live process's folder stays");
        assertTrue(Files.exists(freshPart), "a part younger than an hour stays");
        assertTrue(Files.exists(othersFile), "a file not named as lamb names its parts stays");
        try (var left = Files.list(lamb)) {
            assertEquals(List.of(liveStaging), left.toList(), "the run's own staging folder is gone");
        }
    }

    @Test
    void anOutputInsideTheProjectIsNeverPackagedIntoItself() throws Exception {
        pythonProject();
        Path inside = project().resolve("dist/hello.zip");
        PackageRequest request = new PackageRequest(project(), "python3.13", "handler.handler", null, inside);
        byte[] first = Files.readAllBytes(new Packager().pack(request, null).zip());
        assertArrayEquals(first, Files.readAllBytes(new Packager().pack(request, null).zip()));
        assertEquals(new TreeSet<>(PYTHON_ENTRIES), names(inside));
    }

    @Test
    void anOutputPathHoldingSomethingElseThanAZipIsNotOverwritten() throws Exception {
        pythonProject();
        String source = Files.readString(project().resolve("handler.py"));
        PackageRequest typo = new PackageRequest(project(), "python3.13", "handler.handler", null,
                project().resolve("handler.py"));
        LambException e = assertThrows(LambException.class, () -> new Packager().pack(typo, null));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("is not a zip"), e.getMessage());
        assertEquals(source, Files.readString(project().resolve("handler.py")));
    }

    @Test
    void aSymlinkOutOfTheProjectIsRefusedBeforeAnythingIsWritten() throws Exception {
        pythonProject();
        Path secret = Files.writeString(temp.resolve("id_rsa"), "private key");
        Path link = Files.createSymbolicLink(project().resolve("pkg/key.txt"), secret);
        LambException e = assertThrows(LambException.class, this::packPython);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(link.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(secret.toString()), e.getMessage());
        assertFalse(Files.exists(out()));
        assertFalse(Files.exists(project().resolve(".lamb/build")));

        write(".lambignore", "pkg/key.txt\n");
        packPython();
        assertFalse(names(out()).contains("pkg/key.txt"), "an ignored link is not followed, so not refused");
    }

    @Test
    void aSymlinkInsideTheProjectIsStoredAsWhatItPointsTo() throws Exception {
        pythonProject();
        Files.createSymbolicLink(project().resolve("alias.py"), Path.of("pkg/util.py"));
        Files.createSymbolicLink(project().resolve("lib"), Path.of("pkg"));
        packPython();
        Set<String> names = names(out());
        assertTrue(names.containsAll(Set.of("alias.py", "lib/util.py", "lib/__init__.py")), names.toString());
        assertEquals("def util(): return 1\n", content(out(), "alias.py"));
    }

    @Test
    void aSymlinkToAnIgnoredFileOrBackToItsOwnFolderIsRefused() throws Exception {
        pythonProject();
        Files.createSymbolicLink(project().resolve("settings.txt"), Path.of(".env"));
        LambException leak = assertThrows(LambException.class, this::packPython);
        assertEquals(ExitCode.USAGE, leak.exitCode());
        assertTrue(leak.getMessage().contains("settings.txt") && leak.getMessage().contains(".env"), leak.getMessage());
        Files.delete(project().resolve("settings.txt"));

        Files.createSymbolicLink(project().resolve("pkg/loop"), Path.of(".."));
        LambException loop = assertThrows(LambException.class, this::packPython);
        assertEquals(ExitCode.USAGE, loop.exitCode());
        assertTrue(loop.getMessage().contains("pkg/loop"), loop.getMessage());
    }

    @Test
    void aMissingHandlerFileIsAUsageErrorBeforeAnythingIsBuilt() throws Exception {
        pythonProject();
        LambException e = assertThrows(LambException.class, () -> pack("python3.13", "app.main"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("app.py") && e.getMessage().contains("'app.main'"), e.getMessage());
        assertFalse(Files.exists(project().resolve(".lamb")));
        assertFalse(Files.exists(out()));
    }

    @Test
    void anUnknownRuntimeNamesTheFamiliesLambKnows() throws Exception {
        pythonProject();
        LambException e = assertThrows(LambException.class, () -> pack("ruby3.3", "handler.handler"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        for (String family : List.of("ruby3.3", "Python", "Node.js", "Java", "python3.14", "nodejs24.x", "java25", "provided.al2023")) {
            assertTrue(e.getMessage().contains(family), e.getMessage());
        }
    }

    /** Issue 15 §6: a zip over Lambda's 50 MB direct upload limit is packaged, for deploy to send through S3. */
    @Test
    void aZipOver50MbIsPackagedForUploadThroughS3() throws Exception {
        pythonProject();
        Random random = new Random(1);
        byte[] noise = new byte[7_500_000];
        for (int i = 0; i < 7; i++) {
            random.nextBytes(noise);
            Files.write(project().resolve("noise" + i + ".bin"), noise);
        }
        packPython();
        assertTrue(Files.size(out()) > 52_428_800L, "over 50 MB");
    }

    /**
     * Issue 15 §6, the S3 deploy bench: a zip from 16 MiB on is hashed by openssl when PATH has it (the JVM's SHA-256 under
     * C1 took 2.6 s of a 120 MB deploy). The CodeSha256 is the same with it, without it, and with an openssl that answers
     * no digest: base64 of the zip's SHA-256, as Lambda's API reference defines CodeSha256.
     */
    @Test
    void aLargeZipsCodeSha256IsTheSameWithOpensslWithoutItAndWithOneThatFails() throws Exception {
        Path openssl = RequiredTools.require("openssl");
        pythonProject();
        byte[] noise = new byte[(int) Packager.HASHED_BY_OPENSSL_FROM];
        new Random(2).nextBytes(noise);
        Files.write(project().resolve("noise.bin"), noise);
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path broken = Files.createDirectories(temp.resolve("broken-bin"));
        Path used = temp.resolve("openssl-ran");
        Files.writeString(bin.resolve("openssl"), "#!/bin/sh\n: > '" + used + "'\nexec '" + openssl + "' \"$@\"\n");
        Files.setPosixFilePermissions(bin.resolve("openssl"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(broken.resolve("openssl"), "#!/bin/sh\necho 'openssl.cnf: no such file'\n");
        Files.setPosixFilePermissions(broken.resolve("openssl"), PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> hashes = new ArrayList<>();
        for (Path path : List.of(bin, broken, temp.resolve("empty"))) {
            PackageResult result = new Packager(new Tools(path.toString()))
                    .pack(new PackageRequest(project(), "python3.13", "handler.handler", "x86_64", out()), progress::add);
            assertTrue(result.sizeBytes() >= Packager.HASHED_BY_OPENSSL_FROM, "large enough: " + result.sizeBytes());
            hashes.add(result.codeSha256());
        }
        String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out())));
        assertEquals(List.of(expected, expected, expected), hashes);
        assertTrue(Files.exists(used), "openssl hashed the large zip");
    }

    @Test
    void unzippedOver250MbIsRefusedBeforeZipping() throws Exception {
        pythonProject();
        for (String name : List.of("model-a.bin", "model-b.bin")) {
            try (RandomAccessFile sparse = new RandomAccessFile(project().resolve(name).toFile(), "rw")) {
                sparse.setLength(131_072_000L); // two make exactly 250 MB; the project's own files tip it over
            }
        }
        LambException e = assertThrows(LambException.class, this::packPython);
        assertEquals(ExitCode.THROTTLED, e.exitCode());
        assertTrue(e.getMessage().startsWith("the function unzips to 250.0 MB (262,144,"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 250 MB (262,144,000 bytes) unzipped"), e.getMessage());
        assertFalse(Files.exists(out()));
        assertTrue(progress.stream().noneMatch(line -> line.startsWith("zipping")), "refused before zipping");
    }

    @Test
    void pythonWithoutRequirementsNeedsNoPython() throws Exception {
        pythonProject();
        Files.delete(project().resolve("requirements.txt"));
        PackageResult result = packWithoutTools("python3.12", "handler.handler");
        assertEquals(PYTHON_ENTRIES.size() - 1, result.entries());
    }

    @Test
    void pipInstallsARealDependencyReproducibly() throws Exception {
        RequiredTools.require("python3");
        pythonProject();
        write("requirements.txt", "six  # tiny, pure Python\n");
        PackageResult first = packPython();
        assertTrue(progress.contains("installing Python dependencies (pip)…"), progress.toString());
        Set<String> names = names(out());
        assertTrue(names.containsAll(PYTHON_ENTRIES), names.toString());
        assertTrue(names.contains("six.py"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.matches("six-[0-9.]+\\.dist-info/METADATA")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.endsWith(".pyc")), "pip was told not to compile");
        byte[] bytes = Files.readAllBytes(out());
        assertArrayEquals(bytes, Files.readAllBytes(packPython().zip()));
        assertEquals(first.entries(), names.size());
    }

    @Test
    void aPipFailureIsOneLineWithPipsOwnWords() throws Exception {
        RequiredTools.require("python3");
        pythonProject();
        write("requirements.txt", "lamb-surely-no-such-package-4711\n");
        LambException e = assertThrows(LambException.class, this::packPython);
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("pip install -r requirements.txt failed (exit 1): "), e.getMessage());
        assertTrue(e.getMessage().contains("No matching distribution found for lamb-surely-no-such-package-4711"), e.getMessage());
        assertTrue(e.getMessage().contains("manylinux2014_x86_64, CPython 3.13"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(out()));
    }

    @Test
    void nodeWithoutDependenciesRunsNoNpmAndLeavesLocalNodeModulesOut() throws Exception {
        write("handler.mjs", "export const handler = async () => ({ statusCode: 200 });\n");
        write("package.json", "{\"name\": \"hello\", \"type\": \"module\", \"devDependencies\": {\"eslint\": \"9\"}}\n");
        write("test/handler.test.mjs", "// tests\n");
        write("node_modules/eslint/index.js", "// a dev dependency from npm install\n");
        write("lib/format.js", "export const f = 1;\n");
        PackageResult result = packWithoutTools("nodejs22.x", "handler.handler");
        assertEquals(Set.of("handler.mjs", "lib/format.js", "package.json"), names(result.zip()));
        assertTrue(progress.contains("no dependencies in package.json: nothing to install"), progress.toString());
    }

    @Test
    void npmInstallsProductionDependenciesOnlyAndUsesTheLockFileWhenThereIsOne() throws Exception {
        Path npm = RequiredTools.require("npm");
        write("handler.mjs", "import isNumber from 'is-number';\nexport const handler = async () => isNumber(1);\n");
        write("package.json", "{\"name\": \"hello\", \"version\": \"1.0.0\", \"dependencies\": {\"is-number\": \"7.0.0\"},"
                + " \"devDependencies\": {\"left-pad\": \"1.3.0\"}}\n");
        write("node_modules/left-pad/index.js", "// installed locally for development\n");
        pack("nodejs22.x", "handler.handler");
        assertTrue(progress.contains("installing Node dependencies (npm install)…"), progress.toString());
        Set<String> names = names(out());
        assertTrue(names.containsAll(Set.of("handler.mjs", "package.json", "node_modules/is-number/index.js",
                "node_modules/is-number/package.json")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("left-pad")), names.toString());

        Command lock = Command.run(project(), npm.toString(), "install", "--package-lock-only", "--no-audit", "--no-fund");
        assertEquals(0, lock.exitCode(), lock.output());
        progress.clear();
        PackageResult locked = pack("nodejs22.x", "handler.handler");
        assertTrue(progress.contains("installing Node dependencies (npm ci)…"), progress.toString());
        assertTrue(names(out()).containsAll(Set.of("package-lock.json", "node_modules/is-number/index.js")));
        assertEquals(locked.codeSha256(), pack("nodejs22.x", "handler.handler").codeSha256());
    }

    @Test
    void goMissingSaysWhichToolAndHowToInstallIt() throws Exception {
        write("go.mod", "module example.com/hello\n\ngo 1.19\n");
        write("main.go", "package main\n\nfunc main() {}\n");
        LambException e = assertThrows(LambException.class, () -> packWithoutTools("provided.al2023", "bootstrap"));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("go is not on PATH, and runtime provided.al2023 needs it to build bootstrap: install Go 1.22+ "
                + "(apt-get install golang-go, or your platform's Go package) and retry", e.getMessage());
    }

    @Test
    void goBuildsAnExecutableBootstrapReproducibly() throws Exception {
        Path zipinfo = RequiredTools.require("zipinfo");
        RequiredTools.require("go");
        write("go.mod", "module example.com/hello\n\ngo 1.19\n");
        write("main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n");
        write("main_test.go", "package main\n");
        PackageResult first = pack("provided.al2023", "bootstrap");
        assertEquals(Set.of("bootstrap"), names(out()));
        try (ZipFile zip = new ZipFile(out().toFile())) {
            byte[] magic = zip.getInputStream(zip.getEntry("bootstrap")).readNBytes(4);
            assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, magic, "a Linux executable");
        }
        Command listing = Command.run(temp, zipinfo.toString(), out().toString());
        assertTrue(listing.output().lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" bootstrap")), listing.output());
        assertEquals(first.codeSha256(), pack("provided.al2023", "bootstrap").codeSha256());
    }

    @Test
    void javaRepacksTheShadedJarsEntriesReproducibly() throws Exception {
        RequiredTools.require("mvn");
        write("pom.xml", """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>hello</artifactId>
                  <version>1.0.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <build>
                    <finalName>function</finalName>
                    <plugins>
                      <plugin><groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                      <plugin><groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                      <plugin><groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-shade-plugin</artifactId>
                        <version>3.6.0</version>
                        <configuration><createDependencyReducedPom>false</createDependencyReducedPom></configuration>
                        <executions><execution><phase>package</phase><goals><goal>shade</goal></goals></execution></executions>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """);
        write("src/main/java/example/Handler.java", "package example;\n\npublic class Handler {\n"
                + "    public String handleRequest(Object event) { return \"hello\"; }\n}\n");
        PackageResult first = pack("java21", "example.Handler::handleRequest");
        Set<String> names = names(out());
        assertTrue(names.contains("example/Handler.class"), names.toString());
        assertTrue(names.contains("META-INF/MANIFEST.MF"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.endsWith("/") || n.endsWith(".jar") || n.endsWith(".java")), names.toString());
        assertTrue(Files.exists(project().resolve("target/original-function.jar")), "shade ran");
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("building with Maven (mvn -B -q -DskipTests package)")), progress.toString());

        // A second build rewrites the jar with new timestamps; the zip does not change.
        assertEquals(first.codeSha256(), pack("java21", "example.Handler::handleRequest").codeSha256());
    }
}
