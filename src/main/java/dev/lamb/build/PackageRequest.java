package dev.lamb.build;

import java.nio.file.Path;

import dev.lamb.config.ProjectConfig;

/**
 * What to package: the project folder, its Lambda runtime identifier (python3.13, nodejs22.x,
 * java21, provided.al2023, ...), the handler string Lambda will call, the instruction set
 * (x86_64 or arm64; null means x86_64) and where to write the zip.
 */
public record PackageRequest(Path projectDir, String runtime, String handler, String architecture, Path output) {

    /** The project's function, zipped at {@code zip}. */
    public static PackageRequest of(ProjectConfig config, Path zip) {
        ProjectConfig.Function fn = config.function();
        return new PackageRequest(config.dir(), fn.runtime(), fn.handler(), fn.architecture(), zip);
    }

    /** The project's function, zipped at .lamb/NAME.zip: what deploy uploads. */
    public static PackageRequest of(ProjectConfig config) {
        return of(config, config.dir().resolve(".lamb").resolve(config.function().name() + ".zip"));
    }
}
