package dev.lamb.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.config.ProjectConfig;
import dev.lamb.secrets.SecretChange;
import dev.lamb.secrets.SecretInput;
import dev.lamb.secrets.SecretRemoval;
import dev.lamb.secrets.SecretRow;
import dev.lamb.secrets.SecretStore;
import dev.lamb.secrets.SecretTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "secrets", mixinStandardHelpOptions = true,
        header = "Set, list and delete secrets, never showing a value.",
        description = {"Secrets the function reads by reference ([function.secrets] in lamb.toml). NAME is the name the function "
                + "uses: in a project whose stage references NAME, that reference's secret; otherwise the secret named NAME "
                + "(STAGE/NAME with --stage). Values are never printed, in text, JSON or --verbose."})
final class SecretsCommand {
    @ParentCommand
    LambCommand root;

    /** What every `lamb secrets` subcommand has: the project, the stage, and the group's root. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        SecretsCommand secrets;

        @Spec
        CommandSpec spec;

        @Mixin
        ProjectOptions project;

        @Mixin
        StageOptions stage;

        Optional<ProjectConfig> projectIfAny() {
            return project.loadIfAny();
        }

        LambCommand root() {
            return secrets.root;
        }

        /** Runs {@code body} on clients for --local, --endpoint-url or AWS, as the root's options say. */
        <T> T withStore(ResultPrinter printer, Function<SecretStore, T> body) {
            try (AwsClients aws = new AwsClients(root().aws.target(printer::progress), printer::progress)) {
                return body.apply(new SecretStore(aws));
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            header = "Store a secret's value: a new secret, or a new version of it.",
            description = {"The value comes from stdin when stdin is not a terminal (all of it, less one trailing newline, \\n or "
                    + "\\r\\n, as echo adds), or from a prompt that shows no character of it; never from an argument. In a "
                    + "project whose lamb.toml does not reference it yet, says what to add there. Prints the secret's name, ARN and "
                    + "version id."})
    static final class SetValue extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The name the function uses, such as DB_PASSWORD.")
        String name;

        /** Taken only to refuse, without echoing it: a value typed here would stay in the shell's history. */
        @Parameters(index = "1..*", hidden = true)
        List<String> extra;

        @Option(names = "--value", hidden = true, arity = "0..1")
        String value;

        @Option(names = "--description", paramLabel = "TEXT", description = "The secret's description in Secrets Manager.")
        String description;

        @Option(names = "--dry-run", description = "Say whether the secret would be created or get a new version, reading no "
                + "value and changing nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            ResultPrinter printer = new ResultPrinter(spec, root().output);
            if (extra != null || value != null) {
                throw LambException.usage("lamb secrets set takes no value on the command line, where the shell's history keeps "
                        + "it: " + SecretInput.pipeHint(name));
            }
            SecretTarget target = SecretTarget.of(projectIfAny(), name, stage.stage);
            SecretChange change = withStore(printer, store -> store.set(target, () -> SecretInput.read(root().terminals(), name),
                    Optional.ofNullable(description), dryRun));
            printer.result(change, out -> print(out, change));
            return ExitCode.OK.code();
        }

        private static void print(PrintWriter out, SecretChange change) {
            if (change.dryRun()) {
                out.println(change.created() ? "would create " + change.kind() + " " + change.name()
                        : "would put a new version of " + change.kind() + " " + change.name() + " (" + change.arn() + ")");
                out.println("dry run: no value read, nothing changed");
            } else {
                printDone(out, change);
            }
            if (!change.referenceToAdd().isEmpty()) {
                out.println("lamb.toml does not reference it yet: to give it to the function, add " + change.referenceToAdd());
            }
        }

        private static void printDone(PrintWriter out, SecretChange change) {
            out.println(change.created() ? "created " + change.kind() + " " + change.name()
                    : "put a new version of " + change.name() + (change.lambs() ? "" : ", a " + change.kind() + " lamb did not create,")
                    + " (the one before stays as " + change.previous() + ")");
            out.println("  arn      " + change.arn());
            out.println("  version  " + change.versionId());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            header = "List secrets: names, ARNs, current versions and when each last changed, never values.",
            description = {"In a project: the secrets the stage references in lamb.toml, with a line for each that does not "
                    + "exist, then those 'lamb secrets set' made for the project that lamb.toml does not reference yet. Outside one: the secrets lamb created (tagged lamb:secret), or every secret with --all."})
    static final class ListSecrets extends Subcommand {
        @Option(names = "--all", description = "Outside a project, every secret in the account and region, not only lamb's.")
        boolean all;

        @Override
        public Integer call() {
            ResultPrinter printer = new ResultPrinter(spec, root().output);
            Optional<ProjectConfig> config = projectIfAny().map(stage::of);
            if (config.isPresent() && all) {
                throw LambException.usage("--all lists every secret outside a project; in one, lamb secrets list shows the stage's "
                        + "references: drop --all, or run it with --dir outside the project");
            }
            List<SecretRow> rows = withStore(printer, store -> config.isPresent()
                    ? store.listProject(config.get()) : store.list(all));
            String empty = config.isPresent() ? "lamb.toml references no secret for stage " + config.get().api().stage()
                    + ": add one with 'lamb secrets set NAME'"
                    : all ? "no secrets in this account and region" : "no secrets created by lamb here (--all lists every secret)";
            printer.result(rows, out -> print(out, rows, empty));
            return ExitCode.OK.code();
        }

        private static void print(PrintWriter out, List<SecretRow> rows, String empty) {
            if (rows.isEmpty()) {
                out.println(empty);
                return;
            }
            int width = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
            String row = "%-" + width + "s  %-36s  %-20s  %s%n";
            out.printf(row, "name", "version", "last changed", "arn");
            for (SecretRow r : rows) {
                if (r.missing()) {
                    out.printf("%-" + width + "s  missing: %s does not exist; create it with 'lamb secrets set %s'%n", r.name(),
                            r.reference(), r.name());
                } else {
                    out.printf(row, r.name(), r.versionId() == null ? "-" : r.versionId(), r.lastChanged(), r.arn()
                            + (r.deletedDate() == null ? "" : " (deleted on " + r.deletedDate() + ", restorable during its recovery "
                            + "window)") + (r.reference() == null ? " (lamb.toml does not reference it yet)" : ""));
                }
            }
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            header = "Delete a secret, with Secrets Manager's recovery window unless --force.",
            description = {"Deletes with a recovery window (30 days unless --recovery-days) during which "
                    + "'aws secretsmanager restore-secret' brings the secret back; --force deletes it at once, for good. lamb.toml "
                    + "is left as it is."})
    static final class Remove extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The name the function uses, or the secret's name.")
        String name;

        @Option(names = "--force", description = "Delete now, without a recovery window (ForceDeleteWithoutRecovery).")
        boolean force;

        @Option(names = "--recovery-days", paramLabel = "N",
                description = "Days Secrets Manager keeps the secret restorable, 7 to 30 (default: 30).")
        Integer recoveryDays;

        @Option(names = "--dry-run", description = "Say what would be deleted, and how, deleting nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            ResultPrinter printer = new ResultPrinter(spec, root().output);
            if (force && recoveryDays != null) {
                throw LambException.usage("--force deletes without a recovery window: drop --recovery-days, or --force");
            }
            int days = recoveryDays == null ? SecretStore.MAX_RECOVERY_DAYS : recoveryDays;
            if (days < SecretStore.MIN_RECOVERY_DAYS || days > SecretStore.MAX_RECOVERY_DAYS) {
                throw LambException.usage("--recovery-days " + days + " is out of Secrets Manager's range: "
                        + SecretStore.MIN_RECOVERY_DAYS + " to " + SecretStore.MAX_RECOVERY_DAYS);
            }
            SecretTarget target = SecretTarget.of(projectIfAny(), name, stage.stage);
            SecretRemoval removal = withStore(printer, store -> store.remove(target, force, days, dryRun));
            printer.result(removal, out -> print(out, removal, days));
            return ExitCode.OK.code();
        }

        private static void print(PrintWriter out, SecretRemoval removal, int days) {
            if (removal.dryRun()) {
                out.println("would delete " + removal.name() + " (" + removal.arn() + ") " + (removal.forced()
                        ? "for good, without recovery" : "with a " + days + "-day recovery window, until about "
                        + removal.deletionDate()));
                out.println("dry run: nothing deleted");
            } else if (removal.forced()) {
                out.println("deleted " + removal.name() + " (" + removal.arn() + ") for good, without recovery");
            } else {
                out.println("deleted " + removal.name() + " (" + removal.arn() + ") with a " + days + "-day recovery window: "
                        + "Secrets Manager deletes it for good on " + removal.deletionDate());
                out.println("restore it until then with: " + removal.restoreCommand());
            }
            if (!removal.stillReferencedAs().isEmpty()) {
                out.println("lamb.toml still references it as " + String.join(", ", removal.stillReferencedAs())
                        + ": remove the reference, or set it again");
            }
        }
    }
}
