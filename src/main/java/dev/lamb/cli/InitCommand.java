package dev.lamb.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.build.Toolchain;
import dev.lamb.config.Architecture;
import dev.lamb.config.FunctionName;
import dev.lamb.deploy.FunctionImporter;
import dev.lamb.deploy.ImportedFunction;
import dev.lamb.scaffold.FunctionRuntime;
import dev.lamb.scaffold.FunctionToml;
import dev.lamb.scaffold.ImportedProject;
import dev.lamb.scaffold.ScaffoldRequest;
import dev.lamb.scaffold.ScaffoldResult;
import dev.lamb.scaffold.Scaffolder;
import dev.lamb.ui.Prompter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "init", mixinStandardHelpOptions = true,
        header = "Create a function project: handler, tests, lamb.toml.",
        description = "Create a function project: a greeting handler, its tests, a sample event and lamb.toml.")
final class InitCommand implements Callable<Integer> {
    private static final String DEFAULT_NAME = "hello";

    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "Function name: 1 to 64 letters, digits, '-' or '_' (default with --yes: the --dir folder's name, or hello).")
    String name;

    @Option(names = "--runtime", paramLabel = "RUNTIME", completionCandidates = Candidates.Runtimes.class,
            description = "One of: ${COMPLETION-CANDIDATES}, for its newest Lambda runtime, or a Lambda runtime of one, "
                    + "such as python3.13 (default: python with --yes).")
    String runtime;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "x86_64", completionCandidates = Candidates.Architectures.class,
            description = "x86_64 or arm64 (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder to create (default: ./NAME).")
    Path dir;

    @Option(names = {"-y", "--yes"}, description = "Ask nothing: take defaults for what is not given.")
    boolean yes;

    @Option(names = "--force", description = "Write into a folder that is not empty (template files are overwritten).")
    boolean force;

    @Option(names = "--from-function", paramLabel = "FUNCTION", description = "Write lamb.toml from a deployed function "
            + "that lamb did not make (its settings, role, async, concurrency and URL; --dir defaults to ./FUNCTION); "
            + "the first deploy is then 'lamb deploy --adopt'.")
    String fromFunction;

    @Option(names = "--with-values", description = "With --from-function: write the environment's values too (they may be "
            + "secrets); without it, only the names.")
    boolean withValues;

    @Option(names = "--with-code", description = "With --from-function: download the function's code into the folder too.")
    boolean withCode;

    @Override
    public Integer call() throws Exception {
        if (fromFunction != null) {
            return fromFunction();
        }
        if (withValues || withCode) {
            throw LambException.usage((withValues ? "--with-values" : "--with-code") + " goes with --from-function FUNCTION");
        }
        boolean ask = !yes && root.terminals().interactive();
        FunctionRuntime.Choice chosenRuntime;
        String chosenName;
        Architecture architecture = Architecture.parse(arch);
        if (ask && (runtime == null || name == null)) {
            try (Prompter prompter = new Prompter(root.terminals().open())) {
                chosenRuntime = runtime != null ? FunctionRuntime.parse(runtime)
                        : choice(prompter.choose("Runtime?", List.of(FunctionRuntime.values()), FunctionRuntime.PYTHON,
                                r -> r.id() + " (" + r.lambdaRuntime() + ")"));
                chosenName = name != null ? FunctionName.require(name)
                        : prompter.ask("Function name", defaultName(), FunctionName::isValid, "use " + FunctionName.RULE);
            }
        } else {
            chosenRuntime = runtime != null ? FunctionRuntime.parse(runtime) : defaultOrMissing(
                    choice(FunctionRuntime.PYTHON), "--runtime: choose one of " + FunctionRuntime.ids());
            chosenName = FunctionName.require(name != null ? name : defaultOrMissing(defaultName(),
                    "the function name: lamb init NAME"));
        }
        Path target = dir != null ? dir : Path.of(chosenName);
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        enclosingProject(target).ifPresent(outer -> printer.progress("lamb: warning: " + ResultPrinter.display(target)
                + " is inside the project at " + ResultPrinter.display(outer) + " (it has a lamb.toml): lamb commands run in "
                + "the new folder use the new project"));
        ScaffoldResult result = new Scaffolder().create(
                new ScaffoldRequest(chosenName, chosenRuntime, architecture, target, force));
        FunctionRuntime template = chosenRuntime.template();
        if (!Toolchain.onPath(template.tool())) {
            printer.progress("lamb: warning: " + template.tool() + " is not on PATH: the project's tests and build need "
                    + template.toolchain());
        }
        // A default name the folder did not give (its name is no function name) is said, not left to be found out.
        boolean nameFromElsewhere = name == null && !ask && dir != null && !target.toAbsolutePath().normalize().endsWith(chosenName);
        printer.result(result, out -> {
            out.printf("Created %s (%s, %s) in %s: %d files%n", result.name(), result.runtime(),
                    result.architecture(), ResultPrinter.shellWord(result.dir()), result.files().size());
            if (nameFromElsewhere) {
                out.println("Function name: " + result.name() + " (the folder's name is not a valid one; "
                        + "lamb init NAME chooses another)");
            }
            out.println("Next:");
            out.printf("  %-30s # go to the project%n", "cd " + ResultPrinter.shellWord(result.dir()));
            out.printf("  %-30s # run its tests%n", template.testCommand());
            out.printf("  %-30s # build the zip that Lambda runs%n", "lamb package");
        });
        return ExitCode.OK.code();
    }

    /** `init --from-function`: reads the function, then writes its project; nothing is written if a read fails. */
    private int fromFunction() {
        if (name != null || runtime != null) {
            throw LambException.usage("--from-function takes the name and runtime from the function: leave out "
                    + (name != null ? "NAME (--dir chooses the folder)" : "--runtime"));
        }
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        AwsTarget target = root.aws.target(printer::progress);
        ImportedFunction imported;
        byte[] code = null;
        try (AwsClients aws = new AwsClients(target, printer::progress)) {
            aws.requireCredentials();
            FunctionImporter importer = new FunctionImporter(aws, target.region());
            imported = importer.read(fromFunction);
            if (withCode) {
                code = importer.download(imported.codeLocation());
            }
        }
        Path folder = dir != null ? dir : Path.of(fromFunction);
        List<String> files = ImportedProject.write(folder, FunctionToml.render(imported.function(), imported.retentionSet(),
                imported.onAlias(), withValues), withValues, code);
        boolean unfilled = !withValues && !imported.function().environment().isEmpty();
        ScaffoldResult result = new ScaffoldResult(fromFunction, imported.function().runtime(), imported.function().architecture(),
                folder.toAbsolutePath().normalize(), files);
        printer.result(result, out -> {
            out.printf("Wrote %s's project (%s, %s) in %s: %d files%n", result.name(), result.runtime(), result.architecture(),
                    ResultPrinter.shellWord(result.dir()), files.size());
            out.println("Next:");
            out.printf("  %-30s # go to the project%n", "cd " + ResultPrinter.shellWord(result.dir()));
            if (unfilled) {
                out.printf("  %-30s # fill in [function.environment]'s values: deploy refuses the placeholders%n",
                        "edit lamb.toml");
            }
            out.printf("  %-30s # check [api] routes: deploy adds a PUBLIC REST API (no auth) in front of the function%n",
                    "edit lamb.toml");
            out.printf("  %-30s # see what the first deploy would change%n", "lamb deploy --adopt --dry-run");
            out.printf("  %-30s # take the function over%n", "lamb deploy --adopt");
        });
        return ExitCode.OK.code();
    }

    private static FunctionRuntime.Choice choice(FunctionRuntime template) {
        return new FunctionRuntime.Choice(template, template.lambdaRuntime());
    }

    /** The project folder (with a lamb.toml) that the new one would sit inside, if any. */
    private static Optional<Path> enclosingProject(Path target) {
        for (Path up = target.toAbsolutePath().normalize().getParent(); up != null; up = up.getParent()) {
            if (Files.isRegularFile(up.resolve("lamb.toml"))) {
                return Optional.of(up);
            }
        }
        return Optional.empty();
    }

    private <T> T defaultOrMissing(T fallback, String what) {
        if (yes) {
            return fallback;
        }
        throw LambException.usage("missing " + what + " (or pass --yes to take the defaults)");
    }

    private String defaultName() {
        if (dir != null && dir.toAbsolutePath().normalize().getFileName() != null) {
            String base = dir.toAbsolutePath().normalize().getFileName().toString();
            if (FunctionName.isValid(base)) {
                return base;
            }
        }
        return DEFAULT_NAME;
    }

}
