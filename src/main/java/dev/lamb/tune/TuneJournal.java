package dev.lamb.tune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.LambException;

/**
 * What a tuning run must undo, written to .lamb/tune-journal.json before it changes anything, before
 * every version it publishes and after: the function's original $LATEST memory, architecture and
 * description, its other settings when the run measures a stage's ({@code settings}, else null), the versions
 * it created, and the descriptions of publishes under way (a run killed while Lambda published leaves a version
 * the journal has no number for: it is found by its description).
 * A run killed with -9 leaves the journal behind, and `lamb tune --restore` (or the next `lamb tune`)
 * puts the function back from it.
 */
public record TuneJournal(String function, String region, int memory, String architecture, String description,
        LatestSettings settings, List<String> versions, List<String> pending) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TuneJournal {
        versions = versions == null ? List.of() : List.copyOf(versions);
        // a journal written before publishes were recorded in advance has none
        pending = pending == null ? List.of() : List.copyOf(pending);
    }

    static TuneJournal of(String function, String region, int memory, String architecture, String description,
            LatestSettings settings) {
        return new TuneJournal(function, region, memory, architecture, description, settings, List.of(), List.of());
    }

    /** The same, with a publish of a version described {@code versionDescription} about to be made. */
    TuneJournal publishing(String versionDescription) {
        List<String> more = new ArrayList<>(pending);
        more.add(versionDescription);
        return new TuneJournal(function, region, memory, architecture, description, settings, versions, more);
    }

    static Path file(Path projectDir) {
        return projectDir.resolve(".lamb").resolve("tune-journal.json");
    }

    /** The same, with the publish of {@code versionDescription} made: {@code version}, or null when Lambda made none. */
    TuneJournal published(String versionDescription, String version) {
        List<String> more = new ArrayList<>(versions);
        if (version != null) {
            more.add(version);
        }
        List<String> under = new ArrayList<>(pending);
        under.remove(versionDescription);
        return new TuneJournal(function, region, memory, architecture, description, settings, more, under);
    }

    /** Written to a temporary file and renamed, so that a kill never leaves half a journal. */
    void write(Path projectDir) {
        Path file = file(projectDir);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw LambException.io("could not write " + file + " (the record of what lamb tune must undo)", e);
        }
    }

    static Optional<TuneJournal> read(Path projectDir) {
        Path file = file(projectDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), TuneJournal.class));
        } catch (IOException e) {
            throw LambException.io("could not read " + file + ": fix or delete it, after checking the function's "
                    + "memory and its versions by hand", e);
        }
    }

    static void delete(Path projectDir) {
        try {
            Files.deleteIfExists(file(projectDir));
        } catch (IOException e) {
            throw LambException.io("could not delete " + file(projectDir), e);
        }
    }
}
