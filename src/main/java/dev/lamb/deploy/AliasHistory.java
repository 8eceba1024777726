package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.lamb.aws.Releases;

/**
 * The versions a stage's alias served before the one it serves, oldest first, kept in the alias's description
 * ("lamb: served before: 1 2 4"). Stages share the function's versions, so "the release before this one" by number
 * may be another stage's, with that stage's settings: rollback of prod goes back to what prod served, never to dev's.
 * A description lamb did not write is the user's: lamb leaves it as it is, and has no history there.
 */
record AliasHistory(List<String> versions) {
    static final String PREFIX = "lamb: served before:";
    /** Lambda's limit on an alias's description. */
    private static final int MAX_LENGTH = 256;

    /** The history in {@code description}; empty when lamb did not write it (an alias made before lamb kept one, or by hand). */
    static Optional<AliasHistory> of(String description) {
        if (description == null || !description.startsWith(PREFIX)) {
            return Optional.empty();
        }
        List<String> versions = Arrays.stream(description.substring(PREFIX.length()).trim().split(" +"))
                .filter(Releases::isPublished).toList();
        return Optional.of(new AliasHistory(versions));
    }

    /** Whether {@code description} is the user's own text, where lamb keeps no history. */
    static boolean isUsers(String description) {
        return description != null && !description.isEmpty() && !description.startsWith(PREFIX);
    }

    /** The description of a new alias, which served nothing before. */
    static String created() {
        return new AliasHistory(List.of()).describe();
    }

    /**
     * The description after the alias moves off {@code from}; null (leave it) when {@code description} is the user's.
     * An alias lamb made before it kept a history gets one from this move on.
     */
    static String afterMove(String description, String from) {
        if (isUsers(description)) {
            return null;
        }
        List<String> versions = new ArrayList<>(of(description).map(AliasHistory::versions).orElse(List.of()));
        if (Releases.isPublished(from)) {
            versions.add(from);
        }
        return new AliasHistory(versions).describe();
    }

    /** The newest version served before that {@code exists} (not pruned since), and the history left once the alias is back on it. */
    Optional<Back> back(Predicate<String> exists) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (exists.test(versions.get(i))) {
                return Optional.of(new Back(versions.get(i), new AliasHistory(versions.subList(0, i)).describe()));
            }
        }
        return Optional.empty();
    }

    /** Where a rollback goes: {@code version}, and the alias's description once it is there. */
    record Back(String version, String description) {}

    /** The description, the oldest versions left out as needed to fit Lambda's limit. */
    String describe() {
        List<String> kept = new ArrayList<>(versions);
        while (true) {
            String text = (PREFIX + " " + String.join(" ", kept)).trim();
            if (text.length() <= MAX_LENGTH) {
                return text;
            }
            kept.remove(0);
        }
    }
}
