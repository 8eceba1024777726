package dev.lamb.ui;

import java.math.BigDecimal;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The CSV lamb writes (--output csv): fields quoted as RFC 4180 says, records ending with a bare line feed, as Unix
 * tools expect (RFC 4180 readers accept it), numbers in full precision and never in exponent form, so that they parse
 * back to the very values measured.
 */
public final class Csv {
    private Csv() {}

    public static String line(Stream<String> fields) {
        return fields.map(Csv::field).collect(Collectors.joining(",", "", "\n"));
    }

    /** RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled. */
    public static String field(String value) {
        if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** The shortest decimal that parses back to the same double, in plain notation; empty for no value. */
    public static String number(Double value) {
        return value != null && Double.isFinite(value) ? new BigDecimal(Double.toString(value)).toPlainString() : "";
    }
}
