package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ZipModes;
import dev.lamb.local.cloud.AwsServiceException;

class CodeUnpackerTest {
    @TempDir
    Path dir;

    @Test
    void unpacksFoldersAndFiles() throws Exception {
        byte[] zip = LambdaFixtures.zip(Map.of("handler.py", "x = 1\n", "lib/util.py", "y = 2\n"));
        new CodeUnpacker().unpack(zip, dir.resolve("out"));
        assertEquals("x = 1\n", Files.readString(dir.resolve("out/handler.py")));
        assertEquals("y = 2\n", Files.readString(dir.resolve("out/lib/util.py")));
    }

    @Test
    void refusesEntriesThatEscapeTheFolder() {
        for (String name : new String[] {"../evil.py", "lib/../../evil.py", "/etc/evil.py"}) {
            byte[] zip = LambdaFixtures.zip(Map.of(name, "boom"));
            AwsServiceException e = assertThrows(AwsServiceException.class,
                    () -> new CodeUnpacker().unpack(zip, dir.resolve("out")), name);
            assertEquals("InvalidParameterValueException", e.code());
            assertFalse(Files.exists(dir.resolve("out")), "nothing is left behind");
            assertFalse(Files.exists(dir.resolve("evil.py")));
        }
    }

    @Test
    void countsInflatedBytesAgainstTheLimit() {
        byte[] zip = LambdaFixtures.bomb(10_000_000);
        assertTrue(zip.length < 100_000);
        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> new CodeUnpacker(1_000_000).unpack(zip, dir.resolve("out")));
        assertEquals("InvalidParameterValueException", e.code());
        assertEquals("Unzipped size must be smaller than 1000000 bytes", e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void refusesWhatIsNotAZip() {
        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> new CodeUnpacker().unpack("not a zip".getBytes(), dir.resolve("out")));
        assertEquals(CodeUnpacker.CANNOT_UNZIP, e.getMessage());
    }

    @Test
    void keepsExecutableBitsFromTheCentralDirectory() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("bin/tool"));
            zip.write("#!/bin/sh\n".getBytes());
            zip.closeEntry();
        }
        byte[] zip = bytes.toByteArray();
        markUnixExecutable(zip, "bin/tool");
        assertEquals(0755, ZipModes.unixModes(zip).get("bin/tool"));
        new CodeUnpacker().unpack(zip, dir.resolve("out"));
        assertTrue(Files.isExecutable(dir.resolve("out/bin/tool")));
    }

    /** Sets "made by Unix" and mode 0755 on the central directory entry, as zip -X on Linux writes it. */
    private static void markUnixExecutable(byte[] zip, String name) {
        for (int i = zip.length - 46; i >= 0; i--) {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 0x01 && zip[i + 3] == 0x02) {
                zip[i + 5] = 3;
                int mode = (0100755) << 16;
                zip[i + 38] = (byte) mode;
                zip[i + 39] = (byte) (mode >> 8);
                zip[i + 40] = (byte) (mode >> 16);
                zip[i + 41] = (byte) (mode >> 24);
                return;
            }
        }
        throw new AssertionError("no central directory entry for " + name);
    }
}
