package dev.lamb.build;

import java.util.Locale;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/**
 * Lambda's size quotas for a deployment package uploaded directly (not through S3). Breaking one is
 * a service limit, so it exits 5 as the README promises for throttling and limits.
 */
final class LambdaLimits {
    static final long MAX_ZIP_BYTES = 52_428_800L;
    static final long MAX_UNZIPPED_BYTES = 262_144_000L;

    private LambdaLimits() {}

    static void checkUnzipped(long bytes) {
        if (bytes > MAX_UNZIPPED_BYTES) {
            throw new LambException(ExitCode.THROTTLED, "the function unzips to " + describe(bytes)
                    + "; Lambda accepts at most 250 MB (262,144,000 bytes) unzipped: leave large files out "
                    + "with .lambignore or trim the dependencies");
        }
    }

    static void checkZip(long bytes) {
        if (bytes > MAX_ZIP_BYTES) {
            throw new LambException(ExitCode.THROTTLED, "the zip is " + describe(bytes)
                    + "; Lambda accepts at most 50 MB (52,428,800 bytes) for a direct upload: leave large files "
                    + "out with .lambignore or trim the dependencies (lamb does not upload through S3 yet)");
        }
    }

    /** "61.2 MB (64,172,032 bytes)": the exact count too, since 50.0 MB can be just over the limit. */
    static String describe(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB (%,d bytes)", bytes / (1024.0 * 1024.0), bytes);
    }
}
