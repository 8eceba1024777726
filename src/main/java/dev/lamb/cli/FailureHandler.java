package dev.lamb.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsErrors;
import dev.lamb.ui.TerminalSafe;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Every failure of a command ends here: one line on stderr, with control characters escaped (the stack
 * trace only with --verbose), and the documented exit code. AWS's errors are translated here, once.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception failure, CommandLine cmd, ParseResult parsed) {
        Exception ex = AwsErrors.translated(failure);
        PrintWriter err = cmd.getErr();
        // A message may carry a function's error or a service's words: escaped, it cannot drive the terminal.
        err.println(cmd.getColorScheme().errorText("lamb: " + TerminalSafe.escape(messageOf(ex))));
        if (verbose(parsed)) {
            ex.printStackTrace(err);
        } else if (!(ex instanceof LambException)) {
            err.println("Run again with --verbose for the stack trace.");
        }
        err.flush();
        return exitCodeOf(ex);
    }

    private static int exitCodeOf(Throwable ex) {
        if (ex instanceof LambException lamb) {
            return lamb.exitCode().code();
        }
        if (ex instanceof InterruptedException) {
            return ExitCode.INTERRUPTED.code();
        }
        return ExitCode.FAILED.code();
    }

    private static String messageOf(Exception ex) {
        if (ex instanceof LambException) {
            return ex.getMessage();
        }
        if (ex instanceof InterruptedException) {
            return "interrupted";
        }
        if (ex instanceof UncheckedIOException io) {
            return LambException.io("I/O error", io.getCause()).getMessage();
        }
        return "unexpected error: " + ex;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
