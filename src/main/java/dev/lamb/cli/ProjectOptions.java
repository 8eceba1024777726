package dev.lamb.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

import dev.lamb.build.PackageRequest;
import dev.lamb.build.PackageResult;
import dev.lamb.build.Packager;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import picocli.CommandLine.Option;

/**
 * The project a command works on: the nearest folder from --dir (or the current one) up that holds
 * lamb.toml, as git finds .git, and that lamb.toml.
 */
final class ProjectOptions {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
            description = "Start here to find the project: this folder or the nearest above it with lamb.toml "
                    + "(default: the current one).")
    Path dir;

    /** The project's lamb.toml; its dir() is the project folder, which may lie above --dir. */
    ProjectConfig load() {
        return ProjectConfigLoader.load(dir);
    }

    /**
     * The project when --dir (or the current folder) lies in one, found as {@link #load()} finds it; empty when no folder
     * from there up holds lamb.toml, for commands that work outside a project too.
     */
    Optional<ProjectConfig> loadIfAny() {
        return ProjectConfigLoader.find(dir).map(found -> load());
    }

    /** The deployment zip, built as `lamb package` builds it, at .lamb/NAME.zip: what deploy uploads. */
    PackageResult pack(ProjectConfig config, Consumer<String> progress) {
        return new Packager().pack(PackageRequest.of(config), progress);
    }

    PackageResult pack(ProjectConfig config, Path zip, Consumer<String> progress) {
        return new Packager().pack(PackageRequest.of(config, zip), progress);
    }
}
