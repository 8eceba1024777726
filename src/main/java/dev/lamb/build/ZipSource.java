package dev.lamb.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of the deployment zip: its name in the zip ('/'-separated, relative), its size when it
 * was listed, whether it is executable (stored as 0755, else 0644), where its bytes come from, and
 * whether its content is checked for private keys and credentials before it goes in.
 *
 * <p>The listed size only plans the work: the zip records the bytes actually read, since a file may
 * change between listing and reading (a log the running command writes to).
 */
record ZipSource(String name, long size, boolean executable, Content content, boolean screened) {

    ZipSource(String name, long size, boolean executable, Content content) {
        this(name, size, executable, content, false);
    }

    /** Opens the bytes; may be called more than once, and from several threads. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    static ZipSource file(String name, Path file, long size, boolean executable) {
        return new ZipSource(name, size, executable, () -> snapshot(file));
    }

    /** The same file, its content checked for secrets before it goes into the zip. */
    ZipSource screen() {
        return new ZipSource(name, size, executable, content, true);
    }

    /**
     * The file's bytes up to the length it had when opened, so reading a file that keeps growing
     * (`lamb deploy > deploy.log` in the project folder) still ends.
     */
    private static InputStream snapshot(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        long length;
        try {
            length = channel.size();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        InputStream in = Channels.newInputStream(channel);
        return new InputStream() {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                if (left <= 0) {
                    return count == 0 ? 0 : -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(count, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
