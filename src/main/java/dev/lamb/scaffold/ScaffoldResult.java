package dev.lamb.scaffold;

import java.nio.file.Path;
import java.util.List;

/** The project `lamb init` wrote: its folder and the files in it, relative and sorted. */
public record ScaffoldResult(String name, String runtime, String architecture, Path dir, List<String> files) {}
