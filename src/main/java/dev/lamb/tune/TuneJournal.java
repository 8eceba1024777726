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
 * What a tuning run must undo, written to .lamb/tune-journal.json before it changes anything and
 * after every version it publishes: the function's original $LATEST memory, architecture and description, and the
 * versions it created. A run killed with -9 leaves it behind, and `lamb tune --restore` (or the next
 * `lamb tune`) puts the function back from it.
 */
public record TuneJournal(String function, String region, int memory, String architecture, String description,
        List<String> versions) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path file(Path projectDir) {
        return projectDir.resolve(".lamb").resolve("tune-journal.json");
    }

    TuneJournal withVersion(String version) {
        List<String> more = new ArrayList<>(versions);
        more.add(version);
        return new TuneJournal(function, region, memory, architecture, description, List.copyOf(more));
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
