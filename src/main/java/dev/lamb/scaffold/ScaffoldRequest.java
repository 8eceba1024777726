package dev.lamb.scaffold;

import java.nio.file.Path;

import dev.lamb.config.Architecture;

/** What `lamb init` was asked for, after prompts and defaults: the template, and the Lambda runtime its lamb.toml names. */
public record ScaffoldRequest(String name, FunctionRuntime.Choice runtime, Architecture architecture, Path dir, boolean force) {}
