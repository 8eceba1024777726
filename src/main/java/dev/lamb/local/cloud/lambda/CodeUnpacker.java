package dev.lamb.local.cloud.lambda;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import dev.lamb.FileTrees;

/**
 * Unpacks a deployment package as Lambda does, refusing what Lambda refuses: entries that would land
 * outside the function's folder, and packages that unzip past Lambda's 250 MB limit. Sizes are counted
 * while inflating, so a zip whose headers lie about its sizes is caught all the same.
 */
final class CodeUnpacker {
    static final long MAX_UNZIPPED = 262_144_000L;
    static final String CANNOT_UNZIP = "Could not unzip uploaded file. Please check your file, then try to upload again.";

    private final long maxUnzipped;

    CodeUnpacker() {
        this(MAX_UNZIPPED);
    }

    CodeUnpacker(long maxUnzipped) {
        this.maxUnzipped = maxUnzipped;
    }

    /** Unpacks zip into target (which must not exist yet); on refusal nothing is left behind. */
    void unpack(byte[] zip, Path target) {
        // Lambda reads a zip by its central directory, at the end: a zip cut short has none.
        if (endOfCentralDirectory(zip) < 0) {
            throw LambdaErrors.invalid(CANNOT_UNZIP);
        }
        Map<String, Integer> modes = unixModes(zip);
        Path root = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            long total = 0;
            int entries = 0;
            byte[] buffer = new byte[64 * 1024];
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    entries++;
                    Path dest = safeDestination(root, entry.getName());
                    if (entry.isDirectory()) {
                        Files.createDirectories(dest);
                        continue;
                    }
                    Files.createDirectories(dest.getParent());
                    try (OutputStream out = Files.newOutputStream(dest)) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            total += n;
                            if (total > maxUnzipped) {
                                throw LambdaErrors.invalid("Unzipped size must be smaller than " + maxUnzipped + " bytes");
                            }
                            out.write(buffer, 0, n);
                        }
                    }
                    Integer mode = modes.get(entry.getName());
                    if (mode != null && (mode & 0111) != 0 || entry.getName().equals("bootstrap")) {
                        makeExecutable(dest);
                    }
                }
            }
            if (entries == 0) {
                throw LambdaErrors.invalid(CANNOT_UNZIP);
            }
        } catch (ZipException | EOFException e) {
            FileTrees.deleteQuietly(root);
            throw LambdaErrors.invalid(CANNOT_UNZIP);
        } catch (RuntimeException e) {
            FileTrees.deleteQuietly(root);
            throw e;
        } catch (IOException e) {
            FileTrees.deleteQuietly(root);
            throw new IllegalStateException("could not unpack code into " + root + ": " + e.getMessage(), e);
        }
    }

    private static Path safeDestination(Path root, String name) {
        String normalized = name.replace('\\', '/');
        Path dest = root.resolve(normalized).normalize();
        if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*") || !dest.startsWith(root) || dest.equals(root)) {
            throw LambdaErrors.invalid(CANNOT_UNZIP + " The entry '" + name + "' would be extracted outside the function's folder.");
        }
        return dest;
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(file));
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, perms);
        } catch (UnsupportedOperationException e) {
            file.toFile().setExecutable(true, false);
        }
    }

    /** Where the zip's end-of-central-directory record starts, or -1 when it has none. */
    private static int endOfCentralDirectory(byte[] zip) {
        ByteBuffer buf = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
            if (buf.getInt(i) == 0x06054b50) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The Unix permission bits the central directory records for each entry (the JDK's zip classes do
     * not expose them): executables such as a custom runtime's bootstrap must stay executable.
     */
    static Map<String, Integer> unixModes(byte[] zip) {
        Map<String, Integer> modes = new HashMap<>();
        ByteBuffer buf = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = endOfCentralDirectory(zip);
        if (eocd < 0) {
            return modes;
        }
        int count = Short.toUnsignedInt(buf.getShort(eocd + 10));
        long offset = Integer.toUnsignedLong(buf.getInt(eocd + 16));
        try {
            int at = (int) offset;
            for (int i = 0; i < count && at + 46 <= zip.length && buf.getInt(at) == 0x02014b50; i++) {
                int madeBy = Short.toUnsignedInt(buf.getShort(at + 4)) >> 8;
                int nameLength = Short.toUnsignedInt(buf.getShort(at + 28));
                int extraLength = Short.toUnsignedInt(buf.getShort(at + 30));
                int commentLength = Short.toUnsignedInt(buf.getShort(at + 32));
                int external = buf.getInt(at + 38);
                String name = new String(zip, at + 46, nameLength, StandardCharsets.UTF_8);
                if (madeBy == 3) {
                    modes.put(name, (external >>> 16) & 07777);
                }
                at += 46 + nameLength + extraLength + commentLength;
            }
        } catch (IndexOutOfBoundsException e) {
            // a damaged central directory only costs the permission bits; ZipInputStream judges the rest
        }
        return modes;
    }
}
