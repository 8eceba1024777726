package dev.lamb.time;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Today's date for the rules that follow AWS's calendar (runtime deprecations): the UTC date, unless the
 * lamb.today system property pins another (ISO, 2027-08-01), so that a test can stand on a given day.
 */
public final class Today {
    public static final String PROPERTY = "lamb.today";

    private Today() {}

    public static LocalDate utc() {
        String pinned = System.getProperty(PROPERTY);
        return pinned == null || pinned.isBlank() ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(pinned.strip());
    }
}
