package dev.lamb.local.cloud;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * How the local cloud writes its data folder: every write all or nothing, and every folder and file private
 * to the user (0700 and 0600), since function environments hold secrets. Records are appended as whole lines;
 * a line cut short by a crash is cut off at the next load, so it never swallows the record appended after it.
 *
 * <p>When a write is on disk: {@link #replace} syncs (fsync) before it returns. {@link BackgroundSync}'s writes,
 * which Lambda's function state uses, return once the change is in the kernel's page cache and leave the fsync to
 * a thread of their store's, which syncs in the order of the writes and batches what arrives meanwhile. A killed
 * process (kill -9) loses nothing by that: the page cache is the kernel's and the rename is atomic, so every change
 * answered is there at the next start (LambdaKillIT). An fsync cost 0.1 ms on an
 * idle disk but 5-20 ms while other processes write, which made a CreateFunction slower than moto's server; a
 * power cut or kernel crash may now lose the changes of the last moments (those not yet synced, normally
 * milliseconds): on ext4 (data=ordered, the default) a replaced file holds its old content or its new, and a file
 * new since the last sync may be left empty (delayed allocation), which its store's load then sets aside.
 */
public final class DurableFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private DurableFiles() {}

    /** Creates the folder and its missing parents, private to the user; an existing folder is made private, its parents left as they are. */
    public static Path privateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            if (POSIX && !Files.getPosixFilePermissions(dir).equals(PRIVATE_DIR)) {
                Files.setPosixFilePermissions(dir, PRIVATE_DIR);
            }
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            privateDirectories(parent);
        }
        try {
            Files.createDirectory(dir, dirAttributes());
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        return dir;
    }

    /** Replaces the file's content at once: a crash leaves the old content or the new, never a mix. */
    public static void replace(Path file, byte[] content) throws IOException {
        writeAndMove(file, content, true);
        syncDirectory(file.toAbsolutePath().getParent());
    }

    static void writeAndMove(Path file, byte[] content, boolean sync) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + RandomIds.next() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    fileAttributes())) {
                writeFully(out, content);
                if (sync) {
                    out.force(true);
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Appends one record (whole lines), synced to disk when {@code sync}; on failure (a full disk) the file
     * is cut back to its length before, so a failed append leaves nothing a later load would read.
     */
    public static void append(Path file, byte[] record, boolean sync) throws IOException {
        // Only a synced append syncs the folder of a file it made: the check costs a stat on every other append.
        boolean created = sync && !Files.exists(file);
        try (FileChannel out = openForAppend(file)) {
            append(out, record, sync);
        }
        if (created && sync) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** Opens the file (made private to the user if new) for {@link #append(FileChannel, byte[], boolean)}. */
    public static FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), fileAttributes());
    }

    /**
     * Appends one record through a channel kept open, as {@link #append(Path, byte[], boolean)} does, except that a
     * file it made is not synced into its folder: for records written without a sync.
     */
    public static void append(FileChannel out, byte[] record, boolean sync) throws IOException {
        long before = out.size();
        try {
            out.position(before);
            writeFully(out, record);
            if (sync) {
                out.force(false);
            }
        } catch (IOException e) {
            try {
                out.truncate(before);
                out.force(false);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Cuts off a last line that a crash left without its newline, so that the next append starts a line
     * of its own. Returns the length the file has now.
     */
    public static long repairTail(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long end = size;
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (end > 0) {
                int chunk = (int) Math.min(buffer.capacity(), end);
                buffer.clear().limit(chunk);
                channel.read(buffer, end - chunk);
                for (int i = chunk - 1; i >= 0; i--) {
                    if (buffer.get(i) == '\n') {
                        long keep = end - chunk + i + 1;
                        if (keep < size) {
                            channel.truncate(keep);
                            channel.force(false);
                        }
                        return keep;
                    }
                }
                end -= chunk;
            }
            if (size > 0) {
                channel.truncate(0);
                channel.force(false);
            }
            return 0;
        }
    }

    private static void writeFully(FileChannel out, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** Makes a rename or a new file in the folder survive a power cut (where the platform lets a folder be synced). */
    static void syncDirectory(Path dir) {
        if (dir == null || !POSIX) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a folder; the file's own data is synced already.
        }
    }

    /** The attributes that create a file private to the user, for a file opened elsewhere. */
    public static FileAttribute<?>[] privateFileAttributes() {
        return fileAttributes();
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_FILE)} : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] dirAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_DIR)} : new FileAttribute<?>[0];
    }
}
