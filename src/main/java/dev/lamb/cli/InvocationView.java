package dev.lamb.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.apigateway.ProxyResponse;
import dev.lamb.local.runtime.InvocationResult;
import dev.lamb.local.runtime.ReportLine;
import picocli.CommandLine.Help.Ansi;

/** How one invocation is shown: log lines with the REPORT summarised, and the one record of --output json. */
final class InvocationView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InvocationView() {}

    /** What `--output json` prints for an invocation. */
    record Answer(Integer status, Map<String, List<String>> headers, String body, boolean isBase64Encoded,
            String functionError, List<String> logs, ReportLine report) {
        Answer(InvocationResult result, ProxyResponse proxy) {
            this(proxy == null ? null : proxy.statusCode(),
                    proxy == null ? new LinkedHashMap<>() : proxy.headers(),
                    proxy == null ? result.payloadText() : text(proxy.body()),
                    proxy != null && !ProxyEvent.isUtf8(proxy.body()),
                    result.functionError(), result.logLines(), result.report());
        }

        /** A binary body travels as base64 in JSON, as API Gateway's own events carry it. */
        private static String text(byte[] body) {
            return ProxyEvent.isUtf8(body) ? new String(body, java.nio.charset.StandardCharsets.UTF_8)
                    : java.util.Base64.getEncoder().encodeToString(body);
        }
    }

    /**
     * A log line as shown on stderr: on a terminal, a REPORT line becomes one short summary, dimmed where
     * colour is allowed. NO_COLOR takes the dimming away, never the summary.
     */
    static String logLine(String line, boolean terminal, Ansi ansi) {
        if (!terminal) {
            return line;
        }
        return ReportLine.parse(line).map(report -> ansi.string("@|faint " + summary(report).replace("|", "\\|") + "|@"))
                .orElse(line);
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
