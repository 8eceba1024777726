package dev.lamb.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Range;

/**
 * lamb's commands, each group's in the order its help lists them (a command's name is its {@code @Command} name), and
 * the part of that tree a command line needs. Picocli builds a command's model by reflection as it is added, most of a
 * short run's start (issue 18), so a command line that names its command gets only that command's branch. Anything
 * else gets the whole tree, whose help, usage errors, suggestions and completions list every command: what a command
 * line parses, prints and exits with is the same either way. The groups' commands are here, not in their annotations,
 * which would make picocli build them all with the group.
 */
final class CommandTree {
    private static final Map<Class<?>, List<Class<?>>> SUBCOMMANDS = Map.of(
            LambCommand.class, List.of(
                    // A function's life, from its first line to its removal; then the tools beside it.
                    InitCommand.class,
                    InvokeCommand.class,
                    PackageCommand.class,
                    DeployCommand.class,
                    SecretsCommand.class,
                    StatusCommand.class,
                    LogsCommand.class,
                    TracesCommand.class,
                    MetricsCommand.class,
                    AuditCommand.class,
                    TuneCommand.class,
                    PromoteCommand.class,
                    RollbackCommand.class,
                    DestroyCommand.class,
                    LocalCommand.class,
                    ServeCommand.class,
                    DemoCommand.class,
                    CompletionCommand.class,
                    HelpCommand.class),
            SecretsCommand.class, List.of(SecretsCommand.SetValue.class, SecretsCommand.ListSecrets.class, SecretsCommand.Remove.class),
            LocalCommand.class, List.of(LocalCommand.Start.class, LocalCommand.Status.class, LocalCommand.Stop.class,
                    LocalCommand.Reset.class, LocalFaultsCommand.class, LocalCommand.Operations.class),
            LocalFaultsCommand.class, List.of(LocalFaultsCommand.Add.class, LocalFaultsCommand.List.class, LocalFaultsCommand.Clear.class));

    /** Commands that show others: help any one of them, completion all of them. */
    private static final Set<Class<?>> SHOWING_OTHERS = Set.of(HelpCommand.class, CompletionCommand.class);

    private static final String[] NONE = {};

    /** What {@link #named} says of a command line of this command's options, one of them --version: it prints only that. */
    private static final int NONE_NEEDED = -2;

    private CommandTree() {}

    /** Adds the commands under {@code command} that {@code args} need: the branch they name, else all. */
    static void addFor(CommandLine command, String[] args) {
        addFor(command, args, 0);
    }

    /**
     * Each subcommand is built with its own subcommands before it is added, as picocli builds those of an annotation,
     * so that every command gets the options its parents hand down in the same order. A loop, not a stream: JDK 17
     * leaves out of the start-up archive the (Java 5) picocli classes that a lambda links.
     */
    private static void addFor(CommandLine command, String[] args, int from) {
        List<Class<?>> subcommands = SUBCOMMANDS.getOrDefault(command.getCommandSpec().userObject().getClass(), List.of());
        int named = named(command.getCommandSpec(), subcommands, args, from);
        if (named == NONE_NEEDED) {
            return;
        }
        for (Class<?> type : subcommands) {
            if (named < 0 || nameOf(type).equals(args[named])) {
                CommandLine subcommand = new CommandLine(type, command.getFactory());
                addFor(subcommand, named < 0 ? NONE : args, named + 1);
                command.addSubcommand(subcommand);
            }
        }
    }

    /**
     * Where the subcommand that {@code args} run stands in them, when picocli would parse what comes before it (the
     * command's own options) the same without the other subcommands; else -1. So -1 for no name, a name of no
     * subcommand or of one that shows the others, an unknown option, a help option (which shows this command's help,
     * with its subcommands), a value that looks like a subcommand or option (picocli rejects it), and what picocli may
     * read otherwise (--, @FILE, an option's optional value). {@link #NONE_NEEDED} for known options only, one of them
     * the version option: picocli then prints the version, whatever the subcommands.
     */
    private static int named(CommandSpec spec, List<Class<?>> subcommands, String[] args, int from) {
        boolean version = false;
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                Class<?> type = subcommand(subcommands, arg);
                return type == null || SHOWING_OTHERS.contains(type) ? -1 : i;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            OptionSpec option = spec.findOption(name);
            if (option == null || !List.of(option.names()).contains(name) || option.usageHelp()) {
                return -1;
            }
            version |= option.versionHelp();
            Range arity = option.arity();
            if (arity.max() == 0 && equals < 0) {
                continue;
            }
            if (arity.min() != 1 || arity.max() != 1) {
                return -1;
            }
            if (equals < 0) {
                i++;
                if (i == args.length || args[i].startsWith("-") || args[i].startsWith("@") || subcommand(subcommands, args[i]) != null) {
                    return -1;
                }
            }
        }
        return version ? NONE_NEEDED : -1;
    }

    private static Class<?> subcommand(List<Class<?>> subcommands, String name) {
        for (Class<?> type : subcommands) {
            if (nameOf(type).equals(name)) {
                return type;
            }
        }
        return null;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
