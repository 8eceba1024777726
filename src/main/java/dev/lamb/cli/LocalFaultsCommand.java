package dev.lamb.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.local.cloud.FaultsClient;
import dev.lamb.local.cloud.LocalCloudCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Throttling, 5xx errors and latency the running local cloud adds to requests, for tests (off by default).")
final class LocalFaultsCommand {
    @ParentCommand
    LocalCommand local;

    /** What every `lamb local faults` subcommand has: the running cloud's admin endpoint and a printer. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        LocalFaultsCommand faults;

        @Spec
        CommandSpec spec;

        ResultPrinter printer() {
            return new ResultPrinter(spec, faults.local.root.output);
        }

        FaultsClient client() {
            return new FaultsClient(faults.local.running().endpoint(),
                    LocalCloudCredentials.of(faults.local.home().dataDir()).orElse(LocalCloudCredentials.TEST));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a fault rule to the running local cloud.")
    static final class Add extends Subcommand {
        @Option(names = "--service", required = true, paramLabel = "SERVICE", completionCandidates = Candidates.FaultServices.class,
                description = "lambda, iam, logs, apigateway, xray, sts, s3, or * for all.")
        String service;

        @Option(names = "--operation", paramLabel = "OP",
                description = "Only this operation: the Logs target or IAM/STS action (PutLogEvents, GetRole), "
                        + "or for REST services a regex over \"METHOD /path\".")
        String operation;

        @Option(names = "--kind", required = true, paramLabel = "KIND", completionCandidates = Candidates.FaultKinds.class,
                description = "throttle (429), error (500/503), latency, Lambda's conflict (409 on function updates) "
                        + "or iam-delay (roles younger than --millis cannot be assumed), or Logs' drop "
                        + "(Live Tail connections cut after --millis).")
        String kind;

        @Option(names = "--rate", paramLabel = "R", description = "Share of matching requests hit, 0 to 1 (default: 1).")
        Double rate;

        @Option(names = "--millis", paramLabel = "MS", description = "Added latency for --kind latency; "
                + "how long a new role cannot be assumed for --kind iam-delay; how long a Live Tail session lasts for --kind drop.")
        Long millis;

        @Option(names = "--count", paramLabel = "N", description = "Only the next N matching requests (default: until cleared).")
        Integer count;

        @Override
        public Integer call() {
            Map<String, Object> rule = client().add(service, operation, kind, rate, millis, count);
            printer().result(rule, out -> out.println("fault " + rule.get("id") + " added: " + describe(rule)));
            return ExitCode.OK.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the running local cloud's fault rules.")
    static final class List extends Subcommand {
        @Override
        public Integer call() {
            var rules = client().list();
            printer().result(rules, out -> {
                if (rules.isEmpty()) {
                    out.println("no faults");
                }
                rules.forEach(rule -> out.println(rule.get("id") + "  " + describe(rule) + state(rule)));
            });
            return ExitCode.OK.code();
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove every fault rule of the running local cloud.")
    static final class Clear extends Subcommand {
        @Override
        public Integer call() {
            client().clear();
            printer().progress("faults cleared");
            return ExitCode.OK.code();
        }
    }

    /** "throttle on lambda GET /2015-03-31/functions", "latency 300 ms on *". */
    static String describe(Map<String, Object> rule) {
        StringBuilder s = new StringBuilder(String.valueOf(rule.get("kind")));
        if (rule.get("millis") != null) {
            s.append(' ').append(rule.get("millis")).append(" ms");
        }
        if (rule.get("rate") != null && ((Number) rule.get("rate")).doubleValue() < 1) {
            s.append(" at rate ").append(rule.get("rate"));
        }
        s.append(" on ").append(rule.get("service"));
        if (rule.get("operation") != null) {
            s.append(' ').append(rule.get("operation"));
        }
        return s.toString();
    }

    private static String state(Map<String, Object> rule) {
        String fired = ", fired " + rule.get("fired");
        if (rule.get("count") == null) {
            return " (until cleared" + fired + ")";
        }
        return " (" + rule.get("remaining") + " of " + rule.get("count") + " left" + fired
                + (Boolean.TRUE.equals(rule.get("spent")) ? " (spent)" : "") + ")";
    }
}
