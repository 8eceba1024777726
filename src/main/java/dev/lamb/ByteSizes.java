package dev.lamb;

import java.util.Locale;

/** Byte counts as people read them: 898 B, 1.3 KB, 42.0 MB. */
public final class ByteSizes {
    private ByteSizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
