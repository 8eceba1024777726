package dev.lamb.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.lamb.LambException;

/**
 * Java: Maven builds the project (through its wrapper when it has one) and its shade plugin makes one
 * jar with the dependencies; the jar's entries, not the jar itself, go into the zip. Lambda puts the
 * zip's root on the classpath, and re-packing drops the jar's own timestamps, so the zip stays
 * byte-for-byte reproducible even when the jar is not.
 */
final class JavaBuilder implements RuntimeBuilder {
    private final String runtime;

    JavaBuilder(String runtime) {
        this.runtime = runtime;
    }

    /** "example.Handler::handleRequest" needs src/main/java/example/Handler.java. */
    @Override
    public void checkHandler(Path project, String handler) {
        if (!Files.isRegularFile(project.resolve("pom.xml"))) {
            throw LambException.usage("no pom.xml in " + project + ": lamb builds Java functions with Maven");
        }
        int colons = handler.indexOf("::");
        String className = (colons >= 0 ? handler.substring(0, colons) : handler).trim();
        int nested = className.indexOf('$');
        String topLevel = nested >= 0 ? className.substring(0, nested) : className;
        if (topLevel.isEmpty() || topLevel.startsWith(".") || topLevel.endsWith(".")) {
            throw LambException.usage("handler '" + handler + "' is not package.Class::method: for example "
                    + "example.Handler::handleRequest");
        }
        String file = "src/main/java/" + topLevel.replace('.', '/') + ".java";
        if (!Files.isRegularFile(project.resolve(file))) {
            throw RuntimeBuilder.missingHandler(handler, file, project);
        }
    }

    @Override
    public List<String> ignores() {
        return List.of("target/");
    }

    @Override
    public List<ZipSource> build(BuildContext context) {
        Path project = context.project();
        List<String> command = new ArrayList<>(maven(context));
        String tool = Path.of(command.get(command.size() - 1)).getFileName().toString();
        command.addAll(List.of("-B", "-q", "-DskipTests", "package"));
        context.progress("building with Maven (" + tool + " -B -q -DskipTests package)…");
        context.tools().run(command, project, Map.of()).requireSuccess("mvn package");
        Path jar = shadedJar(project.resolve("target"));
        context.progress("repacking " + project.relativize(jar));
        try {
            ZipFile zip = context.keepOpen(new ZipFile(jar.toFile()));
            List<ZipSource> entries = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (ZipEntry entry : zip.stream().toList()) {
                if (entry.isDirectory() || !seen.add(entry.getName())) {
                    continue; // a duplicate name: the class loader would only ever see the first
                }
                String name = entry.getName();
                if (name.startsWith("/") || name.contains("\\") || ("/" + name + "/").contains("/../")
                        || name.contains("//")) {
                    throw LambException.failed(jar + " holds an entry with an unsafe name: " + name);
                }
                entries.add(new ZipSource(name, entry.getSize(), false, () -> zip.getInputStream(entry)));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> maven(BuildContext context) {
        Path wrapper = context.project().resolve("mvnw");
        if (Files.isRegularFile(wrapper)) {
            return Files.isExecutable(wrapper) ? List.of(wrapper.toString()) : List.of("sh", wrapper.toString());
        }
        return List.of(context.tools().require("mvn", runtime, "build the project",
                "install Maven 3.8+ (apt-get install maven) or add the Maven wrapper (mvnw) to the project").toString());
    }

    /** The newest jar in target/ that is not shade's "original-" copy, sources or javadoc. */
    static Path shadedJar(Path target) {
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files
                    .filter(f -> {
                        String name = f.getFileName().toString();
                        return name.endsWith(".jar") && !name.startsWith("original-") && !name.endsWith("-sources.jar")
                                && !name.endsWith("-javadoc.jar") && !name.endsWith("-tests.jar");
                    })
                    .max(Comparator.comparing(JavaBuilder::modified).thenComparing(Path::toString))
                    .orElseThrow(() -> LambException.failed("Maven built no jar in " + target
                            + ": the project needs the maven-shade-plugin bound to package, as lamb init's "
                            + "Java template has"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
