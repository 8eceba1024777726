package dev.lamb.local.cloud.xray;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.local.cloud.DurableFiles;

/**
 * The segment documents of the local X-Ray, on disk only, in one file per UTC day of the trace's start
 * (the time in its id): {@code <dataDir>/xray/segments-YYYY-MM-DD.jsonl}, one line per accepted batch, so
 * a batch is there whole or not at all. A query reads the days it covers; days past X-Ray's 30-day
 * retention are deleted. A segment sent again with the same id (an in-progress segment completed later)
 * replaces the earlier one.
 */
final class TraceStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration RETENTION = Duration.ofDays(30);
    private static final String PREFIX = "segments-";
    private static final String SUFFIX = ".jsonl";

    /** One stored segment document: its id and the parsed document. */
    record Segment(String id, ObjectNode document) {
        String documentText() {
            return document.toString();
        }
    }

    /**
     * One trace's segments, and where it was first recorded: the day of its id, then its place among that day's traces
     * in the order their first segment arrived. Day files are only appended to, so that place is kept for the trace's
     * life, whatever segments arrive later.
     */
    record Trace(String id, String recorded, List<Segment> segments) {}

    private final Path dir;
    private final LongSupplier clock;

    TraceStore(Path dataDir, LongSupplier clock) {
        this.dir = dataDir.resolve("xray");
        this.clock = clock;
        try {
            DurableFiles.privateDirectories(dir);
            Path older = dir.resolve("segments.jsonl");
            if (Files.exists(older)) {
                fileByDay(older);
            }
            deleteExpired();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local X-Ray's traces from " + dir, e);
        }
    }

    /** Moves the single file of earlier versions into day files, once. */
    private void fileByDay(Path older) throws IOException {
        Map<LocalDate, List<ObjectNode>> byDay = new LinkedHashMap<>();
        readLines(older, doc -> byDay.computeIfAbsent(day(doc), d -> new ArrayList<>()).add(doc));
        for (List<ObjectNode> docs : byDay.values()) {
            write(docs, true);
        }
        Files.delete(older);
    }

    /** Stores the documents (already validated); with {@code sync}, on disk before this returns. */
    synchronized void add(List<ObjectNode> documents, boolean sync) {
        if (documents.isEmpty()) {
            return;
        }
        try {
            Map<LocalDate, List<ObjectNode>> byDay = new LinkedHashMap<>();
            documents.forEach(doc -> byDay.computeIfAbsent(day(doc), d -> new ArrayList<>()).add(doc));
            for (List<ObjectNode> docs : byDay.values()) {
                write(docs, sync);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the local X-Ray's traces to " + dir, e);
        }
    }

    private void write(List<ObjectNode> docs, boolean sync) throws IOException {
        Path file = file(day(docs.get(0)));
        boolean newDay = !Files.exists(file);
        DurableFiles.append(file, (JSON.createArrayNode().addAll(docs) + "\n").getBytes(StandardCharsets.UTF_8), sync);
        if (newDay) {
            deleteExpired();
        }
    }

    synchronized Optional<List<Segment>> trace(String traceId) {
        if (!XRayService.TRACE_ID.matcher(traceId).matches()) {
            return Optional.empty();
        }
        Map<String, List<Segment>> found = read(List.of(day(traceId)), traceId::equals);
        return Optional.ofNullable(found.get(traceId));
    }

    /** The traces whose ids' times fall within a day of the range, in the order their first segment arrived. */
    synchronized List<Trace> around(double fromSeconds, double toSeconds) {
        LocalDate first = dayOf((long) Math.floor(fromSeconds)).minusDays(1);
        LocalDate last = dayOf((long) Math.ceil(toSeconds)).plusDays(1);
        LocalDate oldest = dayOf(clock.getAsLong() / 1000 - RETENTION.toSeconds());
        if (first.isBefore(oldest)) {
            first = oldest;
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d);
        }
        List<Trace> out = new ArrayList<>();
        Map<String, String> recorded = new LinkedHashMap<>();
        read(days, id -> true, recorded).forEach((id, segments) -> out.add(new Trace(id, recorded.get(id), segments)));
        return out;
    }

    private Map<String, List<Segment>> read(List<LocalDate> days, Predicate<String> wanted) {
        return read(days, wanted, new LinkedHashMap<>());
    }

    /** The wanted traces of the days, each trace's first-recorded place put in {@code recorded}. */
    private Map<String, List<Segment>> read(List<LocalDate> days, Predicate<String> wanted, Map<String, String> recorded) {
        Map<String, Map<String, Segment>> traces = new LinkedHashMap<>();
        for (LocalDate day : days) {
            int[] seen = {0};
            try {
                readLines(file(day), doc -> {
                    String traceId = doc.get("trace_id").asText();
                    if (!recorded.containsKey(traceId)) {
                        recorded.put(traceId, String.format(Locale.ROOT, "%s %010d", day, seen[0]++));
                    }
                    if (wanted.test(traceId)) {
                        traces.computeIfAbsent(traceId, k -> new LinkedHashMap<>())
                                .put(doc.get("id").asText(), new Segment(doc.get("id").asText(), doc));
                    }
                });
            } catch (NoSuchFileException e) {
                // no traces that day
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the local X-Ray's traces from " + dir, e);
            }
        }
        Map<String, List<Segment>> out = new LinkedHashMap<>();
        traces.forEach((id, segments) -> out.put(id, new ArrayList<>(segments.values())));
        return out;
    }

    private static void readLines(Path file, Consumer<ObjectNode> action) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // a batch cut short by a crash was never acknowledged
                }
                for (JsonNode doc : node.isArray() ? node : List.of(node)) {
                    if (doc instanceof ObjectNode o && o.hasNonNull("trace_id") && o.hasNonNull("id")) {
                        action.accept(o);
                    }
                }
            }
        }
    }

    /**
     * Deletes the day files older than X-Ray's retention, and cuts off a batch a crash left unfinished at
     * the end of the others, so that the next batch appended there is read whole.
     */
    private void deleteExpired() throws IOException {
        LocalDate oldest = dayOf(clock.getAsLong() / 1000 - RETENTION.toSeconds());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
                    continue;
                }
                LocalDate day;
                try {
                    day = LocalDate.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
                } catch (DateTimeParseException e) {
                    continue; // not a file of ours
                }
                if (day.isBefore(oldest)) {
                    Files.deleteIfExists(f);
                } else {
                    DurableFiles.repairTail(f);
                }
            }
        }
    }

    private Path file(LocalDate day) {
        return dir.resolve(PREFIX + day + SUFFIX);
    }

    private static LocalDate day(ObjectNode doc) {
        return day(doc.get("trace_id").asText());
    }

    /** The day of the time in a trace id (1-{8 hex digits of epoch seconds}-{24 hex digits}). */
    private static LocalDate day(String traceId) {
        return dayOf(Long.parseLong(traceId.substring(2, 10), 16));
    }

    private static LocalDate dayOf(long epochSeconds) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }
}
