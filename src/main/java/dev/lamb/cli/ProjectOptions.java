package dev.lamb.cli;

import java.nio.file.Path;

import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import picocli.CommandLine.Option;

/** The project a command works on: its folder, and the lamb.toml in it. */
final class ProjectOptions {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Project folder (default: the current one).")
    Path dir;

    ProjectConfig load() {
        return ProjectConfigLoader.load(dir);
    }
}
