package dev.lamb.local.cloud.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.lamb.local.cloud.DurableFiles;

/**
 * The log groups, streams and events of the local CloudWatch Logs, on disk under {@code <dataDir>/logs/}:
 * {@code groups.json} holds groups and streams (replaced atomically on each change), and
 * {@code events/<sha256>.jsonl} each stream's events, one line per accepted batch, so a batch is on disk
 * whole or not at all. Memory holds only each stream's summary and the most recent events (for live
 * tails); queries read the stream files. Callers synchronize on the store.
 */
final class LogStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper LINE = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Every appended event is written by this, its serializer found once rather than on each write. */
    private static final ObjectWriter EVENT_LINE = LINE.writerFor(EventLine.class);
    /** What live tails can still see of the newest events, at most. */
    private static final long RECENT_BYTES = 16L << 20;

    /** One event; {@code seq} is unique across the store and gives events their stable eventId. */
    record Event(long timestamp, long ingestionTime, long seq, String message) {}

    /** A recent event and where it was filed, for live tails. */
    record Recent(String group, String stream, Event event) {}

    static final class Stream {
        final String name;
        final long creationTime;
        final String file;
        Long firstEventTimestamp;
        Long lastEventTimestamp;
        long storedBytes;
        long lastIngestionTime;
        long uploadSequence;

        Stream(String name, long creationTime, String file) {
            this.name = name;
            this.creationTime = creationTime;
            this.file = file;
        }

        boolean hasEvents() {
            return lastEventTimestamp != null;
        }

        private void summarize(List<Event> events) {
            for (Event e : events) {
                firstEventTimestamp = firstEventTimestamp == null ? e.timestamp() : Math.min(firstEventTimestamp, e.timestamp());
                lastEventTimestamp = lastEventTimestamp == null ? e.timestamp() : Math.max(lastEventTimestamp, e.timestamp());
                lastIngestionTime = Math.max(lastIngestionTime, e.ingestionTime());
            }
        }

        private void clearSummary() {
            firstEventTimestamp = null;
            lastEventTimestamp = null;
            lastIngestionTime = 0;
            storedBytes = 0;
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
    private final Deque<Recent> recent = new ArrayDeque<>();
    private long recentBytes;
    private long nextSeq = 1;
    /** The file {@link #appendUnsynced} appended to last, and its channel, kept open; null when none is. */
    private Path openFile;
    private FileChannel openChannel;

    /**
     * Loads groups and stream summaries; each stream file is read only at its ends (a cut-off last batch
     * is removed there), so loading takes no longer with more events kept.
     */
    LogStore(Path dataDir) {
        this.dir = dataDir.resolve("logs");
        this.eventsDir = dir.resolve("events");
        this.groupsFile = dir.resolve("groups.json");
        try {
            DurableFiles.privateDirectories(eventsDir);
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
                        loadSummary(stream);
                        group.streams.put(stream.name, stream);
                    }
                    groups.put(group.name, group);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local CloudWatch Logs state from " + dir, e);
        }
    }

    private void loadSummary(Stream stream) throws IOException {
        Path file = eventsDir.resolve(stream.file);
        if (!Files.isRegularFile(file)) {
            return;
        }
        stream.storedBytes = DurableFiles.repairTail(file);
        if (stream.storedBytes == 0) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // Events within a batch are in time order, and seqs grow with each append: the first event of the
            // file and the last one give the summary, without reading (or parsing) what lies between.
            List<Event> ends = new ArrayList<>();
            firstEvent(channel).ifPresent(ends::add);
            lastEvent(channel, stream.storedBytes).ifPresent(ends::add);
            stream.summarize(ends);
            ends.forEach(e -> nextSeq = Math.max(nextSeq, e.seq() + 1));
        }
    }

    private static Optional<Event> firstEvent(FileChannel channel) {
        try {
            channel.position(0);
            JsonParser parser = LINE.getFactory().createParser(Channels.newInputStream(channel));
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_ARRAY) {
                token = parser.nextToken();
            }
            return token == JsonToken.START_OBJECT ? Optional.of(event(LINE.readValue(parser, EventLine.class))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The last event of a file that ends with a newline (as repairTail leaves it): the last object that
     * starts with {@code {"t":}, which no message can hold unescaped. Read from a window at the end,
     * widened until it holds that start.
     */
    private static Optional<Event> lastEvent(FileChannel channel, long size) throws IOException {
        byte[] marker = "{\"t\":".getBytes(StandardCharsets.US_ASCII);
        for (long window = 64 * 1024; ; window *= 4) {
            int length = (int) Math.min(size, window);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.read(buffer, size - length);
            byte[] tail = buffer.array();
            for (int i = length - marker.length; i >= 0; i--) {
                if (tail[i] == '{' && Arrays.equals(tail, i, i + marker.length, marker, 0, marker.length)) {
                    try {
                        JsonParser parser = LINE.getFactory().createParser(tail, i, length - i);
                        parser.nextToken();
                        return Optional.of(event(LINE.readValue(parser, EventLine.class)));
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                }
                if (tail[i] == '\n' && i < length - 1) {
                    return Optional.empty(); // the last line holds no event
                }
            }
            if (length == size) {
                return Optional.empty();
            }
        }
    }

    /** The events of one line: a batch (an array), or a single event as older versions wrote them. */
    private static List<Event> parse(String line) {
        List<Event> events = new ArrayList<>();
        if (line.isBlank()) {
            return events;
        }
        try {
            JsonNode node = LINE.readTree(line);
            if (node != null && node.isArray()) {
                for (JsonNode e : node) {
                    events.add(event(LINE.treeToValue(e, EventLine.class)));
                }
            } else if (node != null && node.isObject()) {
                events.add(event(LINE.treeToValue(node, EventLine.class)));
            }
        } catch (IOException e) {
            // Not a record lamb wrote whole; only a crash mid-write makes one, and its batch was never acknowledged.
        }
        return events;
    }

    private static Event event(EventLine e) {
        return new Event(e.t(), e.i(), e.s(), e.m());
    }

    /** Every event of the stream as its file holds them, in no particular order. */
    void forEachEvent(Stream stream, Consumer<Event> action) {
        if (stream.storedBytes == 0) {
            return;
        }
        try (InputStream raw = Files.newInputStream(eventsDir.resolve(stream.file));
                BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                parse(line).forEach(action);
            }
        } catch (NoSuchFileException e) {
            // deleted by retention since
        } catch (IOException e) {
            throw new UncheckedIOException("could not read log events from " + eventsDir, e);
        }
    }

    /** The stream's events in timestamp order (ties by arrival). */
    List<Event> events(Stream stream) {
        List<Event> events = new ArrayList<>();
        forEachEvent(stream, events::add);
        events.sort(LogStore::compare);
        return events;
    }

    /** The recent events with a seq at or past {@code cursor}, oldest first. */
    List<Recent> recentSince(long cursor) {
        List<Recent> out = new ArrayList<>();
        for (var it = recent.descendingIterator(); it.hasNext(); ) {
            Recent r = it.next();
            if (r.event().seq() < cursor) {
                break;
            }
            out.add(r);
        }
        Collections.reverse(out);
        return out;
    }

    long nextSeq() {
        return nextSeq++;
    }

    /** The seq the next event will get: events with a seq at or past it arrived later. */
    long peekSeq() {
        return nextSeq;
    }

    Group createGroup(String name, long now, Map<String, String> tags) {
        Group group = new Group(name, now);
        group.tags.putAll(tags);
        groups.put(name, group);
        saveOrUndo(() -> groups.remove(name));
        return group;
    }

    void setRetention(Group group, Integer days) {
        Integer before = group.retentionInDays;
        group.retentionInDays = days;
        saveOrUndo(() -> group.retentionInDays = before);
    }

    void tag(Group group, Map<String, String> tags) {
        Map<String, String> before = new LinkedHashMap<>(group.tags);
        group.tags.putAll(tags);
        saveOrUndo(() -> {
            group.tags.clear();
            group.tags.putAll(before);
        });
    }

    void untag(Group group, List<String> keys) {
        Map<String, String> before = new LinkedHashMap<>(group.tags);
        keys.forEach(group.tags::remove);
        saveOrUndo(() -> {
            group.tags.clear();
            group.tags.putAll(before);
        });
    }

    void deleteGroup(Group group) {
        groups.remove(group.name);
        saveOrUndo(() -> groups.put(group.name, group));
        group.streams.values().forEach(this::deleteEvents);
    }

    void deleteStream(Group group, Stream stream) {
        group.streams.remove(stream.name);
        saveOrUndo(() -> group.streams.put(stream.name, stream));
        deleteEvents(stream);
    }

    Stream createStream(Group group, String name, long now) {
        Stream stream = new Stream(name, now, fileName(group.name, name));
        // A stream that was deleted with its group may have left its events behind; start it empty.
        deleteEvents(stream);
        group.streams.put(name, stream);
        saveOrUndo(() -> group.streams.remove(name));
        return stream;
    }

    /**
     * An unsynced append (an invocation's log lines) through the file appended to last, kept open: an instance's
     * invocations log to its one stream in turn, and opening the file cost as much as writing the record.
     */
    private void appendUnsynced(Path file, byte[] record) throws IOException {
        if (!file.equals(openFile)) {
            closeOpenFile();
            openChannel = DurableFiles.openForAppend(file);
            openFile = file;
        }
        try {
            DurableFiles.append(openChannel, record, false);
        } catch (IOException e) {
            closeOpenFile();
            throw e;
        }
    }

    /** Lets go of the file kept open for appends: before a stream's file is deleted or replaced, and at the end. */
    void closeOpenFile() {
        if (openChannel != null) {
            try {
                openChannel.close();
            } catch (IOException e) {
                // Written without a sync: the kernel has the bytes, a failed close loses none of them.
            }
        }
        openChannel = null;
        openFile = null;
    }

    private void deleteEvents(Stream stream) {
        closeOpenFile();
        try {
            Files.deleteIfExists(eventsDir.resolve(stream.file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete log events in " + eventsDir, e);
        }
    }

    /**
     * Adds the events to the end of the stream's file as one record, and only then to the summary; with
     * {@code sync} the record is on disk (fsync) before this returns, as an acknowledged PutLogEvents must be.
     */
    void append(Group group, Stream stream, List<Event> events, boolean sync) {
        StringBuilder text = new StringBuilder("[");
        try {
            for (Event e : events) {
                if (text.length() > 1) {
                    text.append(',');
                }
                text.append(EVENT_LINE.writeValueAsString(new EventLine(e.timestamp(), e.ingestionTime(), e.seq(), e.message())));
            }
            text.append("]\n");
            byte[] record = text.toString().getBytes(StandardCharsets.UTF_8);
            if (sync) {
                DurableFiles.append(eventsDir.resolve(stream.file), record, true);
            } else {
                appendUnsynced(eventsDir.resolve(stream.file), record);
            }
            stream.storedBytes += record.length;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write log events to " + eventsDir, e);
        }
        stream.summarize(events);
        for (Event e : events) {
            recent.addLast(new Recent(group.name, stream.name, e));
            recentBytes += e.message().length() + 64;
        }
        while (recentBytes > RECENT_BYTES && !recent.isEmpty()) {
            Recent dropped = recent.removeFirst();
            recentBytes -= dropped.event().message().length() + 64;
        }
    }

    /**
     * Deletes from disk the events of the group that are older than its retention: a stream whose events
     * all expired is emptied, one with some expired is rewritten with the rest.
     */
    void applyRetention(Group group, long retainedFrom) {
        for (Stream stream : List.copyOf(group.streams.values())) {
            if (!stream.hasEvents() || stream.firstEventTimestamp >= retainedFrom) {
                continue;
            }
            if (stream.lastEventTimestamp < retainedFrom) {
                deleteEvents(stream);
                stream.clearSummary();
                continue;
            }
            // In file order, so the last line keeps the highest seq, which a load reads the next seq from.
            List<Event> kept = new ArrayList<>();
            forEachEvent(stream, e -> {
                if (e.timestamp() >= retainedFrom) {
                    kept.add(e);
                }
            });
            StringBuilder text = new StringBuilder();
            kept.forEach(e -> {
                try {
                    text.append(LINE.writeValueAsString(new EventLine(e.timestamp(), e.ingestionTime(), e.seq(), e.message())))
                            .append('\n');
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
            closeOpenFile();
            try {
                DurableFiles.replace(eventsDir.resolve(stream.file), content);
            } catch (IOException e) {
                throw new UncheckedIOException("could not apply retention to " + eventsDir, e);
            }
            stream.clearSummary();
            stream.storedBytes = content.length;
            stream.summarize(kept);
        }
    }

    /** Writes groups.json with the change already made in memory; when that fails, the change is undone. */
    private void saveOrUndo(Runnable undo) {
        try {
            save();
        } catch (UncheckedIOException e) {
            undo.run();
            throw e;
        }
    }

    private void save() {
        List<GroupRecord> out = new ArrayList<>();
        for (Group g : groups.values()) {
            List<StreamRecord> streams = new ArrayList<>();
            g.streams.values().forEach(s -> streams.add(new StreamRecord(s.name, s.creationTime, s.file)));
            out.add(new GroupRecord(g.name, g.creationTime, g.retentionInDays, g.tags, streams));
        }
        try {
            DurableFiles.replace(groupsFile, JSON.writeValueAsBytes(out));
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
