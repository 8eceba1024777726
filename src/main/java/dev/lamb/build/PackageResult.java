package dev.lamb.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.lamb.LambException;

/**
 * The zip that was written: its size, the total size of its files once unzipped, how many files it
 * holds, and its CodeSha256 as Lambda reports it (base64 of the SHA-256 of the zip's bytes), so a
 * deploy can tell whether the code changed; and the project's files it left out, with why.
 */
public record PackageResult(Path zip, long sizeBytes, long unzippedBytes, int entries, String codeSha256,
                            List<Omitted> leftOut) {
    /** A file the zip does not hold although no ignore rule excludes it: a secret, or one deleted meanwhile. */
    public record Omitted(String path, String reason) {}

    /** The zip's bytes, as an upload sends them. */
    public byte[] bytes() {
        try {
            return Files.readAllBytes(zip);
        } catch (IOException e) {
            throw LambException.io("could not read " + zip, e);
        }
    }
}
