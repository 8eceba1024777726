package dev.lamb.logs;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.lambda.ReportLine;
import dev.lamb.ui.TerminalSafe;

/**
 * How `lamb logs` prints one event. {@code short}: local time, a short stream id and the message;
 * {@code long}: date, full stream name, and JSON messages pretty-printed; {@code json}: one NDJSON record.
 * REPORT lines (text or JSON platform.report) become a one-line summary, error and timeout lines are
 * highlighted, JSON messages are shown compactly, and every message is made terminal-safe. Colour only
 * when asked for (a terminal); with several functions each line starts with its function's name.
 */
public final class LogFormatter {
    public enum Style { SHORT, LONG, JSON }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final DateTimeFormatter LONG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx", Locale.ROOT);
    private static final Pattern ERROR = Pattern.compile(
            "\\b(ERROR|FATAL|CRITICAL)\\b|Traceback \\(most recent call last\\)|\\b[A-Z]\\w*(Error|Exception)\\b");
    private static final Pattern PLATFORM = Pattern.compile("^(START|END|REPORT|INIT_START|INIT_REPORT|EXTENSION|TELEMETRY|XRAY) ");
    private static final String RESET = "\u001b[0m";
    private static final String RED = "\u001b[31m";
    private static final String BOLD_RED = "\u001b[1;31m";
    private static final String DIM = "\u001b[2m";
    private static final String[] FUNCTION_COLOURS = {"\u001b[36m", "\u001b[35m", "\u001b[33m", "\u001b[32m", "\u001b[34m"};

    private final Style style;
    private final boolean colour;
    private final boolean noReport;
    private final List<String> functions;
    private final ZoneId zone;

    /** {@code functions}: every function followed, in order; with more than one, lines are prefixed with theirs. */
    public LogFormatter(Style style, boolean colour, boolean noReport, List<String> functions, ZoneId zone) {
        this.style = style;
        this.colour = colour && style != Style.JSON;
        this.noReport = noReport;
        this.functions = List.copyOf(functions);
        this.zone = zone;
    }

    /** The text to print for the event, one or more lines; empty when --no-report hides it. */
    public Optional<String> format(LogEvent event) {
        String message = chomp(event.message());
        JsonNode json = jsonObject(message);
        Optional<ReportLine> report = ReportLine.parse(json != null ? message : firstLine(message));
        if (noReport && (report.isPresent() || PLATFORM.matcher(message).find()
                || json != null && json.path("type").asText("").startsWith("platform."))) {
            return Optional.empty();
        }
        if (style == Style.JSON) {
            return Optional.of(record(event, message, report.orElse(null)));
        }
        String prefix = prefix(event);
        String body;
        String paint = null;
        if (report.isPresent()) {
            ReportLine r = report.get();
            body = summary(r);
            paint = r.status().equals("success") ? DIM : RED;
        } else if (json != null) {
            body = style == Style.LONG ? json.toPrettyString() : json.toString();
            String level = json.path("level").asText(json.path("record").path("status").asText("")).toUpperCase(Locale.ROOT);
            paint = level.equals("ERROR") || level.equals("FATAL") || level.equals("CRITICAL") || level.equals("TIMEOUT")
                    || level.equals("FAILURE") ? RED : null;
        } else {
            body = message;
            if (message.contains("Task timed out")) {
                paint = BOLD_RED;
            } else if (ERROR.matcher(message).find()) {
                paint = RED;
            } else if (PLATFORM.matcher(message).find()) {
                paint = DIM;
            }
        }
        String indent = " ".repeat(visibleLength(prefix));
        StringBuilder out = new StringBuilder();
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n').append(indent);
            } else {
                out.append(prefix);
            }
            out.append(paint(paint, TerminalSafe.escape(lines[i])));
        }
        return Optional.of(out.toString());
    }

    /** "REPORT 3.01 ms (billed 4 ms), 36 of 128 MB, cold start 110.10 ms", with a status other than success. */
    public static String summary(ReportLine r) {
        return String.format(Locale.ROOT, "REPORT %.2f ms (billed %d ms), %d of %d MB%s%s",
                r.durationMs(), r.billedDurationMs(), r.maxMemoryUsedMb(), r.memorySizeMb(),
                r.cold() ? String.format(Locale.ROOT, ", cold start %.2f ms", r.initDurationMs()) : "",
                r.status().equals("success") ? "" : ", " + r.status() + (r.errorType() == null ? "" : " " + r.errorType()));
    }

    private String prefix(LogEvent event) {
        StringBuilder p = new StringBuilder();
        if (functions.size() > 1) {
            int i = Math.max(0, functions.indexOf(event.function()));
            int width = functions.stream().mapToInt(String::length).max().orElse(0);
            String name = String.format("%-" + width + "s", event.function());
            p.append(paint(FUNCTION_COLOURS[i % FUNCTION_COLOURS.length], TerminalSafe.escape(name))).append(' ');
        }
        Instant at = Instant.ofEpochMilli(event.timestamp());
        String stream = TerminalSafe.escape(style == Style.LONG ? event.stream() : shortStream(event.stream()));
        p.append(paint(DIM, (style == Style.LONG ? LONG_TIME : SHORT_TIME).format(at.atZone(zone))))
                .append(' ').append(paint(DIM, stream)).append(' ');
        return p.toString();
    }

    /** 2024/08/17/[$LATEST]8852570e018540eba3479f28a019c76e is 8852570e: enough to tell instances apart. */
    static String shortStream(String stream) {
        int cut = Math.max(stream.lastIndexOf(']'), stream.lastIndexOf('/'));
        String id = stream.substring(cut + 1);
        if (id.isEmpty()) {
            id = stream;
        }
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private String record(LogEvent event, String message, ReportLine report) {
        ObjectNode node = JSON.createObjectNode();
        node.put("function", event.function());
        node.put("log_group", event.group());
        node.put("log_stream", event.stream());
        node.put("timestamp", Instant.ofEpochMilli(event.timestamp()).toString());
        if (event.ingestionTime() != null) {
            node.put("ingestion_time", Instant.ofEpochMilli(event.ingestionTime()).toString());
        }
        node.put("event_id", event.eventId());
        node.put("message", message);
        if (report != null) {
            ObjectNode r = node.putObject("report");
            r.put("request_id", report.requestId());
            r.put("duration_ms", report.durationMs());
            r.put("billed_duration_ms", report.billedDurationMs());
            r.put("memory_size_mb", report.memorySizeMb());
            r.put("max_memory_used_mb", report.maxMemoryUsedMb());
            if (report.initDurationMs() != null) {
                r.put("init_duration_ms", report.initDurationMs());
            }
            r.put("status", report.status());
        }
        try {
            // Jackson escapes every control character (ESC is \u001B), so the record is as safe as the text.
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String paint(String code, String text) {
        return colour && code != null && !text.isEmpty() ? code + text + RESET : text;
    }

    private static int visibleLength(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }

    /** Lambda ends each text message with a newline (and Windows writers with CR LF): not part of what is shown. */
    private static String chomp(String message) {
        String m = message == null ? "" : message;
        if (m.endsWith("\n")) {
            m = m.substring(0, m.length() - 1);
        }
        if (m.endsWith("\r")) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static JsonNode jsonObject(String message) {
        String s = message.strip();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(s);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
