package dev.lamb.local.cloud.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The log groups, streams and events of the local CloudWatch Logs, in memory and on disk under
 * {@code <dataDir>/logs/}: {@code groups.json} holds groups and streams (rewritten atomically on each
 * change), {@code events/<sha256>.jsonl} holds each stream's events, appended as they arrive. Callers
 * synchronize on the store.
 */
final class LogStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper LINE = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One event; {@code seq} is unique across the store and gives events their stable eventId. */
    record Event(long timestamp, long ingestionTime, long seq, String message) {}

    static final class Stream {
        final String name;
        final long creationTime;
        final String file;
        final List<Event> events = new ArrayList<>();
        long storedBytes;
        long lastIngestionTime;
        long uploadSequence;

        Stream(String name, long creationTime, String file) {
            this.name = name;
            this.creationTime = creationTime;
            this.file = file;
        }

        Long firstEventTimestamp() {
            return events.isEmpty() ? null : events.get(0).timestamp();
        }

        Long lastEventTimestamp() {
            return events.isEmpty() ? null : events.get(events.size() - 1).timestamp();
        }

        void add(Event e) {
            // Events are kept in timestamp order (ties by arrival); appends are the common case.
            int i = events.size();
            while (i > 0 && compare(events.get(i - 1), e) > 0) {
                i--;
            }
            events.add(i, e);
            storedBytes += e.message().getBytes(StandardCharsets.UTF_8).length;
            lastIngestionTime = Math.max(lastIngestionTime, e.ingestionTime());
        }
    }

    static int compare(Event a, Event b) {
        int c = Long.compare(a.timestamp(), b.timestamp());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    }

    static final class Group {
        final String name;
        final long creationTime;
        Integer retentionInDays;
        Map<String, String> tags = new LinkedHashMap<>();
        final TreeMap<String, Stream> streams = new TreeMap<>();

        Group(String name, long creationTime) {
            this.name = name;
            this.creationTime = creationTime;
        }

        long storedBytes() {
            return streams.values().stream().mapToLong(s -> s.storedBytes).sum();
        }
    }

    // The on-disk shape of groups.json.
    record StreamRecord(String name, long creationTime, String file) {}

    record GroupRecord(String name, long creationTime, Integer retentionInDays, Map<String, String> tags,
            List<StreamRecord> streams) {}

    record EventLine(long t, long i, long s, String m) {}

    private final Path dir;
    private final Path eventsDir;
    private final Path groupsFile;
    final TreeMap<String, Group> groups = new TreeMap<>();
    private long nextSeq = 1;

    LogStore(Path dataDir) {
        this.dir = dataDir.resolve("logs");
        this.eventsDir = dir.resolve("events");
        this.groupsFile = dir.resolve("groups.json");
        try {
            Files.createDirectories(eventsDir);
            if (Files.exists(groupsFile)) {
                List<GroupRecord> loaded = JSON.readValue(groupsFile.toFile(), new TypeReference<List<GroupRecord>>() {});
                for (GroupRecord g : loaded) {
                    Group group = new Group(g.name(), g.creationTime());
                    group.retentionInDays = g.retentionInDays();
                    if (g.tags() != null) {
                        group.tags.putAll(g.tags());
                    }
                    for (StreamRecord s : g.streams() == null ? List.<StreamRecord>of() : g.streams()) {
                        Stream stream = new Stream(s.name(), s.creationTime(), s.file());
                        loadEvents(stream);
                        group.streams.put(stream.name, stream);
                    }
                    groups.put(group.name, group);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local CloudWatch Logs state from " + dir, e);
        }
    }

    private void loadEvents(Stream stream) throws IOException {
        Path file = eventsDir.resolve(stream.file);
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                EventLine e;
                try {
                    e = LINE.readValue(line, EventLine.class);
                } catch (IOException partial) {
                    continue; // a line cut short by a crash: the rest of the file is still good
                }
                stream.add(new Event(e.t(), e.i(), e.s(), e.m()));
                nextSeq = Math.max(nextSeq, e.s() + 1);
            }
        }
    }

    long nextSeq() {
        return nextSeq++;
    }

    /** The seq the next event will get: events with a seq at or past it arrived later. */
    long peekSeq() {
        return nextSeq;
    }

    Group createGroup(String name, long now) {
        Group group = new Group(name, now);
        groups.put(name, group);
        save();
        return group;
    }

    void deleteGroup(Group group) {
        groups.remove(group.name);
        save();
        for (Stream s : group.streams.values()) {
            try {
                Files.deleteIfExists(eventsDir.resolve(s.file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void deleteStream(Group group, Stream stream) {
        group.streams.remove(stream.name);
        save();
        try {
            Files.deleteIfExists(eventsDir.resolve(stream.file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Stream createStream(Group group, String name, long now) {
        Stream stream = new Stream(name, now, fileName(group.name, name));
        group.streams.put(name, stream);
        try {
            // A stream that was deleted with its group may have left nothing behind; start it empty.
            Files.deleteIfExists(eventsDir.resolve(stream.file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        save();
        return stream;
    }

    /** Adds the events to the stream, in memory and at the end of its file. */
    void append(Stream stream, List<Event> events) {
        StringBuilder text = new StringBuilder();
        try {
            for (Event e : events) {
                text.append(LINE.writeValueAsString(new EventLine(e.timestamp(), e.ingestionTime(), e.seq(), e.message())))
                        .append('\n');
            }
            try (Writer out = Files.newBufferedWriter(eventsDir.resolve(stream.file), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(text.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write log events to " + eventsDir, e);
        }
        events.forEach(stream::add);
    }

    void save() {
        List<GroupRecord> out = new ArrayList<>();
        for (Group g : groups.values()) {
            List<StreamRecord> streams = new ArrayList<>();
            g.streams.values().forEach(s -> streams.add(new StreamRecord(s.name, s.creationTime, s.file)));
            out.add(new GroupRecord(g.name, g.creationTime, g.retentionInDays, g.tags, streams));
        }
        try {
            Path tmp = dir.resolve("groups.json.tmp");
            JSON.writeValue(tmp.toFile(), out);
            try {
                Files.move(tmp, groupsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, groupsFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + groupsFile, e);
        }
    }

    private static String fileName(String group, String stream) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((group + "\u0000" + stream).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + ".jsonl";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
