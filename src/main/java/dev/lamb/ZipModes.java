package dev.lamb;

import java.io.IOException;
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

/**
 * The Unix permission bits a zip's central directory records for each entry, which the JDK's zip classes do
 * not expose: executables such as a custom runtime's bootstrap must stay executable when a zip is unpacked.
 */
public final class ZipModes {
    private ZipModes() {}

    /** Where the zip's end-of-central-directory record starts, or -1 when it has none. */
    public static int endOfCentralDirectory(byte[] zip) {
        ByteBuffer buf = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
            if (buf.getInt(i) == 0x06054b50) {
                return i;
            }
        }
        return -1;
    }

    /** Each entry's mode (such as 0755), for the entries a Unix zip tool wrote; others are absent. */
    public static Map<String, Integer> unixModes(byte[] zip) {
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

    /** Whether an entry is to be unpacked executable: its mode says so, or it is a custom runtime's bootstrap. */
    public static boolean executable(Map<String, Integer> modes, String name) {
        Integer mode = modes.get(name);
        return mode != null && (mode & 0111) != 0 || name.equals("bootstrap");
    }

    /** chmod a+x, or the closest the file system has. */
    public static void makeExecutable(Path file) throws IOException {
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
}
