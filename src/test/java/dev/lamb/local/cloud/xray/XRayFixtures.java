package dev.lamb.local.cloud.xray;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Trace ids and deployment packages for the X-Ray tests. */
final class XRayFixtures {
    private static final SecureRandom RANDOM = new SecureRandom();

    private XRayFixtures() {}

    static String traceId(long epochSeconds) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "1-" + String.format("%08x", epochSeconds) + "-" + HexFormat.of().formatHex(b);
    }

    static byte[] pythonZip(String source) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("handler.py"));
            zip.write(source.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
