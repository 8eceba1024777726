package dev.lamb.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.LambException;
import dev.lamb.invoke.Invocation;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;
import dev.lamb.lambda.ReportLine;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.ui.TerminalSafe;
import picocli.CommandLine.Help.Ansi;

/** How one invocation is shown: log lines with the REPORT summarised, and the one record of --output json. */
final class InvocationView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InvocationView() {}

    /** What `--output json` prints for an invocation. */
    record Answer(Integer status, Map<String, List<String>> headers, String body, boolean isBase64Encoded,
            String functionError, List<String> logs, ReportLine report) {
        Answer(Invocation invocation) {
            this(invocation.result(), invocation.proxy().orElse(null));
        }

        private Answer(InvocationResult result, ProxyResponse proxy) {
            this(proxy == null ? null : proxy.statusCode(),
                    proxy == null ? new LinkedHashMap<>() : proxy.headers(),
                    proxy == null ? result.payloadText() : text(proxy.body()),
                    proxy != null && !ProxyEvent.isUtf8(proxy.body()),
                    result.functionError(), result.logLines(), result.report());
        }

        /** A binary body travels as base64 in JSON, as API Gateway's own events carry it. */
        private static String text(byte[] body) {
            return ProxyEvent.isUtf8(body) ? new String(body, StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(body);
        }
    }

    /**
     * An invocation as text: its log lines and HTTP status on stderr, its answer on stdout ({@code out},
     * a writer over {@code bytes}). On a terminal ({@code screen}) the answer is shown, so escaped as the
     * logs are, and a binary body is not printed; in a pipe or a file it is data, written as it is.
     */
    static void show(Invocation invocation, PrintWriter out, OutputStream bytes, Consumer<String> err, Ansi ansi,
            boolean screen) {
        InvocationResult result = invocation.result();
        Optional<ProxyResponse> proxy = invocation.proxy();
        result.logLines().forEach(line -> err.accept(logLine(line, screen, ansi)));
        if (proxy.isPresent()) {
            err.accept("HTTP " + proxy.get().statusCode());
            byte[] body = proxy.get().body();
            if (ProxyEvent.isUtf8(body)) {
                out.println(screen ? TerminalSafe.escapeLines(proxy.get().bodyText()) : proxy.get().bodyText());
            } else if (screen) {
                err.accept("a binary body of " + body.length + " bytes, not shown on a terminal: redirect stdout to a file");
            } else {
                // A binary body goes out as its bytes, for `> image.png`; a writer would mangle them.
                out.flush();
                try {
                    bytes.write(body);
                    bytes.flush();
                } catch (IOException e) {
                    throw LambException.io("could not write the body to stdout", e);
                }
            }
        } else if (!result.failed()) {
            out.println(screen ? TerminalSafe.escapeLines(result.payloadText()) : result.payloadText());
        }
    }

    /**
     * A log line as shown on stderr, escaped since the function wrote it: on a terminal, a REPORT line
     * becomes one short summary, dimmed where colour is allowed. NO_COLOR takes the dimming away, never the summary.
     */
    static String logLine(String line, boolean terminal, Ansi ansi) {
        if (!terminal) {
            return TerminalSafe.escape(line);
        }
        return ReportLine.parse(line).map(report -> ansi.string("@|faint " + summary(report).replace("|", "\\|") + "|@"))
                .orElseGet(() -> TerminalSafe.escape(line));
    }

    static String summary(ReportLine r) {
        return String.format(Locale.ROOT, "REPORT %.2f ms (billed %d ms), %d of %d MB%s%s",
                r.durationMs(), r.billedDurationMs(), r.maxMemoryUsedMb(), r.memorySizeMb(),
                r.cold() ? String.format(Locale.ROOT, ", cold start %.2f ms", r.initDurationMs()) : "",
                r.status().equals("success") ? "" : ", " + r.status());
    }

    /** "ValueError: no greeting today", from Lambda's error JSON. */
    static String error(InvocationResult result) {
        String payload = result.payloadText();
        try {
            JsonNode node = JSON.readTree(payload);
            String type = node.path("errorType").asText("");
            return (type.isEmpty() ? "" : type + ": ") + node.path("errorMessage").asText(payload);
        } catch (IOException e) {
            return payload;
        }
    }
}
