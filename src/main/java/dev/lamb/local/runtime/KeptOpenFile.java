package dev.lamb.local.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A /proc or cgroup file read on every invocation: opened on the first read and kept, each read from its start, for
 * which the kernel makes the file's text anew. Opening such a file cost more than reading it.
 */
final class KeptOpenFile implements AutoCloseable {
    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(4096);
    private FileChannel channel;
    private boolean closed;

    KeptOpenFile(Path file) {
        this.file = file;
    }

    /** The whole text, as {@code Files.readString} reads it; fails as it does when the file is gone. */
    synchronized String read() throws IOException {
        if (closed) {
            throw new IOException(file + ": closed");
        }
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        StringBuilder text = new StringBuilder();
        long at = 0;
        for (int n; (n = channel.read(buffer.clear(), at)) > 0; at += n) {
            text.append(new String(buffer.array(), 0, n, StandardCharsets.US_ASCII));
        }
        return text.toString();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Read only: nothing to lose.
            }
            channel = null;
        }
    }
}
