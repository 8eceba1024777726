package dev.lamb.build;

import java.util.Locale;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/**
 * Lambda's size quotas for a deployment package: 250 MB unzipped, and 50 MB zipped for a direct upload (a larger zip
 * goes through S3). Breaking one is a service limit, so it exits 5 as the README promises for throttling and limits.
 */
public final class LambdaLimits {
    /** The largest zip Lambda takes in the request itself; deploy sends a larger one through S3. */
    public static final long DIRECT_UPLOAD_BYTES = 52_428_800L;
    static final long MAX_UNZIPPED_BYTES = 262_144_000L;

    private LambdaLimits() {}

    static void checkUnzipped(long bytes) {
        if (bytes > MAX_UNZIPPED_BYTES) {
            throw new LambException(ExitCode.THROTTLED, "the function unzips to " + describe(bytes)
                    + "; Lambda accepts at most 250 MB (262,144,000 bytes) unzipped: leave large files out "
                    + "with .lambignore or trim the dependencies");
        }
    }

    /** "61.2 MB (64,172,032 bytes)": the exact count too, since 50.0 MB can be just over the limit. */
    public static String describe(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB (%,d bytes)", bytes / (1024.0 * 1024.0), bytes);
    }
}
