package dev.lamb.scaffold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The init templates packed into lamb's jar from the repository's templates/ folder: the files of
 * templates/common, then those of templates/RUNTIME on top.
 */
final class TemplateCatalog {
    private TemplateCatalog() {}

    /** Relative path (with '/') to file contents, sorted, for one runtime's project. */
    static Map<String, byte[]> filesFor(FunctionRuntime runtime) {
        Map<String, byte[]> files = new TreeMap<>();
        files.putAll(folder("common"));
        files.putAll(folder(runtime.id()));
        return files;
    }

    private static Map<String, byte[]> folder(String name) {
        URL url = TemplateCatalog.class.getResource("/templates/" + name);
        if (url == null) {
            throw new IllegalStateException("lamb's jar lacks templates/" + name + ": rebuild lamb");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem jar = openJar(uri);
                return read(jar.getPath("/templates/" + name));
            }
            return read(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileSystem openJar(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            return FileSystems.getFileSystem(uri);
        }
    }

    private static Map<String, byte[]> read(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
