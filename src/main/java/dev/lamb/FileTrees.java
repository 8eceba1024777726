package dev.lamb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deleting folders lamb made: deepest first, links themselves and never what they point to. */
public final class FileTrees {
    private FileTrees() {}

    /** Deletes the folder and everything in it; nothing happens when it does not exist. */
    public static void delete(Path root) throws IOException {
        deleteBelow(root, true);
    }

    /** Deletes what is in the folder and keeps the folder. */
    public static void empty(Path root) throws IOException {
        deleteBelow(root, false);
    }

    /** For temporary folders: what cannot be deleted is left, as a stray temp folder does no harm. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (IOException e) {
            // best effort
        }
    }

    private static void deleteBelow(Path root, boolean withRoot) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            if (withRoot || !p.equals(root)) {
                Files.deleteIfExists(p);
            }
        }
    }
}
