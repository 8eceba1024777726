package dev.lamb.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.ProjectConfigLoader;
import dev.lamb.local.LocalEvents;
import dev.lamb.local.LocalFunction;
import dev.lamb.local.apigateway.ProxyResponse;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.InvocationResult;
import dev.lamb.local.runtime.LocalEngine;
import dev.lamb.local.runtime.ReportLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Invoke the function once and print its answer; its log lines go to stderr.",
            "With --local it runs on this machine through the Lambda Runtime API, no Docker needed."})
final class InvokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Project folder (default: the current one).")
    Path dir;

    @Option(names = "--method", paramLabel = "METHOD", description = "HTTP method of the API Gateway request (default: the route's).")
    String method;

    @Option(names = "--path", paramLabel = "PATH", description = "Request path, such as /items/42 (default: the route's path).")
    String path;

    @Option(names = "--query", paramLabel = "K=V", description = "A query parameter; repeat for more.")
    List<String> query = new ArrayList<>();

    @Option(names = "--header", paramLabel = "K=V", description = "A request header; repeat for more.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", paramLabel = "TEXT", description = "Request body.")
    String body;

    @ArgGroup(exclusive = true)
    RawEvent raw = new RawEvent();

    static final class RawEvent {
        @Option(names = "--event", paramLabel = "FILE", description = "Send this JSON file as the event, as it is.")
        Path file;

        @Option(names = "--payload", paramLabel = "JSON", description = "Send this JSON as the event, as it is.")
        String json;
    }

    @Override
    public Integer call() {
        if (!root.aws.local) {
            throw LambException.usage("lamb invoke runs the function on this machine for now: add --local "
                    + "(invoking the deployed function arrives with lamb deploy)");
        }
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        ProjectConfig config = ProjectConfigLoader.load(dir);
        LocalEvents.Input input = new LocalEvents.Input(method, path, query, headers, body, raw.file, raw.json);
        byte[] event = LocalEvents.event(config, input);
        FunctionSpec function = LocalFunction.prepare(config, root.aws.regionOr("us-east-1"), printer::progress);
        InvocationResult result;
        try (LocalEngine engine = new LocalEngine(notice -> printer.progress("lamb: " + notice))) {
            result = engine.invoke(function, event);
        }
        Optional<ProxyResponse> proxy = LocalEvents.isProxyEvent(input) && !result.failed()
                ? ProxyResponse.parse(result.payload()) : Optional.empty();
        printer.result(new Answer(result, proxy.orElse(null)), out -> {
            result.logLines().forEach(line -> printer.progress(logLine(line)));
            if (proxy.isPresent()) {
                printer.progress("HTTP " + proxy.get().statusCode());
                out.println(proxy.get().bodyText());
            } else if (!result.failed()) {
                out.println(result.payloadText());
            }
        });
        if (result.failed()) {
            throw LambException.failed(result.functionError() + " " + errorSummary(result));
        }
        return ExitCode.OK.code();
    }

    private String logLine(String line) {
        return ReportLine.parse(line).map(this::summary).orElse(line);
    }

    private String summary(ReportLine r) {
        String text = String.format(java.util.Locale.ROOT, "REPORT %.2f ms (billed %d ms), %d of %d MB%s%s",
                r.durationMs(), r.billedDurationMs(), r.maxMemoryUsedMb(), r.memorySizeMb(),
                r.cold() ? String.format(java.util.Locale.ROOT, ", cold start %.2f ms", r.initDurationMs()) : "",
                r.status().equals("success") ? "" : ", " + r.status());
        return spec.commandLine().getColorScheme().ansi().string("@|faint " + text.replace("|", "\\|") + "|@");
    }

    private static String errorSummary(InvocationResult result) {
        String payload = result.payloadText();
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload);
            String type = node.path("errorType").asText("");
            String message = node.path("errorMessage").asText(payload);
            return (type.isEmpty() ? "" : type + ": ") + message;
        } catch (java.io.IOException e) {
            return payload;
        }
    }

    /** The one record `--output json` prints. */
    record Answer(Integer status, Map<String, List<String>> headers, String body, String functionError,
            List<String> logs, ReportLine report) {
        Answer(InvocationResult result, ProxyResponse proxy) {
            this(proxy == null ? null : proxy.statusCode(),
                    proxy == null ? new LinkedHashMap<>() : proxy.headers(),
                    proxy == null ? result.payloadText() : proxy.bodyText(),
                    result.functionError(), result.logLines(), result.report());
        }
    }
}
