package dev.lamb.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.lamb.DidYouMean;
import dev.lamb.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** A mistyped command or option: one line, a suggestion when one is close, where to look, exit 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = ex.getMessage();
        Optional<String> suggestion = Optional.empty();
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String typed = unmatched.getUnmatched().get(0);
            boolean option = typed.startsWith("-");
            String word = option && typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            if (!option && !cmd.getSubcommands().isEmpty()) {
                message = "unknown command '" + typed + "'";
            } else if (!option) {
                message = "unexpected argument '" + typed + "'";
            } else {
                message = "unknown option '" + word + "'";
            }
            suggestion = DidYouMean.closest(word, option ? optionNames(cmd.getCommandSpec()) : cmd.getSubcommands().keySet());
        }
        err.println(cmd.getColorScheme().errorText("lamb: " + message));
        suggestion.ifPresent(s -> err.println("Did you mean '" + s + "'?"));
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    private static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        spec.options().forEach(o -> names.addAll(List.of(o.names())));
        return names;
    }
}
