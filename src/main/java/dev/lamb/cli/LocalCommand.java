package dev.lamb.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.local.cloud.InvocationLimits;
import dev.lamb.local.cloud.LocalCloudCredentials;
import dev.lamb.local.cloud.LocalCloudHome;
import dev.lamb.local.cloud.LocalCloudOperations;
import dev.lamb.local.cloud.LocalCloudProcess;
import dev.lamb.local.cloud.lambda.AsyncDelayScale;
import dev.lamb.local.runtime.RuntimeReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "local", mixinStandardHelpOptions = true,
        header = "The local cloud: AWS's APIs on 127.0.0.1, no account needed.",
        description = "The local cloud: Lambda, IAM, STS, API Gateway, S3, CloudWatch Logs, CloudWatch (metrics and alarms), X-Ray, "
                + "Secrets Manager and Systems Manager Parameter Store on 127.0.0.1, for the AWS CLI, the SDKs and lamb.")
final class LocalCommand {
    @ParentCommand
    LambCommand root;

    @Option(names = "--data-dir", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Where the local cloud keeps its state (default: $LAMB_LOCAL_DATA, else $XDG_DATA_HOME/lamb/local, else $HOME/.local/share/lamb/local).")
    Path dataDir;

    LocalCloudHome home() {
        return LocalCloudHome.of(dataDir);
    }

    /** The detached local cloud of this data folder, or exit 4 as 'lamb local status' says it. */
    LocalCloudHome.Running running() {
        LocalCloudHome home = home();
        return home.running().orElseThrow(() -> new LambException(ExitCode.NOT_FOUND, "no local cloud is running for "
                + home.dataDir() + ": start one with 'lamb local start --detach'"));
    }

    /** What every `lamb local` subcommand has: the group's options and its own spec. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        LocalCommand local;

        @Spec
        CommandSpec spec;

        ResultPrinter printer() {
            return new ResultPrinter(spec, local.root.output);
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Serve the local cloud on 127.0.0.1 until Ctrl-C, or in the background with --detach.")
    static final class Start extends Subcommand {
        @Option(names = "--port", paramLabel = "PORT", description = "Port (default: $LAMB_LOCAL_PORT, else 4588).")
        Integer port;

        @Option(names = "--detach", description = "Run in the background; 'lamb local stop' stops it.")
        boolean detach;

        @Option(names = "--auth", description = "Verify SigV4 signatures against keys made for this data folder "
                + "(profile lamb-local in DIR/auth); every later start of the folder does too, until 'lamb local reset'.")
        boolean auth;

        @Option(names = "--max-instances", paramLabel = "N", description = "Concurrent instances of one function; past "
                + "them Invoke waits up to 2 s, then answers 429 (default: $LAMB_LOCAL_MAX_INSTANCES, else 10).")
        Integer maxInstances;

        @Option(names = "--max-concurrency", paramLabel = "N", description = "Concurrent instances of all functions "
                + "together (default: $LAMB_LOCAL_MAX_CONCURRENCY, else 50).")
        Integer maxConcurrency;

        @Option(names = "--async-delay-scale", paramLabel = "X", description = "Run asynchronous invocation's clock at X of "
                + "Lambda's, above 0 and at most 1: 0.01 makes the 1- and 2-minute retry delays 0.6 and 1.2 s, and event ages "
                + "as short, and CloudWatch alarms are evaluated every 0.6 s, not every minute (default: $LAMB_LOCAL_ASYNC_DELAY_SCALE, else 1).")
        Double asyncDelayScale;

        @Override
        public Integer call() throws InterruptedException {
            LocalCloudHome home = local.home();
            int chosen = port != null ? port : LocalCloudHome.defaultPort();
            ResultPrinter printer = printer();
            InvocationLimits limits = InvocationLimits.of(maxInstances, maxConcurrency, System.getenv());
            double delayScale = AsyncDelayScale.of(asyncDelayScale, System.getenv());
            if (auth) {
                if (LocalCloudCredentials.of(home.dataDir()).isEmpty() && home.running().isPresent()) {
                    throw LambException.usage("a local cloud already runs for " + home.dataDir() + " without --auth: "
                            + "stop it with 'lamb local stop', then start it with --auth");
                }
                LocalCloudCredentials.enable(home.dataDir());
                LocalCloudCredentials.writeConfig(home.dataDir(), "http://127.0.0.1:" + chosen);
                printer.progress("signatures verified; AWS tools use: export AWS_CONFIG_FILE="
                        + LocalCloudCredentials.configFile(home.dataDir()) + " AWS_SHARED_CREDENTIALS_FILE="
                        + LocalCloudCredentials.credentialsFile(home.dataDir()) + " AWS_PROFILE=" + LocalCloudCredentials.PROFILE);
            }
            if (detach && DetachedLaunch.requested()) {
                LocalCloudProcess.serveDetached(home, chosen, limits, delayScale, started -> {
                    if (!started.byThisProcess()) {
                        printStarted(home, started);
                        return;
                    }
                    if (DetachedLaunch.ready()) {
                        printStarted(home, started);
                    }
                    DetachedLaunch.release();
                });
                return ExitCode.OK.code();
            }
            if (detach) {
                printStarted(home, home.startDetached(chosen, LocalCloudHome.thisCloud(),
                        List.of("--max-instances", String.valueOf(limits.perFunction()),
                                "--max-concurrency", String.valueOf(limits.account()),
                                "--async-delay-scale", String.valueOf(delayScale))));
                return ExitCode.OK.code();
            }
            LocalCloudProcess.serve(home, chosen, limits, delayScale, printer::progress);
            return ExitCode.OK.code();
        }

        /** What a detached start found: the cloud it started, or the folder's that runs already, on the port asked for. */
        private void printStarted(LocalCloudHome home, LocalCloudHome.Started started) {
            LocalCloudHome.Running running = started.running();
            if (!started.byThisProcess() && port != null && running.port() != port) {
                throw LambException.usage("the local cloud of " + home.dataDir() + " already runs on port " + running.port()
                        + ", not " + port + ": use that port, or stop it first with '" + home.stopCommand() + "'");
            }
            printer().result(running, out -> out.println("local cloud " + (started.byThisProcess() ? "" : "already ")
                    + "running at " + running.endpoint() + " (pid " + running.pid() + ", data " + home.dataDir() + ")"));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the local cloud of the data folder: its port, uptime, functions and APIs (exit 0), or that none runs (exit 4).")
    static final class Status extends Subcommand {
        @Override
        public Integer call() {
            LocalCloudHome home = local.home();
            LocalCloudHome.Status status = home.status().orElseThrow(() -> new LambException(ExitCode.NOT_FOUND,
                    "no local cloud is running for " + home.dataDir() + ": start one with 'lamb local start --detach'"));
            printer().result(status, out -> {
                out.println("local cloud running at " + status.endpoint() + " (pid " + status.pid() + ")");
                out.println("  data folder: " + status.dataDir());
                out.println("  port:        " + status.port());
                out.println("  uptime:      " + uptime(status.uptimeSeconds()));
                out.println("  functions:   " + status.functions());
                out.println("  APIs:        " + status.apis());
                RuntimeReport runtimes = status.runtimes();
                if (runtimes != null) {
                    out.println("  runtimes:");
                    runtimes.runtimes().forEach(r -> out.println("    " + r.runtime() + "  " + r.path()));
                    out.println("  SDKs functions get:");
                    runtimes.sdks().forEach(sdk -> out.println("    " + sdk.sdk() + " " + sdk.version() + "  " + sdk.path()));
                    runtimes.missing().forEach(line -> out.println("    " + line));
                }
            });
            return ExitCode.OK.code();
        }

        private static String uptime(long seconds) {
            if (seconds < 60) {
                return seconds + " s";
            }
            if (seconds < 3600) {
                return seconds / 60 + " min " + seconds % 60 + " s";
            }
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the detached local cloud.")
    static final class Stop extends Subcommand {
        @Override
        public Integer call() {
            boolean was = local.home().stop();
            printer().progress(was ? "local cloud stopped" : "no local cloud was running");
            return ExitCode.OK.code();
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Delete every function, role and log the local cloud kept (refused while it runs).")
    static final class Reset extends Subcommand {
        @Override
        public Integer call() {
            LocalCloudHome home = local.home();
            home.reset();
            printer().progress("local cloud state cleared in " + home.dataDir());
            return ExitCode.OK.code();
        }
    }

    @Command(name = "operations", mixinStandardHelpOptions = true,
            description = "List the AWS operations the local cloud serves, per service, with the request that reaches each "
                    + "(docs/local-cloud.md); any other answers NotImplemented.")
    static final class Operations extends Subcommand {
        @Override
        public Integer call() {
            LocalCloudOperations operations = LocalCloudOperations.ofLocalCloud();
            printer().result(operations, out -> out.print(operations.markdown()));
            return ExitCode.OK.code();
        }
    }
}
