package dev.lamb.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.lamb.ByteSizes;
import dev.lamb.ExitCode;
import dev.lamb.build.PackageResult;
import dev.lamb.config.ProjectConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "package", mixinStandardHelpOptions = true,
        header = "Build the deployment zip; print its size and CodeSha256.",
        description = "Build the deployment zip that Lambda will run, byte for byte the same for the same inputs, "
                + "and print its size and CodeSha256.")
final class PackageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Mixin
    ProjectOptions project;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the zip (default: .lamb/NAME.zip in the project).")
    Path out;

    @Override
    public Integer call() {
        ProjectConfig config = project.load();
        ProjectConfig.Function fn = config.function();
        Path zip = out != null ? out : config.dir().resolve(".lamb").resolve(fn.name() + ".zip");
        ResultPrinter printer = new ResultPrinter(spec, root.output);
        PackageResult result = project.pack(config, zip, printer::progress);
        printer.result(result, text -> {
            text.printf("%s  %s, %d files (%s unzipped)%n", ResultPrinter.display(result.zip()),
                    ByteSizes.human(result.sizeBytes()), result.entries(), ByteSizes.human(result.unzippedBytes()));
            text.printf("CodeSha256  %s%n", result.codeSha256());
        });
        return ExitCode.OK.code();
    }
}
