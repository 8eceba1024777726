package dev.lamb.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.invoke.FunctionInvoker;
import dev.lamb.invoke.Invocation;
import dev.lamb.invoke.InvokeRequest;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.local.LocalEvents;
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
                + "the project's sources run on this machine through the Lambda Runtime API, no Docker needed.",
            "The sources run as Lambda runs them: with AWS_ENDPOINT_URL of the local cloud (started if none runs), its "
                + "region, and their role's credentials from its STS; --aws-credentials gives them yours instead."})
final class InvokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Mixin
    StageOptions stage;

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
            description = "The alias or version to invoke (default: the stage's alias, named after the stage).")
    String qualifier;

    @Option(names = "--sources", description = "With --local: run the project's sources even when the function is deployed "
            + "to the local cloud.")
    boolean sources;

    @Option(names = "--async", description = "Queue an asynchronous (Event) invocation of the deployed function and print its "
            + "request id; Lambda retries a failure as [function.async] says. 'lamb logs --request-id ID' shows its attempts.")
    boolean async;

    @Mixin
    EventOptions event;

    @Mixin
    FunctionAwsOptions functionAws;

    @Override
    public Integer call() {
        InvokeRequest request = new InvokeRequest(InvokeRequest.Where.of(root.aws.local, sources), qualifier,
                new LocalEvents.Input(method, path, query, headers, body, event.file(), event.json()));
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        ProjectConfig config = stage.of(project.load());
        if (functionAws.awsCredentials && !root.aws.local) {
            throw LambException.usage("--aws-credentials is for the sources run on this machine: add --local");
        }
        FunctionInvoker invoker = new FunctionInvoker(() -> root.aws.target(printer::progress), () -> root.aws.localCloud(printer::progress),
                functionAws.awsCredentials ? root.aws::aws : null, printer::progress);
        if (async) {
            FunctionInvoker.Queued queued = invoker.queue(config, request);
            printer.result(queued, out -> out.println(queued.requestId()));
            printer.progress("lamb: queued " + queued.function() + ":" + queued.qualifier() + "; 'lamb logs --request-id "
                    + queued.requestId() + "' shows its attempts");
            return ExitCode.OK.code();
        }
        Invocation invocation = invoker.invoke(config, request);
        InvocationResult result = invocation.result();
        Ansi ansi = spec.commandLine().getColorScheme().ansi();
        boolean screen = root.terminals().interactive();
        printer.result(new InvocationView.Answer(invocation),
                out -> InvocationView.show(invocation, out, root.stdout(), printer::progress, ansi, screen));
        if (result.failed()) {
            throw LambException.failed(result.functionError() + " " + InvocationView.error(result));
        }
        return ExitCode.OK.code();
    }
}
