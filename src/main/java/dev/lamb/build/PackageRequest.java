package dev.lamb.build;

import java.nio.file.Path;

/**
 * What to package: the project folder, its Lambda runtime identifier (python3.13, nodejs22.x,
 * java21, provided.al2023, ...), the handler string Lambda will call, the instruction set
 * (x86_64 or arm64; null means x86_64) and where to write the zip.
 */
public record PackageRequest(Path projectDir, String runtime, String handler, String architecture, Path output) {}
