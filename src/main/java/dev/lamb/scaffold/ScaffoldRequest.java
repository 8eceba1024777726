package dev.lamb.scaffold;

import java.nio.file.Path;

import dev.lamb.config.Architecture;

/** What `lamb init` was asked for, after prompts and defaults. */
public record ScaffoldRequest(String name, FunctionRuntime runtime, Architecture architecture, Path dir, boolean force) {}
