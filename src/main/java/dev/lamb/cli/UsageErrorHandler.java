package dev.lamb.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.DidYouMean;
import dev.lamb.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** A mistyped command or option: one line, a suggestion when one is close, where to look, exit 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {
    private static final Pattern EXCLUSIVE = Pattern.compile("(?:Error: )?(.+) are mutually exclusive \\(specify only one\\)");

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
        } else if (ex instanceof MutuallyExclusiveArgsException) {
            message = together(message);
        }
        err.println(cmd.getColorScheme().errorText("lamb: " + message));
        suggestion.ifPresent(s -> err.println("Did you mean '" + s + "'?"));
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** picocli's "Error: --event=FILE, --payload=JSON are mutually exclusive (specify only one)", as a sentence. */
    private static String together(String message) {
        Matcher m = EXCLUSIVE.matcher(message);
        if (!m.matches()) {
            return message.replaceFirst("^Error: ", "");
        }
        List<String> names = Arrays.stream(m.group(1).split(", ")).map(o -> o.replaceFirst("=.*", "")).toList();
        return String.join(" and ", names) + " cannot be used together";
    }

    private static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        spec.options().forEach(o -> names.addAll(List.of(o.names())));
        return names;
    }
}
