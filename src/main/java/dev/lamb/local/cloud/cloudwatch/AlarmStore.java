package dev.lamb.local.cloud.cloudwatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.lamb.local.cloud.BackgroundSync;
import dev.lamb.local.cloud.DurableFiles;

/**
 * A region's metric alarms and their history, kept under {@code <dataDir>/cloudwatch/}: the alarms in
 * {@code alarms.json}, replaced whole on each change (written as Lambda's function state is, synced in the
 * background, see {@link BackgroundSync}), and the history appended to {@code alarm-history.jsonl}, one item a line.
 * History outlives its alarm, as on CloudWatch, and is kept for {@link #HISTORY_RETENTION}.
 */
final class AlarmStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long CloudWatch keeps alarm history (DescribeAlarmHistory's reference: "up to 30 days"). */
    static final Duration HISTORY_RETENTION = Duration.ofDays(30);

    private final Path dir;
    private final BackgroundSync sync = new BackgroundSync("the local CloudWatch's alarms");
    private final TreeMap<String, MetricAlarm> alarms = new TreeMap<>();
    private final List<AlarmHistoryItem> history = new ArrayList<>();

    /** The alarms kept under {@code dataDir}, or in memory only when it is null. */
    AlarmStore(Path dataDir, Instant now) {
        this.dir = dataDir == null ? null : dataDir.resolve("cloudwatch");
        if (dir == null) {
            return;
        }
        try {
            Path file = alarmsFile();
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                JSON.readTree(file.toFile()).forEach(n -> {
                    MetricAlarm alarm = AlarmJson.alarm(n);
                    alarms.put(alarm.name(), alarm);
                });
            }
            loadHistory(now.minus(HISTORY_RETENTION));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local CloudWatch's alarms from " + dir, e);
        }
    }

    private Path alarmsFile() {
        return dir.resolve("alarms.json");
    }

    private Path historyFile() {
        return dir.resolve("alarm-history.jsonl");
    }

    private void loadHistory(Instant oldest) throws IOException {
        Path file = historyFile();
        if (!Files.isRegularFile(file)) {
            return;
        }
        DurableFiles.repairTail(file);
        boolean expired = false;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                AlarmHistoryItem item = AlarmJson.historyItem(JSON.readTree(line));
                if (item.timestamp().isBefore(oldest)) {
                    expired = true;
                } else {
                    history.add(item);
                }
            }
        }
        if (expired) {
            StringBuilder kept = new StringBuilder();
            history.forEach(item -> kept.append(AlarmJson.historyItem(item, AlarmJson.STORED_TIME)).append('\n'));
            sync.replace(file, kept.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    synchronized Optional<MetricAlarm> get(String name) {
        return Optional.ofNullable(alarms.get(name));
    }

    /** Every alarm, in the order of their names (DescribeAlarms' order). */
    synchronized List<MetricAlarm> all() {
        return List.copyOf(alarms.values());
    }

    synchronized boolean isEmpty() {
        return alarms.isEmpty();
    }

    /** Creates or replaces the alarm of that name, and records the history items that say so. */
    synchronized void put(MetricAlarm alarm, List<AlarmHistoryItem> items) {
        alarms.put(alarm.name(), alarm);
        save();
        record(items);
    }

    /** Changes the alarm (when it is still there) and records the items the change makes; the changed alarm. */
    synchronized Optional<MetricAlarm> update(String name, UnaryOperator<MetricAlarm> change, List<AlarmHistoryItem> items) {
        MetricAlarm alarm = alarms.get(name);
        if (alarm == null) {
            return Optional.empty();
        }
        MetricAlarm changed = change.apply(alarm);
        alarms.put(name, changed);
        save();
        record(items);
        return Optional.of(changed);
    }

    /** Removes the alarms, recording the items that say so. */
    synchronized void remove(List<String> names, List<AlarmHistoryItem> items) {
        names.forEach(alarms::remove);
        save();
        record(items);
    }

    /** The history of every alarm, oldest first. */
    synchronized List<AlarmHistoryItem> history() {
        return List.copyOf(history);
    }

    synchronized void record(List<AlarmHistoryItem> items) {
        if (items.isEmpty()) {
            return;
        }
        if (dir != null) {
            StringBuilder lines = new StringBuilder();
            items.forEach(item -> lines.append(AlarmJson.historyItem(item, AlarmJson.STORED_TIME)).append('\n'));
            try {
                DurableFiles.privateDirectories(dir);
                DurableFiles.append(historyFile(), lines.toString().getBytes(StandardCharsets.UTF_8), false);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the local CloudWatch's alarm history to " + dir, e);
            }
        }
        history.addAll(items);
    }

    private void save() {
        if (dir == null) {
            return;
        }
        ArrayNode all = JSON.createArrayNode();
        alarms.values().forEach(a -> all.add(AlarmJson.stored(a)));
        try {
            DurableFiles.privateDirectories(dir);
            sync.replace(alarmsFile(), JSON.writeValueAsBytes(all));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the local CloudWatch's alarms to " + dir, e);
        }
    }

    @Override
    public void close() {
        sync.close();
    }
}
