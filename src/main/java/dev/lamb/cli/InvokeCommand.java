package dev.lamb.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsTarget;
import dev.lamb.aws.RemoteInvoker;
import dev.lamb.config.ProjectConfig;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;
import dev.lamb.local.LocalEvents;
import dev.lamb.local.LocalFunction;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.LocalEngine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "invoke", mixinStandardHelpOptions = true,
        header = "Invoke the function once and print its answer.",
        description = {"Invoke the deployed function once (its alias, with its log tail) and print its answer; "
                + "its log lines go to stderr.",
            "With --local: the function deployed to the local cloud, or, when it is not deployed there (or with --sources), "
                + "the project's sources run on this machine through the Lambda Runtime API, no Docker needed."})
final class InvokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

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

    @Option(names = "--qualifier", paramLabel = "ALIAS|VERSION",
            description = "The alias or version to invoke (default: deploy.alias in lamb.toml, else live).")
    String qualifier;

    @Option(names = "--sources", description = "With --local: run the project's sources even when the function is deployed "
            + "to the local cloud.")
    boolean sources;

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
        if (sources && !root.aws.local) {
            throw LambException.usage("--sources runs the project on this machine: add --local");
        }
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        ProjectConfig config = project.load();
        LocalEvents.Input input = new LocalEvents.Input(method, path, query, headers, body, raw.file, raw.json);
        byte[] event = LocalEvents.event(config, input);
        String alias = qualifier != null ? qualifier : config.deploy().alias();
        String name = config.function().name();
        InvocationResult result;
        if (!root.aws.local) {
            result = RemoteInvoker.invoke(root.aws.target(printer::progress), name, alias, event)
                    .orElseThrow(() -> new LambException(ExitCode.NOT_FOUND, name + " is not deployed: deploy it with 'lamb deploy'"));
        } else if (sources) {
            result = runSources(config, event, printer);
        } else {
            result = onLocalCloud(config, alias, event, printer).orElseGet(() -> {
                if (qualifier != null) {
                    throw new LambException(ExitCode.NOT_FOUND, name + " is not deployed to the local cloud, so it has no "
                            + qualifier + ": deploy it with 'lamb deploy --local'");
                }
                return runSources(config, event, printer);
            });
        }
        // An API Gateway request answers with an HTTP response, whether lamb built it or a file holds it.
        Optional<ProxyResponse> proxy = (LocalEvents.isProxyEvent(input) || ProxyEvent.isRequest(event)) && !result.failed()
                ? ProxyResponse.parse(result.payload()) : Optional.empty();
        Ansi ansi = spec.commandLine().getColorScheme().ansi();
        boolean screen = root.terminals().interactive();
        printer.result(new InvocationView.Answer(result, proxy.orElse(null)),
                out -> InvocationView.show(result, proxy, out, printer::progress, ansi, screen));
        if (result.failed()) {
            throw LambException.failed(result.functionError() + " " + InvocationView.error(result));
        }
        return ExitCode.OK.code();
    }

    private InvocationResult runSources(ProjectConfig config, byte[] event, ResultPrinter printer) {
        FunctionSpec function = LocalFunction.prepare(config, root.aws.regionOr("us-east-1"), printer::progress);
        try (LocalEngine engine = new LocalEngine(notice -> printer.progress("lamb: " + notice))) {
            return LocalFunction.inProject(engine.invoke(function, event), function.taskRoot());
        }
    }

    /**
     * The function invoked on the local cloud of the --local port, if one answers there and has it; no
     * cloud is started to find out, since the sources can run without one.
     */
    private Optional<InvocationResult> onLocalCloud(ProjectConfig config, String alias, byte[] event, ResultPrinter printer) {
        String function = config.function().name();
        Optional<AwsTarget> running = root.aws.runningLocalCloud();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        AwsTarget cloud = running.get();
        Optional<InvocationResult> result = RemoteInvoker.invoke(cloud, function, alias, event);
        if (result.isEmpty()) {
            printer.progress(function + " is not deployed to the local cloud: running its sources here");
        } else {
            RemoteInvoker.deployed(cloud, function, alias).ifPresent(deployed -> sayIfSourcesDiffer(config, alias, deployed, printer));
        }
        return result;
    }

    /** The deployed code ran, not the user's edits: one line says so when the two differ, and both ways forward. */
    private void sayIfSourcesDiffer(ProjectConfig config, String alias, RemoteInvoker.Deployed deployed, ResultPrinter printer) {
        String sources;
        try {
            sources = project.pack(config, line -> {}).codeSha256();
        } catch (LambException e) {
            return; // sources that do not build cannot be compared; the deployed answer stands on its own
        }
        if (!sources.equals(deployed.codeSha256())) {
            printer.progress("the local cloud ran " + alias + " (version " + deployed.version() + "), whose code is not the "
                    + "project's sources: 'lamb deploy --local' deploys them, or --sources runs them as they are");
        }
    }
}
