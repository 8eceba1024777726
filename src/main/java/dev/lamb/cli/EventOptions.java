package dev.lamb.cli;

import java.nio.file.Path;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * --event FILE or --payload JSON, one or the other: an event sent as it is, by invoke and tune alike.
 * LocalEvents reads and checks it (a file's kind and size, valid JSON), for both.
 */
final class EventOptions {
    @ArgGroup(exclusive = true)
    Given given = new Given();

    static final class Given {
        @Option(names = "--event", paramLabel = "FILE", description = "Send this JSON file as the event, as it is.")
        Path file;

        @Option(names = "--payload", paramLabel = "JSON", description = "Send this JSON as the event, as it is.")
        String json;
    }

    /** The --event file; null when none was given. */
    Path file() {
        return given.file;
    }

    /** The --payload JSON; null when none was given. */
    String json() {
        return given.json;
    }
}
