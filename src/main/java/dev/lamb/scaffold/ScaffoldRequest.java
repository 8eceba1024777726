package dev.lamb.scaffold;

import java.nio.file.Path;

/** What `lamb init` was asked for, after prompts and defaults. */
public record ScaffoldRequest(String name, FunctionRuntime runtime, Architecture architecture, Path dir, boolean force) {}
