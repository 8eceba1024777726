package dev.lamb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes a command's result on stdout, as text for people or as one JSON record for programs, and
 * its progress on stderr. JSON comes from lamb's own records, never from SDK objects.
 */
final class ResultPrinter {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new SimpleModule().addSerializer(Path.class, new ToStringSerializer(Path.class)));

    private final CommandSpec spec;
    private final OutputOptions options;

    ResultPrinter(CommandSpec spec, OutputOptions options) {
        this.spec = spec;
        this.options = options;
    }

    void result(Object record, Consumer<PrintWriter> asText) {
        PrintWriter out = spec.commandLine().getOut();
        if (options.json()) {
            try {
                out.println(JSON.writeValueAsString(record));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            asText.accept(out);
        }
        out.flush();
    }

    /** A path as the user would type it: relative when it lies under the current folder. */
    static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /** A line of progress or advice on stderr, where it never mixes with results. */
    void progress(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(line);
        err.flush();
    }
}
