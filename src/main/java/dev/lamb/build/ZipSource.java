package dev.lamb.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file of the deployment zip: its name in the zip ('/'-separated, relative), its size, whether
 * it is executable (stored as 0755, else 0644), and where its bytes come from.
 */
record ZipSource(String name, long size, boolean executable, Content content) {

    /** Opens the bytes; may be called more than once, and from several threads. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    static ZipSource file(String name, Path file, long size, boolean executable) {
        return new ZipSource(name, size, executable, () -> Files.newInputStream(file));
    }
}
