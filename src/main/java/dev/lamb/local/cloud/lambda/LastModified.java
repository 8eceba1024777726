package dev.lamb.local.cloud.lambda;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Lambda's LastModified text, {@code 2024-05-01T12:00:00.123+0000}: the pattern {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ}
 * in UTC, byte for byte (LastModifiedTest). The formatter's work, a tenth of a
 * CreateFunction's CPU in the cloud's profile, is done once a second: the text up to the second is kept, and only
 * the milliseconds and the fixed UTC offset are appended to it.
 */
final class LastModified {
    private static final DateTimeFormatter UP_TO_SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);
    /** What the pattern {@code Z} writes for UTC. */
    private static final String UTC = "+0000";

    /** One second's text, up to its dot; replaced as a whole, so that a reader never sees one half-updated. */
    private record Second(long epochSecond, String text) {}

    private static volatile Second last = new Second(Long.MIN_VALUE, "");

    private LastModified() {}

    static String of(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Second s = last;
        if (s.epochSecond() != second) {
            s = new Second(second, UP_TO_SECOND.format(Instant.ofEpochSecond(second)));
            last = s;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        return s.text() + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10) + (char) ('0' + millis % 10) + UTC;
    }
}
