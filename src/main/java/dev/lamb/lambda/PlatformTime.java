package dev.lamb.lambda;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The "time" of a Telemetry API platform record, as Lambda writes it: UTC, milliseconds, a Z. */
public final class PlatformTime {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PlatformTime() {}

    public static String now() {
        return TIME.format(Instant.now());
    }
}
