package dev.lamb.tune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lamb.tune.SizeResult;
import dev.lamb.tune.TuneResult;

class TuneCsvTest {
    private final TuneResult result = TuneTableSamples.twoArchitectures();
    private final String csv = TuneCsv.render(result);

    @Test
    void aHeaderAndOneRecordPerSizeAndNothingElse() {
        List<List<String>> records = parse(csv);
        assertEquals(TuneCsv.HEADER, records.get(0));
        assertEquals(result.sizes().size() + 1, records.size(), csv);
        records.forEach(r -> assertEquals(TuneCsv.HEADER.size(), r.size(), r.toString()));
        assertTrue(csv.endsWith("\n") && !csv.endsWith("\n\n"), csv);
        assertFalse(csv.contains("\u001B"), csv);
    }

    @Test
    void numbersParseBackToTheValuesMeasured() {
        List<Map<String, String>> rows = rows();
        for (int i = 0; i < result.sizes().size(); i++) {
            SizeResult s = result.sizes().get(i);
            Map<String, String> row = rows.get(i);
            assertEquals(s.memoryMb(), Integer.parseInt(row.get("memory_mb")));
            assertEquals(s.architecture(), row.get("architecture"));
            assertEquals(s.invocations(), Integer.parseInt(row.get("invocations")));
            assertSame(s.medianMs(), row.get("median_ms"));
            assertSame(s.p95Ms(), row.get("p95_ms"));
            assertSame(s.billedMeanMs(), row.get("billed_mean_ms"));
            assertSame(s.billedCiMs(), row.get("billed_ci_ms"));
            assertSame(s.costPerInvocation(), row.get("cost_per_invocation_usd"));
            assertSame(s.costPerMillion(), row.get("cost_per_million_usd"));
            assertEquals(s.maxMemoryUsedMb(), Integer.parseInt(row.get("max_memory_used_mb")));
            assertSame(s.initMs() == null ? Double.NaN : s.initMs(), row.get("init_ms"));
            assertEquals(s.refined(), Boolean.parseBoolean(row.get("refined")));
        }
    }

    @Test
    void costsAreNeverInExponentForm() {
        assertFalse(csv.matches("(?s).*\\d[eE][-+]?\\d.*"), csv);
        assertEquals("0.00000154", row(512, "arm64").get("cost_per_invocation_usd"));
    }

    @Test
    void statusReasonAndMarksSurviveQuoting() {
        assertEquals("infeasible", row(1024, "arm64").get("status"));
        assertEquals("ValueError: \"no greeting\", today\nline two", row(1024, "arm64").get("reason"));
        assertEquals("out of memory (Runtime.OutOfMemory)", row(128, "x86_64").get("reason"));
        assertEquals("risky", row(256, "x86_64").get("status"));
        assertEquals("true", row(512, "arm64").get("recommended"));
        assertEquals("true", row(512, "x86_64").get("current"));
        assertEquals(1, rows().stream().filter(r -> r.get("recommended").equals("true")).count());
        assertEquals(1, rows().stream().filter(r -> r.get("current").equals("true")).count());
    }

    @Test
    void nothingRecommendedLeavesEveryMarkFalse() {
        String none = TuneCsv.render(TuneTableSamples.nothingRecommended());
        assertFalse(none.contains("true"), none);
    }

    private static void assertSame(double expected, String field) {
        if (Double.isNaN(expected)) {
            assertEquals("", field);
        } else {
            assertEquals(expected, Double.parseDouble(field), 0.0, field);
        }
    }

    private Map<String, String> row(int memory, String arch) {
        return rows().stream().filter(r -> r.get("memory_mb").equals(Integer.toString(memory))
                && r.get("architecture").equals(arch)).findFirst().orElseThrow();
    }

    private List<Map<String, String>> rows() {
        List<List<String>> records = parse(csv);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < record.size(); c++) {
                row.put(records.get(0).get(c), record.get(c));
            }
            rows.add(row);
        }
        return rows;
    }

    /** An RFC 4180 reader, strict about what follows a closing quote. */
    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.length() == 0) {
                i++;
                while (true) {
                    char q = text.charAt(i++);
                    if (q == '"' && i < text.length() && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else if (q == '"') {
                        break;
                    } else {
                        field.append(q);
                    }
                }
                char next = i < text.length() ? text.charAt(i) : '\n';
                if (next != ',' && next != '\n' && next != '\r') {
                    throw new AssertionError("text after a closing quote at " + i);
                }
                continue;
            }
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
            i++;
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
