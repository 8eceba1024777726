package dev.lamb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import dev.lamb.LambException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes a command's result on stdout, as text for people or as one JSON record for programs, and
 * its progress on stderr. JSON comes from lamb's own records, never from SDK objects.
 */
final class ResultPrinter {
    /**
     * Made on the first JSON result: Jackson's start (~40-60 ms of a JVM's start) is not paid by commands that only
     * print text or progress, as `lamb local stop` does.
     */
    private static final class Json {
        /** A figure that could not be measured (NaN, as for a size whose invocations failed) is null in JSON. */
        private static final StdSerializer<Double> NOT_A_NUMBER_AS_NULL = new StdSerializer<>(Double.class) {
            @Override
            public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
                if (value.isNaN() || value.isInfinite()) {
                    out.writeNull();
                } else {
                    out.writeNumber(value);
                }
            }
        };

        static final ObjectMapper MAPPER = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .registerModule(new SimpleModule().addSerializer(Path.class, new ToStringSerializer(Path.class))
                        .addSerializer(Double.class, NOT_A_NUMBER_AS_NULL).addSerializer(double.class, NOT_A_NUMBER_AS_NULL));

        private Json() {
        }
    }

    private final CommandSpec spec;
    private final OutputOptions options;

    /** Made first thing by each command, so that --output csv where it means nothing fails before any work. */
    ResultPrinter(CommandSpec spec, OutputOptions options) {
        if (options.csv() && !OutputOptions.formatsFor(spec).contains("csv")) {
            throw LambException.usage("--output csv is for the tables of lamb tune and lamb metrics: use text or json for lamb "
                    + spec.name());
        }
        if (options.sarif() && !OutputOptions.formatsFor(spec).contains("sarif")) {
            throw LambException.usage("--output sarif is for the findings of lamb audit: use text or json for lamb " + spec.name());
        }
        this.spec = spec;
        this.options = options;
    }

    /**
     * When the result will be JSON, makes its writer now on a thread of its own, while the command waits on AWS: Jackson's
     * first look at a record type (its set-up, the record's properties, their serializers) is otherwise paid on the main
     * thread after the command's last call. A failure is left for {@link #result} to meet and report, as before.
     */
    void prepare(Class<?> type) {
        if (!options.json()) {
            return;
        }
        Thread ahead = new Thread(() -> {
            try {
                Json.MAPPER.writerFor(type);
            } catch (RuntimeException e) {
                return; // result() writes the record and says what is wrong
            }
        }, "lamb-result-writer");
        ahead.setDaemon(true);
        ahead.start();
    }

    void result(Object record, Consumer<PrintWriter> asText) {
        PrintWriter out = spec.commandLine().getOut();
        if (options.json()) {
            try {
                out.println(Json.MAPPER.writeValueAsString(record));
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

    /** A path as the user would type it into a shell: {@link #display}, quoted when it holds a space or the like. */
    static String shellWord(Path path) {
        String shown = display(path);
        return shown.matches("[A-Za-z0-9_./@%+=:,-]+") ? shown : "'" + shown.replace("'", "'\\''") + "'";
    }

    /** A line of progress or advice on stderr, where it never mixes with results. */
    void progress(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(line);
        err.flush();
    }
}
