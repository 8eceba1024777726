package dev.lamb.build;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * The zip format's records as {@link DeterministicZip} writes them: local headers, the central directory and the end
 * records, every field fixed but the names, sizes, CRCs, methods and modes; and the buffered output they go to.
 */
final class ZipRecords {
    /** DOS date and time of 1980-01-01 00:00:00, the earliest a zip can say. */
    static final int DOS_DATE = (1 << 5) | 1;
    static final int DOS_TIME = 0;
    static final int MODE_FILE = 0100644;
    static final int MODE_EXECUTABLE = 0100755;

    static final int STORED = 0;
    static final int DEFLATED = 8;
    private static final int FLAG_UTF8 = 0x0800;
    private static final int MADE_BY_UNIX = (3 << 8) | 20;
    private static final int MADE_BY_UNIX_ZIP64 = (3 << 8) | 45;
    private static final long MAX_32 = 0xFFFFFFFFL;
    static final int MAX_16 = 0xFFFF;

    private ZipRecords() {}

    static void writeLocalHeader(ByteBuffer b, byte[] name, int flags, int method, long crc,
                                 long compressed, long size) {
        b.putInt(0x04034b50);
        putShared(b, name.length, flags, method, crc, compressed, size);
        b.putShort((short) 0);
        b.put(name);
    }

    /** The fields a local header and its central record share: from "version needed" to the name's length. */
    private static void putShared(ByteBuffer b, int nameLength, int flags, int method, long crc, long compressed, long size) {
        b.putShort((short) versionNeeded(method));
        b.putShort((short) flags);
        b.putShort((short) method);
        b.putShort((short) DOS_TIME);
        b.putShort((short) DOS_DATE);
        b.putInt((int) crc);
        b.putInt((int) checked32(compressed));
        b.putInt((int) checked32(size));
        b.putShort((short) nameLength);
    }

    static void writeCentralDirectory(CentralDirectory central, Output out) throws IOException {
        long start = out.position();
        out.write(central.bytes.array(), 0, central.bytes.position());
        long end = out.position();
        long size = end - start;
        int count = central.count;
        if (count > MAX_16) {
            ByteBuffer b = out.buffer(56 + 20);
            b.putInt(0x06064b50);
            b.putLong(44);
            b.putShort((short) MADE_BY_UNIX_ZIP64);
            b.putShort((short) 45);
            b.putInt(0);
            b.putInt(0);
            b.putLong(count);
            b.putLong(count);
            b.putLong(size);
            b.putLong(start);
            b.putInt(0x07064b50);
            b.putInt(0);
            b.putLong(end);
            b.putInt(1);
        }
        ByteBuffer b = out.buffer(22);
        b.putInt(0x06054b50);
        b.putShort((short) 0);
        b.putShort((short) 0);
        b.putShort((short) Math.min(count, MAX_16));
        b.putShort((short) Math.min(count, MAX_16));
        b.putInt((int) checked32(size));
        b.putInt((int) checked32(start));
        b.putShort((short) 0);
    }

    private static int versionNeeded(int method) {
        return method == DEFLATED ? 20 : 10;
    }

    static int flags(byte[] name) {
        for (byte b : name) {
            if (b < 0) {
                return FLAG_UTF8;
            }
        }
        return 0;
    }

    /** Lambda's limits keep every size and offset far below 4 GB, so entries never need zip64 fields. */
    private static long checked32(long value) {
        if (value > MAX_32) {
            throw new IllegalStateException("zip sizes over 4 GB are not supported");
        }
        return value;
    }

    /**
     * The central directory's records, serialized as the entries are written, on the writing thread while the pool
     * deflates, so that the zip's end is one copy rather than a loop over every entry after the last one.
     */
    static final class CentralDirectory {
        private final ByteBuffer bytes;
        private int count;

        /** Room for a record of each entry: those left out only leave some unused. */
        CentralDirectory(List<DeterministicZip.Named> entries) {
            long room = 0;
            for (DeterministicZip.Named entry : entries) {
                room += 46 + entry.name().length;
            }
            bytes = ByteBuffer.allocate(Math.toIntExact(room)).order(ByteOrder.LITTLE_ENDIAN);
        }

        void add(DeterministicZip.Named entry, int method, long crc, long compressed, long size, long offset) {
            ByteBuffer b = bytes;
            b.putInt(0x02014b50);
            b.putShort((short) MADE_BY_UNIX);
            putShared(b, entry.name().length, flags(entry.name()), method, crc, compressed, size);
            b.putShort((short) 0); // extra field length
            b.putShort((short) 0); // comment length
            b.putShort((short) 0); // disk number
            b.putShort((short) 0); // internal attributes
            b.putInt((entry.source().executable() ? MODE_EXECUTABLE : MODE_FILE) << 16);
            b.putInt((int) checked32(offset));
            b.put(entry.name());
            count++;
        }

        int count() {
            return count;
        }
    }

    /** Buffered, position-tracking writes to the zip file, with the two rewinds the streamed path needs. */
    static final class Output {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long flushed;

        Output(FileChannel channel) {
            this.channel = channel;
        }

        long position() {
            return flushed + buffer.position();
        }

        /** The buffer, with room for at least {@code bytes} more (all headers are far below 1 MB). */
        ByteBuffer buffer(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
            return buffer;
        }

        void write(byte[] bytes, int offset, int length) throws IOException {
            if (length <= buffer.remaining()) {
                buffer.put(bytes, offset, length);
                return;
            }
            flush();
            if (length <= buffer.remaining()) {
                buffer.put(bytes, offset, length);
                return;
            }
            ByteBuffer direct = ByteBuffer.wrap(bytes, offset, length);
            while (direct.hasRemaining()) {
                flushed += channel.write(direct);
            }
        }

        void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                flushed += channel.write(buffer);
            }
            buffer.clear();
        }

        void truncate(long position) throws IOException {
            flush();
            channel.truncate(position);
            channel.position(position);
            flushed = position;
        }

        void patch(ByteBuffer bytes, long position) throws IOException {
            flush();
            long at = position;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
        }
    }
}
