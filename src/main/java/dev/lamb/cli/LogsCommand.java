package dev.lamb.cli;

import java.util.concurrent.Callable;

import dev.lamb.LambException;
import picocli.CommandLine.Command;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "Not built yet.")
final class LogsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw LambException.usage("lamb logs is not built yet");
    }
}
