package dev.lamb.cli;

import java.nio.file.Path;
import java.util.function.Consumer;

import dev.lamb.build.PackageRequest;
import dev.lamb.build.PackageResult;
import dev.lamb.build.Packager;

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

    /** The deployment zip, built as `lamb package` builds it, at .lamb/NAME.zip: what deploy uploads. */
    PackageResult pack(ProjectConfig config, Consumer<String> progress) {
        return pack(config, dir.resolve(".lamb").resolve(config.function().name() + ".zip"), progress);
    }

    PackageResult pack(ProjectConfig config, Path zip, Consumer<String> progress) {
        ProjectConfig.Function fn = config.function();
        return new Packager().pack(new PackageRequest(dir, fn.runtime(), fn.handler(), fn.architecture(), zip), progress);
    }
}
