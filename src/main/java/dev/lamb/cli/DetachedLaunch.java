package dev.lamb.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.lamb.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * How bin/lamb runs `lamb local start --detach` as one JVM that becomes the cloud, not a lamb that spawns the cloud as
 * a second JVM (issue 18: two JVM starts in series were most of a detached start). For a command line with
 * `--detach` it starts this JVM in the background with {@code -Dlamb.launcher=detach} and standard input the write
 * end of a FIFO, and reads it: "ready" once the cloud answers, then the end of the FIFO once the start has printed
 * its result and let go of the user's terminal (it exits 0 while this process serves on); "rerun" for any other
 * command line, which it then runs as usual; or the end alone, when it takes this JVM's exit status. Only the
 * launcher sets the property: elsewhere (an in-process lamb, the tests) a detached start spawns its cloud.
 */
final class DetachedLaunch {
    static final String PROPERTY = "lamb.launcher";

    private DetachedLaunch() {}

    /** Whether bin/lamb started this JVM for a detached start, and reads its standard input for the outcome. */
    static boolean requested() {
        return "detach".equals(System.getProperty(PROPERTY));
    }

    /**
     * Has {@code cli} run only a `lamb local start --detach` that parses without an error or a help request, in this
     * JVM. Every other line goes back to the launcher to run the usual way, with the terminal as stdin.
     */
    static void onlyDetachedStarts(CommandLine cli) {
        CommandLine.IExecutionStrategy run = cli.getExecutionStrategy();
        cli.setParameterExceptionHandler((e, args) -> rerun());
        cli.setExecutionStrategy(parsed -> servesHere(parsed) ? run.execute(parsed) : rerun());
    }

    private static boolean servesHere(ParseResult parsed) {
        ParseResult last = parsed;
        for (ParseResult command = parsed; command != null; command = command.subcommand()) {
            if (command.isUsageHelpRequested() || command.isVersionHelpRequested()) {
                return false;
            }
            last = command;
        }
        return last.commandSpec().userObject() instanceof LocalCommand.Start start && start.detach;
    }

    /** Tells the launcher to run the command line itself: this JVM's exit code is then no one's. */
    private static int rerun() {
        say("rerun");
        letGo();
        return ExitCode.OK.code();
    }

    /**
     * Tells the launcher that the cloud this process started answers; false when the launcher is gone (killed), as a
     * spawned cloud says nothing to the terminal of a start that was killed.
     */
    static boolean ready() {
        return say("ready");
    }

    /**
     * Lets go of the user's stdout and stderr (the JDK puts /dev/null in their place, so `$(lamb local start
     * --detach)` sees their end) and of the launcher, which then exits 0.
     */
    static void release() {
        System.out.flush();
        System.out.close();
        System.err.close();
        letGo();
    }

    /** Standard input, written to: made on first use, only in a JVM the launcher started so. */
    private static final class Launcher {
        static final FileOutputStream STDIN = new FileOutputStream(FileDescriptor.in);
    }

    private static boolean say(String line) {
        try {
            Launcher.STDIN.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void letGo() {
        try {
            Launcher.STDIN.close();
        } catch (IOException e) {
            // Closed already, or the launcher is gone: either way it is let go.
        }
    }
}
