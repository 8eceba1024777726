package dev.lamb.build;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.Architecture;

/** Runtime identifiers to builders, and handler strings to the files they need, as Lambda reads them. */
class RuntimeBuilderTest {
    @TempDir
    Path project;

    private void touch(String path) throws IOException {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
    }

    private void assertMissing(RuntimeBuilder builder, String handler, String file) {
        LambException e = assertThrows(LambException.class, () -> builder.checkHandler(project, handler));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(file), e.getMessage());
        assertTrue(e.getMessage().contains("'" + handler + "'"), e.getMessage());
    }

    @Test
    void runtimeIdentifiersChooseTheirFamily() {
        assertInstanceOf(PythonBuilder.class, RuntimeBuilder.forRuntime("python3.13"));
        assertInstanceOf(PythonBuilder.class, RuntimeBuilder.forRuntime("python3.9"));
        assertInstanceOf(NodeBuilder.class, RuntimeBuilder.forRuntime("nodejs22.x"));
        assertInstanceOf(JavaBuilder.class, RuntimeBuilder.forRuntime("java21"));
        assertInstanceOf(JavaBuilder.class, RuntimeBuilder.forRuntime("java17"));
        assertInstanceOf(GoBuilder.class, RuntimeBuilder.forRuntime("provided.al2023"));
        assertInstanceOf(GoBuilder.class, RuntimeBuilder.forRuntime("provided.al2"));
        for (String unknown : new String[] {"python", "python2.7", "nodejs", "ruby3.3", "dotnet8", "", null}) {
            LambException e = assertThrows(LambException.class, () -> RuntimeBuilder.forRuntime(unknown));
            assertEquals(ExitCode.USAGE, e.exitCode());
        }
    }

    @Test
    void architecturesAreLambdasTwoSpellings() {
        assertEquals(Architecture.X86_64, Architecture.parse(null));
        assertEquals(Architecture.ARM64, Architecture.parse("arm64"));
        assertEquals("manylinux2014_aarch64", Architecture.ARM64.pipPlatform());
        assertEquals("amd64", Architecture.X86_64.goArch());
        assertEquals(ExitCode.USAGE, assertThrows(LambException.class, () -> Architecture.parse("aarch64")).exitCode());
    }

    @Test
    void pythonHandlersNameAModuleFile() throws IOException {
        RuntimeBuilder python = RuntimeBuilder.forRuntime("python3.13");
        assertMissing(python, "handler.handler", "handler.py");
        touch("handler.py");
        assertDoesNotThrow(() -> python.checkHandler(project, "handler.handler"));
        assertMissing(python, "pkg.mod.fn", "pkg/mod.py");
        touch("pkg/mod.py");
        assertDoesNotThrow(() -> python.checkHandler(project, "pkg.mod.fn"));
        assertDoesNotThrow(() -> python.checkHandler(project, "pkg/mod.fn"));
        touch("app/__init__.py");
        assertDoesNotThrow(() -> python.checkHandler(project, "app.fn"));
        assertEquals(ExitCode.USAGE, assertThrows(LambException.class, () -> python.checkHandler(project, "handler")).exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(LambException.class, () -> python.checkHandler(project, "handler.")).exitCode());
    }

    @Test
    void nodeHandlersNameAModuleWithAnyOfThreeExtensions() throws IOException {
        RuntimeBuilder node = RuntimeBuilder.forRuntime("nodejs22.x");
        assertMissing(node, "handler.handler", "handler.mjs (or .js, .cjs)");
        touch("handler.js");
        assertDoesNotThrow(() -> node.checkHandler(project, "handler.handler"));
        touch("src/app.cjs");
        assertDoesNotThrow(() -> node.checkHandler(project, "src/app.main"));
        assertDoesNotThrow(() -> node.checkHandler(project, "src/app.nested.fn"));
        assertMissing(node, "src/other.main", "src/other.mjs");
    }

    @Test
    void javaHandlersNameAClassUnderSrcMainJava() throws IOException {
        RuntimeBuilder java = RuntimeBuilder.forRuntime("java21");
        LambException noPom = assertThrows(LambException.class, () -> java.checkHandler(project, "example.Handler"));
        assertTrue(noPom.getMessage().contains("pom.xml"), noPom.getMessage());
        touch("pom.xml");
        assertMissing(java, "example.Handler::handleRequest", "src/main/java/example/Handler.java");
        touch("src/main/java/example/Handler.java");
        assertDoesNotThrow(() -> java.checkHandler(project, "example.Handler::handleRequest"));
        assertDoesNotThrow(() -> java.checkHandler(project, "example.Handler"));
        assertDoesNotThrow(() -> java.checkHandler(project, "example.Handler$Inner::handle"));
        assertTrue(java.ignores().contains("target/"));
    }

    @Test
    void goNeedsAModuleWithAMainPackage() throws IOException {
        RuntimeBuilder go = RuntimeBuilder.forRuntime("provided.al2023");
        assertMissing(go, "bootstrap", "go.mod");
        touch("go.mod");
        assertMissing(go, "bootstrap", "main.go");
        touch("main.go");
        assertDoesNotThrow(() -> go.checkHandler(project, "bootstrap"));
    }

    @Test
    void requirementsCountOnlyRealLines() throws IOException {
        Path requirements = project.resolve("requirements.txt");
        assertFalse(PythonBuilder.listsPackages(requirements), "no file");
        Files.writeString(requirements, "# comment\n\n   \n  # indented comment\n");
        assertFalse(PythonBuilder.listsPackages(requirements));
        Files.writeString(requirements, "# comment\nrequests==2.32.3  # pinned\n");
        assertTrue(PythonBuilder.listsPackages(requirements));
        Files.writeString(requirements, "-r base.txt\n");
        assertTrue(PythonBuilder.listsPackages(requirements));
    }
}
