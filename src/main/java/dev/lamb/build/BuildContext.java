package dev.lamb.build;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.lamb.config.Architecture;

/**
 * What a {@link RuntimeBuilder} works with: the project, its already collected and checked files,
 * a staging folder of its own, the tools, and somewhere to say what it is doing. Resources a builder
 * leaves open for the zip writer (a jar it repacks) are closed with the context.
 */
final class BuildContext implements AutoCloseable {
    private final Path project;
    private final Architecture architecture;
    private final Path staging;
    private final List<ZipSource> projectFiles;
    private final Tools tools;
    private final Consumer<String> progress;
    private final List<Closeable> resources = new ArrayList<>();

    BuildContext(Path project, Architecture architecture, Path staging,
                 List<ZipSource> projectFiles, Tools tools, Consumer<String> progress) {
        this.project = project;
        this.architecture = architecture;
        this.staging = staging;
        this.projectFiles = List.copyOf(projectFiles);
        this.tools = tools;
        this.progress = progress;
    }

    Path project() {
        return project;
    }

    Architecture architecture() {
        return architecture;
    }

    /** An empty folder under the project (.lamb/build) for installs and build output. */
    Path staging() {
        return staging;
    }

    /** The project's files after the ignore rules, symlinks already checked. */
    List<ZipSource> projectFiles() {
        return projectFiles;
    }

    Tools tools() {
        return tools;
    }

    void progress(String line) {
        progress.accept(line);
    }

    <T extends Closeable> T keepOpen(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * The project's files plus installed dependencies. Where both have a path, the project's file
     * wins: it is what the developer wrote and tested against, and the zip cannot hold both.
     */
    List<ZipSource> withDependencies(List<ZipSource> dependencies) {
        Set<String> own = new HashSet<>();
        projectFiles.forEach(file -> own.add(file.name()));
        List<ZipSource> all = new ArrayList<>(projectFiles);
        int shadowed = 0;
        for (ZipSource dependency : dependencies) {
            if (own.contains(dependency.name())) {
                shadowed++;
            } else {
                all.add(dependency);
            }
        }
        if (shadowed > 0) {
            progress(shadowed + " installed file(s) have the same path as a project file; packaging the project's");
        }
        return all;
    }

    @Override
    public void close() throws IOException {
        for (Closeable resource : resources) {
            resource.close();
        }
    }
}
