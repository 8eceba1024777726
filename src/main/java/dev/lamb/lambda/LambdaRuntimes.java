package dev.lamb.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * AWS Lambda's runtimes, read from the data file runtimes.tsv beside this class: the one list of which
 * runtimes lamb.toml accepts, which `init` offers, which the local engine runs (by family) and which the
 * local cloud's CreateFunction takes. A new runtime is a line in that file, not a change of code.
 */
public final class LambdaRuntimes {
    private static final String RESOURCE = "runtimes.tsv";
    private static final String UNKNOWN = "unknown";
    private static final List<LambdaRuntime> ALL = read();

    private LambdaRuntimes() {}

    /** Every runtime, each family's newest first. */
    public static List<LambdaRuntime> all() {
        return ALL;
    }

    public static Optional<LambdaRuntime> find(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public static boolean isKnown(String id) {
        return find(id).isPresent();
    }

    /** The family of a runtime identifier (python, nodejs, java, provided, dotnet, ruby), empty for one not in the table. */
    public static Optional<String> family(String id) {
        return find(id).map(LambdaRuntime::family);
    }

    /** Every runtime of a family, newest first. */
    public static List<LambdaRuntime> ofFamily(String family) {
        return ALL.stream().filter(r -> r.family().equals(family)).toList();
    }

    /** The newest runtime of a family: what init defaults to, and what a deprecation notice says to move to. */
    public static LambdaRuntime newest(String family) {
        return ofFamily(family).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no runtime of family " + family + " in " + RESOURCE));
    }

    /** The newest runtime of each given family, as "python3.14, nodejs24.x or java25", for error messages. */
    public static String newestOf(String... families) {
        List<String> ids = Arrays.stream(families).map(f -> newest(f).id()).toList();
        return ids.size() == 1 ? ids.get(0)
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
    }

    /** Every identifier, sorted, as the local cloud lists them in a validation error. */
    public static List<String> ids() {
        return ALL.stream().map(LambdaRuntime::id).sorted().collect(Collectors.toList());
    }

    private static List<LambdaRuntime> read() {
        List<LambdaRuntime> out = new ArrayList<>();
        try (InputStream in = LambdaRuntimes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("lamb's jar lacks dev/lamb/lambda/" + RESOURCE + ": rebuild lamb");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(parse(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    private static LambdaRuntime parse(String line) {
        String[] f = line.split("\t");
        if (f.length != 6) {
            throw new IllegalStateException(RESOURCE + ": 6 tab-separated fields expected in '" + line + "'");
        }
        return new LambdaRuntime(f[0], f[1], List.of(f[2].split(",")), date(f[3]), date(f[4]), date(f[5]));
    }

    private static Optional<LocalDate> date(String text) {
        return text.equals(UNKNOWN) ? Optional.empty() : Optional.of(LocalDate.parse(text));
    }
}
