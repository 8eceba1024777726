package dev.lamb.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void quotingFollowsRfc4180() {
        assertEquals("plain", Csv.field("plain"));
        assertEquals("\"a,b\"", Csv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
        assertEquals("\"two\r\nlines\"", Csv.field("two\r\nlines"));
        assertEquals("a,\"b,c\"\n", Csv.line(Stream.of("a", "b,c")));
    }

    @Test
    void numbersParseBackExactlyAndNeverUseExponents() {
        assertEquals(2e-7, Double.parseDouble(Csv.number(2e-7)));
        assertFalse(Csv.number(2e-7).contains("E"));
        assertEquals("12345678912", Csv.number(12345678912.0));
        assertEquals("", Csv.number(null));
        assertEquals("", Csv.number(Double.NaN));
    }
}
