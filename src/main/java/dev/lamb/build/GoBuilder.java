package dev.lamb.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.lamb.LambException;

/**
 * Go on the provided runtimes: one static binary named bootstrap, cross-compiled for Lambda's
 * Linux and architecture, is the whole zip.
 */
final class GoBuilder implements RuntimeBuilder {
    private final String runtime;

    GoBuilder(String runtime) {
        this.runtime = runtime;
    }

    /** The handler string means nothing to a provided runtime; what must exist is the main package. */
    @Override
    public void checkHandler(Path project, String handler) {
        if (!Files.isRegularFile(project.resolve("go.mod"))) {
            throw RuntimeBuilder.missingHandler(handler, "go.mod", project);
        }
        try (Stream<Path> files = Files.list(project)) {
            if (files.noneMatch(f -> f.getFileName().toString().endsWith(".go") && Files.isRegularFile(f))) {
                throw RuntimeBuilder.missingHandler(handler, "main.go (package main)", project);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Without go.sum, go build stops with a cryptic "missing go.sum entry"; say what to run instead. */
    private static void requireModuleSums(Path project) {
        try {
            boolean requires = Files.readString(project.resolve("go.mod")).contains("require");
            if (requires && !Files.exists(project.resolve("go.sum"))) {
                throw LambException.failed("go.sum is missing: run 'go mod tidy' in " + project
                        + " once (it downloads the modules go.mod requires, such as aws-lambda-go), then package again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<ZipSource> build(BuildContext context) {
        Path go = context.tools().require("go", runtime, "build bootstrap",
                "install Go 1.22+ (apt-get install golang-go, or your platform's Go package)");
        requireModuleSums(context.project());
        Path bootstrap = context.staging().resolve("bootstrap");
        String goArch = context.architecture().goArch();
        context.progress("building bootstrap with Go (GOOS=linux GOARCH=" + goArch + ")…");
        context.tools().run(List.of(go.toString(), "build", "-trimpath",
                        // Without this, Go stamps the git commit and a dirty flag into the binary.
                        "-buildvcs=false",
                        "-ldflags=-s -w", "-tags", "lambda.norpc", "-o", bootstrap.toString(), "."),
                context.project(), Map.of("GOOS", "linux", "GOARCH", goArch, "CGO_ENABLED", "0"))
                .requireSuccess("go build");
        try {
            return List.of(ZipSource.file("bootstrap", bootstrap, Files.size(bootstrap), true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
