package dev.lamb.local.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import dev.lamb.lambda.ReportLine;
import dev.lamb.ui.TerminalSafe;

/**
 * What lamb serve writes on stderr: one access line per request (method, path, status, milliseconds,
 * cold or warm), the function's own log lines before it, prefixed with the function's name (and dim
 * on a terminal), and reloads. START, END and REPORT lines are left out: the access line says it all.
 * What a client or the function sent is escaped, so that neither can drive the terminal.
 */
public final class ServeLog {
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String GREEN = "\u001b[32m";
    private static final String RESET = "\u001b[0m";

    private final Consumer<String> sink;
    private final boolean colour;

    /** sink receives whole lines; colour says whether ANSI colour may be used. */
    public ServeLog(Consumer<String> sink, boolean colour) {
        this.sink = sink;
        this.colour = colour;
    }

    void info(String line) {
        emit(List.of(TerminalSafe.escape(line)));
    }

    void error(String line) {
        String safe = TerminalSafe.escape(line);
        emit(List.of(colour ? RED + safe + RESET : safe));
    }

    /** One request: the function's lines (if it ran) and then the access line. */
    void request(String method, String path, int status, double millis, String function, List<String> functionLines,
            ReportLine report) {
        List<String> lines = new ArrayList<>();
        for (String line : functionLines) {
            if (!platform(line)) {
                String text = "[" + function + "] " + TerminalSafe.escape(line);
                lines.add(colour ? DIM + text + RESET : text);
            }
        }
        String how = report == null ? "no answer" : report.cold()
                ? String.format(Locale.ROOT, "cold (init %.1f ms)", report.initDurationMs()) : "warm";
        lines.add(access(method, path, status, millis, how));
        emit(lines);
    }

    /** A request that matched no route, so API Gateway's 403. */
    void unrouted(String method, String path, double millis) {
        emit(List.of(access(method, path, 403, millis, "no route")));
    }

    private String access(String method, String path, int status, double millis, String how) {
        String code = Integer.toString(status);
        if (colour) {
            code = (status >= 500 ? RED : status >= 400 ? YELLOW : GREEN) + code + RESET;
        }
        // The method and path are whatever the HTTP client sent, decoded: %1b is ESC by now.
        // Locale.US: ROOT's digits, without a DecimalFormatSymbols lookup per request.
        return String.format(Locale.US, "%s %s %s %.1f ms %s", TerminalSafe.escape(method), TerminalSafe.escape(path), code,
                millis, how);
    }

    /** START, END and REPORT lines, or their platform.* records when the function logs JSON. */
    private static boolean platform(String line) {
        return line.startsWith("START RequestId: ") || line.startsWith("END RequestId: ")
                || line.startsWith("REPORT RequestId: ")
                || line.startsWith("{\"time\":") && line.contains("\"type\":\"platform.");
    }

    /** A request's lines stay together even when requests end at the same time. */
    private synchronized void emit(List<String> lines) {
        lines.forEach(sink);
    }
}
