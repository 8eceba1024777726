package dev.lamb.lambda;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The numbers of one invocation's REPORT line, in Lambda's exact text form, and the parser that reads
 * them back from Lambda's own logs (text, old text with a space before the tab, or a JSON
 * platform.report record).
 */
public record ReportLine(String requestId, double durationMs, long billedDurationMs, int memorySizeMb,
        int maxMemoryUsedMb, Double initDurationMs, String status, String errorType) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Lambda bills the invocation rounded up to the millisecond, and since 2025 the init phase with it. */
    public static long billed(double durationMs, Double initDurationMs) {
        double total = durationMs + (initDurationMs == null ? 0 : initDurationMs);
        return Math.max(1, (long) Math.ceil(total - 1e-9));
    }

    public boolean cold() {
        return initDurationMs != null;
    }

    /** `REPORT RequestId: ...\tDuration: 3.01 ms\t...\t` as Lambda writes it (with a trailing tab). */
    public String text() {
        StringBuilder s = new StringBuilder("REPORT RequestId: ").append(requestId)
                .append("\tDuration: ").append(twoDecimals(durationMs)).append(" ms")
                .append("\tBilled Duration: ").append(billedDurationMs).append(" ms")
                .append("\tMemory Size: ").append(memorySizeMb).append(" MB")
                .append("\tMax Memory Used: ").append(maxMemoryUsedMb).append(" MB");
        if (initDurationMs != null) {
            s.append("\tInit Duration: ").append(twoDecimals(initDurationMs)).append(" ms");
        }
        // Lambda's text REPORT names only the platform's failures; an error the handler threw is in its log.
        if (status != null && (status.equals("timeout") || status.equals("error"))) {
            s.append("\tStatus: ").append(status);
            if (errorType != null && !status.equals("timeout")) {
                s.append("\tError Type: ").append(errorType);
            }
        }
        return s.append('\t').toString();
    }

    /** The platform.report record Lambda writes instead when the function logs in JSON. */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("time", PlatformTime.now());
        root.put("type", "platform.report");
        ObjectNode record = root.putObject("record");
        record.put("requestId", requestId);
        ObjectNode metrics = record.putObject("metrics");
        metrics.put("durationMs", Math.round(durationMs * 1000) / 1000.0);
        metrics.put("billedDurationMs", billedDurationMs);
        metrics.put("memorySizeMB", memorySizeMb);
        metrics.put("maxMemoryUsedMB", maxMemoryUsedMb);
        if (initDurationMs != null) {
            metrics.put("initDurationMs", Math.round(initDurationMs * 1000) / 1000.0);
        }
        record.put("status", status);
        if (errorType != null && !status.equals("success")) {
            record.put("errorType", errorType);
        }
        return root.toString();
    }

    /** Reads a REPORT line, in Lambda's text format or as a JSON platform.report; empty when the line is neither. */
    public static Optional<ReportLine> parse(String line) {
        String text = line.strip();
        if (text.startsWith("{")) {
            return parseJson(text);
        }
        if (!text.startsWith("REPORT RequestId:")) {
            return Optional.empty();
        }
        String requestId = null;
        Double duration = null;
        Long billed = null;
        Integer size = null;
        Integer used = null;
        Double init = null;
        String status = "success";
        String errorType = null;
        // Fields are tab-separated; older logs put a space before some tabs, so each part is trimmed.
        for (String part : text.substring("REPORT ".length()).split("\t")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = part.substring(0, colon).trim();
            String value = part.substring(colon + 1).trim();
            try {
                switch (key) {
                    case "RequestId" -> requestId = value;
                    case "Duration" -> duration = Double.parseDouble(number(value));
                    case "Billed Duration" -> billed = Long.parseLong(number(value));
                    case "Memory Size" -> size = Integer.parseInt(number(value));
                    case "Max Memory Used" -> used = Integer.parseInt(number(value));
                    case "Init Duration" -> init = Double.parseDouble(number(value));
                    case "Status" -> status = value;
                    case "Error Type" -> errorType = value;
                    default -> { }
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (requestId == null || duration == null || billed == null || size == null || used == null) {
            return Optional.empty();
        }
        return Optional.of(new ReportLine(requestId, duration, billed, size, used, init, status, errorType));
    }

    private static Optional<ReportLine> parseJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            return Optional.empty();
        }
        JsonNode record = root.path("record");
        JsonNode metrics = record.path("metrics");
        if (!"platform.report".equals(root.path("type").asText()) || !metrics.has("durationMs")) {
            return Optional.empty();
        }
        Double init = metrics.has("initDurationMs") ? metrics.get("initDurationMs").asDouble() : null;
        return Optional.of(new ReportLine(record.path("requestId").asText(), metrics.path("durationMs").asDouble(),
                metrics.path("billedDurationMs").asLong(), metrics.path("memorySizeMB").asInt(),
                metrics.path("maxMemoryUsedMB").asInt(), init, record.path("status").asText("success"),
                record.hasNonNull("errorType") ? record.get("errorType").asText() : null));
    }

    private static String number(String valueWithUnit) {
        int space = valueWithUnit.indexOf(' ');
        return space < 0 ? valueWithUnit : valueWithUnit.substring(0, space);
    }

    private static String twoDecimals(double ms) {
        // Locale.US prints the same digits as ROOT, and spares Formatter a DecimalFormatSymbols lookup per call (a REPORT per invocation).
        return String.format(Locale.US, "%.2f", ms);
    }
}
