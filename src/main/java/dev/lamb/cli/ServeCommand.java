package dev.lamb.cli;

import java.util.List;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.config.ConfigWarnings;
import dev.lamb.config.ProjectConfig;
import dev.lamb.local.serve.LocalApiServer;
import dev.lamb.local.serve.ServeLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Serve lamb.toml's routes on a local HTTP port.",
        description = {"Serve the routes of lamb.toml on a local HTTP port, as API Gateway would: each request "
                + "invokes the function on this machine, warm instances are reused.",
            "Routes answer at /PATH and at /STAGE/PATH; an unknown route gets API Gateway's 403. Ctrl-C stops.",
            "The function runs as Lambda runs it: with AWS_ENDPOINT_URL of the local cloud (started if none runs), its "
                + "region, and its role's credentials from its STS; --aws-credentials gives it yours instead."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "3000", description = "Port to listen on (default: 3000; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for every network).")
    String host;

    @Option(names = "--watch", description = "Rebuild and reload the function when the project's files change.")
    boolean watch;

    @Mixin
    ProjectOptions project;

    @Mixin
    FunctionAwsOptions functionAws;

    /** What --output json prints once the server listens. */
    record Listening(String url, String stage, List<String> routes) {}

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw LambException.usage("--port " + port + ": give a port from 0 to 65535");
        }
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        ProjectConfig config = project.load();
        ConfigWarnings.of(config).forEach(w -> printer.progress("lamb: warning: " + w));
        ServeLog log = new ServeLog(printer::progress, spec.commandLine().getColorScheme().ansi().enabled());
        LocalApiServer.Options options = new LocalApiServer.Options(host, port, watch);
        LocalApiServer server = LocalApiServer.start(config, () -> functionAws.run(root.aws, config, printer::progress), options, log);
        // Ctrl-C (or SIGTERM) is how lamb serve is meant to stop, not a failure: once the instances are
        // stopped, exit 0 rather than the JVM's 130 (143).
        Thread hook = new Thread(() -> {
            server.close();
            Runtime.getRuntime().halt(ExitCode.OK.code());
        }, "lamb-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            List<String> urls = server.routeUrls();
            printer.result(new Listening(server.url(), server.stage(), urls), out -> urls.forEach(out::println));
            printer.progress("serving " + config.function().name() + " (" + config.function().runtime()
                    + "); routes answer under /" + server.stage() + "/ too" + (watch ? "; watching for changes" : "")
                    + "; Ctrl-C stops");
            server.awaitClose();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and runs the hook itself
            }
        }
        return ExitCode.OK.code();
    }
}
