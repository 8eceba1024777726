package dev.lamb.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.RequiredTools;

/**
 * The .lambignore matcher against a table of cases, and the same table against real git: for every
 * path of every case (and each folder above it), {@code git check-ignore} must agree with the matcher.
 */
class IgnoreRulesIT {

    /** Patterns, then paths they must exclude and paths they must keep; a trailing '/' marks a folder. */
    record Case(String name, List<String> patterns, List<String> ignored, List<String> kept) {}

    static final List<Case> CASES = List.of(
            new Case("comments and blank lines; \\# is a literal hash",
                    List.of("# a comment", "", "   ", "\\#hash"),
                    List.of("#hash"),
                    List.of("# a comment", "a comment", "hash")),
            new Case("negation re-includes a file",
                    List.of("*.log", "!keep.log"),
                    List.of("a.log", "sub/b.log"),
                    List.of("keep.log", "sub/keep.log", "a.txt")),
            new Case("the last matching line wins",
                    List.of("!important.txt", "*.txt", "!*.md", "*.md", "!readme.md"),
                    List.of("important.txt", "notes.md"),
                    List.of("readme.md", "x.py")),
            new Case("a leading slash anchors to the root",
                    List.of("/root.txt", "/build/"),
                    List.of("root.txt", "build/out.o"),
                    List.of("sub/root.txt", "sub/build/out.o")),
            new Case("a slash in the middle anchors too",
                    List.of("doc/frotz", "a/*/c", "x?y/z"),
                    List.of("doc/frotz", "a/b/c", "xay/z"),
                    List.of("x/doc/frotz", "a/b/d/c", "a/c", "x/y/z")),
            new Case("a trailing slash matches folders only",
                    List.of("logs/", "*.d/"),
                    List.of("logs/today.txt", "deep/logs/x", "conf.d/a"),
                    List.of("other/logs", "file.d")),
            new Case("no slash: a name at any depth",
                    List.of("secret.json", "cache"),
                    List.of("secret.json", "a/b/c/secret.json", "cache/x", "a/cache"),
                    List.of("secret.json.bak", "a/secret.jsonx", "cachex")),
            new Case("star and question mark stop at slashes",
                    List.of("?.txt", "src/*.gen"),
                    List.of("a.txt", "z/b.txt", "src/x.gen"),
                    List.of("ab.txt", ".txt", "src/deep/y.gen")),
            new Case("double star: leading, trailing, middle",
                    List.of("**/foo", "abc/**", "a/**/b"),
                    List.of("foo", "x/foo", "x/y/foo", "abc/x", "abc/y/z", "a/b", "a/x/b", "a/x/y/b"),
                    List.of("foox", "abc/", "a/bx", "xa/b")),
            new Case("a star run that is not between slashes is a plain star",
                    List.of("foo**bar", "x**/y"),
                    List.of("foobar", "fooXbar", "x/y", "xz/y"),
                    List.of("foo/bar", "q/x/y")),
            new Case("bracket sets, ranges, negated sets and classes",
                    List.of("file[0-2].txt", "[!a]*.md", "[[:digit:]]x", "[^q]only", "[]]z"),
                    List.of("file0.txt", "file2.txt", "b.md", "sub/c.md", "7x", "ponly", "]z"),
                    List.of("file3.txt", "a.md", "ax", "qonly", "z")),
            new Case("a file under an excluded folder cannot come back",
                    List.of("build/", "!build/keep.txt"),
                    List.of("build/keep.txt", "build/x"),
                    List.of("keep.txt")),
            new Case("but excluding a folder's contents leaves room for exceptions",
                    List.of("build/*", "!build/keep.txt"),
                    List.of("build/x", "build/sub/y"),
                    List.of("build/keep.txt")),
            new Case("star then negation: folders stay excluded",
                    List.of("*", "!*.py", "!src/"),
                    List.of("a.txt", "lib/x.py", "src/readme"),
                    List.of("main.py", "src/app.py")),
            new Case("trailing spaces are dropped unless escaped; escaped '!' is literal",
                    List.of("trail.txt   ", "space\\ ", "\\!bang"),
                    List.of("trail.txt", "space ", "!bang"),
                    List.of("trail.txt ", "space", "bang")),
            new Case("matching is case-sensitive and byte-wise on UTF-8",
                    List.of("README.md", "café/", "naïve*.py"),
                    List.of("README.md", "café/menu.txt", "naïve_bayes.py"),
                    List.of("readme.md", "cafe/menu.txt", "naive.py")),
            new Case("dotfiles need no special treatment",
                    List.of(".env", ".env.*", "!.env.example"),
                    List.of(".env", "sub/.env", ".env.local"),
                    List.of(".env.example", "env", ".envrc")));

    @TestFactory
    Stream<DynamicTest> matcherAgreesWithTheTable() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            IgnoreRules rules = IgnoreRules.of(c.patterns());
            for (String path : c.ignored()) {
                assertTrue(excluded(rules, path), () -> c.name() + ": expected " + path + " to be ignored");
            }
            for (String path : c.kept()) {
                assertFalse(excluded(rules, path), () -> c.name() + ": expected " + path + " to be kept");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> matcherAgreesWithGitCheckIgnore(@TempDir Path temp) {
        Path git = RequiredTools.require("git");
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path repo = Files.createTempDirectory(temp, "repo");
            run(repo, git.toString(), "init", "-q");
            Files.writeString(repo.resolve(".gitignore"), String.join("\n", c.patterns()) + "\n");
            Set<String> paths = new TreeSet<>();
            for (String entry : concat(c.ignored(), c.kept())) {
                String path = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
                Path file = repo.resolve(path);
                if (entry.endsWith("/")) {
                    Files.createDirectories(file);
                    Files.writeString(file.resolve("inside"), "x"); // git does not see empty folders
                } else {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, "x");
                }
                paths.add(path);
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    paths.add(path.substring(0, slash));
                }
            }
            Set<String> gitIgnored = gitCheckIgnore(git, repo, paths);
            IgnoreRules rules = IgnoreRules.of(c.patterns());
            for (String path : paths) {
                boolean directory = Files.isDirectory(repo.resolve(path));
                assertEquals(gitIgnored.contains(path), rules.isExcluded(path, directory),
                        () -> c.name() + ": git and lamb disagree on " + path + (directory ? "/" : ""));
            }
        }));
    }

    @Test
    void isIgnoredLooksAtThePathAloneWhileIsExcludedLooksAtItsFolders() {
        IgnoreRules rules = IgnoreRules.of(List.of("build/", "!build/keep.txt"));
        assertFalse(rules.isIgnored("build/keep.txt", false));
        assertTrue(rules.isExcluded("build/keep.txt", false));
        assertTrue(rules.isIgnored("build", true));
        assertFalse(rules.isIgnored("build", false));
    }

    @Test
    void defaultsKeepSecretsToolingAndTestsOut() {
        IgnoreRules rules = IgnoreRules.of(IgnoreRules.DEFAULTS);
        for (String path : List.of(".git/HEAD", ".hg/store", ".svn/entries", ".env", "config/.env", ".env.prod",
                ".aws/credentials", ".npmrc", ".lamb/build/x", "pkg/__pycache__/m.cpython-313.pyc", "m.pyc",
                ".DS_Store", "tests/test_handler.py", "test/handler.test.mjs", "events/hello.json", "lamb.toml",
                ".lambignore", ".gitignore", "node_modules/left-pad/index.js")) {
            assertTrue(rules.isExcluded(path, false), path);
        }
        for (String path : List.of("handler.py", "handler.mjs", "package.json", "requirements.txt", "pkg/mod.py",
                "environment.py", "testing.py", "README.md")) {
            assertFalse(rules.isExcluded(path, false), path);
        }
    }

    @Test
    void aProjectCanReincludeADefaultWhereGitWouldAllowIt() {
        IgnoreRules rules = IgnoreRules.of(IgnoreRules.DEFAULTS)
                .followedBy(IgnoreRules.parse("!events/\n!.gitignore\n!tests/fixture.json\n"));
        assertFalse(rules.isExcluded("events/hello.json", false));
        assertFalse(rules.isExcluded(".gitignore", false));
        assertTrue(rules.isExcluded("tests/fixture.json", false), "tests/ stays excluded, so its files do too");
    }

    @Test
    void parsesCrlfAndAByteOrderMark() {
        IgnoreRules rules = IgnoreRules.parse("\uFEFF*.log\r\n!keep.log\r\n");
        assertTrue(rules.isExcluded("a.log", false));
        assertFalse(rules.isExcluded("keep.log", false));
    }

    private static boolean excluded(IgnoreRules rules, String path) {
        boolean directory = path.endsWith("/");
        return rules.isExcluded(directory ? path.substring(0, path.length() - 1) : path, directory);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<String> gitCheckIgnore(Path git, Path repo, Set<String> paths) throws Exception {
        Process process = new ProcessBuilder(git.toString(), "-c", "core.excludesFile=/dev/null",
                "-c", "core.ignoreCase=false", "-c", "core.quotePath=false", "check-ignore", "--stdin", "-z")
                .directory(repo.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = process.getOutputStream()) {
            for (String path : paths) {
                in.write(path.getBytes(StandardCharsets.UTF_8));
                in.write(0);
            }
        }
        byte[] out = readAll(process.getInputStream());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        // check-ignore exits 1 when nothing is ignored, 0 when something is, 128 on error.
        assertTrue(process.exitValue() <= 1, "git check-ignore failed");
        return Arrays.stream(new String(out, StandardCharsets.UTF_8).split("\0"))
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        assertEquals(0, process.waitFor());
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
