package dev.lamb.local.cloud.lambda;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import dev.lamb.FileTrees;
import dev.lamb.ZipModes;

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
        if (ZipModes.endOfCentralDirectory(zip) < 0) {
            throw LambdaErrors.invalid(CANNOT_UNZIP);
        }
        Map<String, Integer> modes = ZipModes.unixModes(zip);
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
                    if (ZipModes.executable(modes, entry.getName())) {
                        ZipModes.makeExecutable(dest);
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
}
