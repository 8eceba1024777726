package dev.lamb.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.FunctionName;
import dev.lamb.config.ProjectConfig;
import dev.lamb.deploy.StatusReader;
import dev.lamb.logs.CtrlC;
import dev.lamb.logs.LogEvent;
import dev.lamb.logs.LogFormatter;
import dev.lamb.logs.LogGroupRef;
import dev.lamb.logs.LogQuery;
import dev.lamb.logs.LogsReader;
import dev.lamb.logs.ReportLines;
import dev.lamb.logs.RequestAttempts;
import dev.lamb.logs.StopSignal;
import dev.lamb.time.TimeArg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "logs", mixinStandardHelpOptions = true,
        header = "Print or follow the function's CloudWatch logs.",
        description = {"Print the function's CloudWatch logs, oldest first: local time, a short stream id, the message; "
                + "REPORT lines summarised, errors highlighted, control characters shown escaped.",
            "With --follow: CloudWatch Logs Live Tail (polling when it is refused, or with --poll), joined to the "
                + "--since window without gaps or repeats, until Ctrl-C (exit 0)."})
final class LogsCommand implements Callable<Integer> {
    enum Format { SHORT, LONG, JSON }

    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Mixin
    StageOptions stage;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events as they come, until Ctrl-C.")
    boolean follow;

    @Option(names = "--since", paramLabel = "TIME", defaultValue = "10m",
            description = "From this time: a span back such as 90s, 10m, 1h30m, 2d, 1w, a date and time such as "
                    + "2026-01-01T10:00 (local) or 2026-01-01T10:00:00Z, a date, or now (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to this time, in the forms --since takes (not with --follow).")
    String until;

    @Option(names = "--filter", paramLabel = "PATTERN", description = "CloudWatch Logs filter pattern, such as ERROR or "
            + "\"?ERROR ?timed\" or %%regex%%.")
    String filter;

    @Option(names = "--format", paramLabel = "short|long|json", defaultValue = "short",
            description = "short: time, stream id, message; long: date, full stream name, JSON pretty-printed; json: NDJSON "
                    + "records for programs (as --output json) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--stream", paramLabel = "PREFIX", description = "Only log streams whose name starts with PREFIX.")
    String stream;

    @Option(names = "--request-id", paramLabel = "ID", description = "Only this invocation's lines: each attempt's START (marked "
            + "with its attempt number), its own lines, END and REPORT. 'lamb invoke --async' prints the id.")
    String requestId;

    @Option(names = "--no-report", description = "Hide the platform's lines: START, END, REPORT, INIT_START.")
    boolean noReport;

    @Option(names = "--function", paramLabel = "NAME", description = "This function instead of lamb.toml's; repeat to "
            + "merge several, each line prefixed with its function.")
    List<String> functions = new ArrayList<>();

    @Option(names = "--poll", description = "With --follow: poll FilterLogEvents every second instead of Live Tail.")
    boolean poll;

    @Override
    public Integer call() {
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        if (until != null && follow) {
            throw LambException.usage("--until ends the window, --follow has none: drop one");
        }
        if (poll && !follow) {
            throw LambException.usage("--poll chooses how --follow reads: add --follow");
        }
        Instant now = Instant.now();
        ZoneId zone = ZoneId.systemDefault();
        long from = TimeArg.parse("--since", since, now, zone).toEpochMilli();
        Long to = until == null ? null : TimeArg.parse("--until", until, now, zone).toEpochMilli();
        if (to != null && to < from) {
            throw LambException.usage("--until " + until + " is before --since " + since);
        }
        LogQuery query = new LogQuery(from, to, filter, stream);
        String fallback = null;
        functions.forEach(name -> FunctionName.require("--function", name));
        List<String> names = new ArrayList<>(new LinkedHashSet<>(functions));
        if (stage.given() && !names.isEmpty()) {
            throw LambException.usage("--stage picks the project's function's stage: leave out --function, or --stage");
        }
        ProjectConfig config = null;
        if (names.isEmpty()) {
            config = stage.of(project.load());
            names.add(config.function().name());
            fallback = config.function().logGroupName();
        }
        LogFormatter.Style style = root.output.json() ? LogFormatter.Style.JSON : LogFormatter.Style.valueOf(format.name());
        LogFormatter formatter = new LogFormatter(style, spec.commandLine().getColorScheme().ansi().enabled(), noReport,
                names, zone);
        PrintWriter out = spec.commandLine().getOut();
        RequestAttempts attempts = new RequestAttempts(requestId, style != LogFormatter.Style.JSON);
        Consumer<LogEvent> all = event -> attempts.apply(event).flatMap(formatter::format).ifPresent(text -> {
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        });
        AwsTarget target = root.aws.target(printer::progress);
        try (AwsClients aws = new AwsClients(target)) {
            Consumer<LogEvent> shown = stage.given() ? ofStage(all, new StatusReader(aws, target).servedVersions(config), printer) : all;
            LogsReader reader = new LogsReader(aws, line -> printer.progress("lamb: " + line));
            List<LogGroupRef> groups = new ArrayList<>();
            for (String name : names) {
                groups.add(reader.group(name, fallback != null ? fallback : "/aws/lambda/" + name));
            }
            if (follow) {
                StopSignal stop = new StopSignal();
                try (CtrlC ctrlC = CtrlC.stops(stop)) {
                    reader.follow(groups, query, poll, shown, stop);
                }
                return ExitCode.OK.code();
            }
            List<LogGroupRef> missing = reader.read(groups, query, shown);
            String missingNames = missing.stream().map(LogGroupRef::name).collect(Collectors.joining(", "));
            if (missing.size() == groups.size()) {
                throw new LambException(ExitCode.NOT_FOUND, "no log group " + missingNames
                        + ": has the function been deployed and run? (--follow waits for it)");
            }
            if (!missing.isEmpty()) {
                printer.progress("lamb: no log group " + missingNames + " yet");
            }
        }
        return ExitCode.OK.code();
    }

    /**
     * A stage shares the function and its log group with the others: its events are those of the streams of the
     * versions its alias serves now (Lambda names a stream YYYY/MM/DD/[VERSION]id). Said once, since earlier
     * versions' events, and those of other stages serving the same version, are not told apart.
     */
    private Consumer<LogEvent> ofStage(Consumer<LogEvent> all, Set<String> versions, ResultPrinter printer) {
        if (versions.isEmpty()) {
            throw new LambException(ExitCode.NOT_FOUND, "stage " + stage.stage + " has no alias: run 'lamb deploy --stage "
                    + stage.stage + "' first");
        }
        printer.progress("lamb: stage " + stage.stage + ": events of " + (versions.size() == 1 ? "version " : "versions ")
                + String.join(", ", versions) + ", which its alias serves now");
        return event -> {
            if (ReportLines.versionOf(event.stream()).filter(versions::contains).isPresent()) {
                all.accept(event);
            }
        };
    }
}
