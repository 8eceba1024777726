package dev.lamb.tune.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import dev.lamb.tune.SizeProgress;

class TerminalBarsTest {
    @Test
    void onATerminalTheBarFillsInPlaceThenGivesWayToTheFinishedLine() {
        StringWriter err = new StringWriter();
        SizeProgress.Bar bar = new TerminalBars(new PrintWriter(err)).start("tune: 512 MB x86_64", 3);
        bar.tick();
        bar.tick();
        bar.tick();
        bar.done("tune: 512 MB x86_64 (version 4): 3 invocations");
        String shown = err.toString();
        assertTrue(shown.contains("\rtune: 512 MB x86_64 [" + "#".repeat(10) + " ".repeat(20) + "] 1/3"), shown);
        assertTrue(shown.contains("[" + "#".repeat(30) + "] 3/3"), shown);
        assertTrue(shown.endsWith("\r\u001b[Ktune: 512 MB x86_64 (version 4): 3 invocations" + System.lineSeparator()), shown);
    }
}
