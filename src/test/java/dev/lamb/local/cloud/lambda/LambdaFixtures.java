package dev.lamb.local.cloud.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Deployment packages for the Lambda service's tests. */
public final class LambdaFixtures {
    static final String HANDLER_V1 = """
            def greet(event, context):
                print("greeting " + event.get("name", "nobody"))
                return {"greeting": "Hello, " + event.get("name", "nobody") + "!"}

            def fail(event, context):
                raise Exception("Handler fails")
            """;
    static final String HANDLER_V2 = HANDLER_V1.replace("Hello, ", "Hi, ");

    private LambdaFixtures() {}

    public static byte[] pythonZip(String source) {
        return zip(Map.of("handler.py", source));
    }

    static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : new LinkedHashMap<>(files).entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip whose one entry is {@code size} zero bytes: a few hundred KB that unzip to size. */
    static byte[] bomb(long size) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] chunk = new byte[1 << 20];
            for (long written = 0; written < size; written += chunk.length) {
                zip.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
