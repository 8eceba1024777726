package dev.lamb.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;

/**
 * Issue 12 (3): --event's kind and size are checked before it is read. A pipe, as the shell's
 * `--event <(make-event)` gives, is still read; past Lambda's 6 MB synchronous limit it is refused
 * without reading all of it.
 */
class EventFileIT {
    @TempDir
    Path temp;

    private Path fifoFedWith(byte[] bytes) throws Exception {
        Path mkfifo = RequiredTools.require("mkfifo");
        Path fifo = temp.resolve("event.fifo");
        assertEquals(0, Processes.run(temp, Map.of(), 10, List.of(mkfifo.toString(), fifo.toString())).exitCode());
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(bytes);
            } catch (IOException e) {
                // The reader stopped at the limit and closed its end: the rest has nowhere to go.
                if (!e.getMessage().contains("Broken pipe")) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        writer.setDaemon(true);
        writer.start();
        return fifo;
    }

    @Test
    void aPipeIsReadAsAnEvent() throws Exception {
        byte[] json = "{\"name\": \"Ada\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(json, LocalEvents.readEventFile(fifoFedWith(json)));
    }

    @Test
    void aPipeBringingMoreThanSixMegabytesIsRefused() throws Exception {
        Path fifo = fifoFedWith(new byte[LocalEvents.MAX_EVENT_BYTES + 1]);
        LambException e = assertThrows(LambException.class, () -> LocalEvents.readEventFile(fifo));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("--event " + fifo + " is larger than Lambda's limit for a synchronous invoke, 6 MB (6,291,456 bytes): "
                + "give a smaller event", e.getMessage());
    }
}
