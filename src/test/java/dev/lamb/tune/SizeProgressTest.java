package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SizeProgressTest {
    @Test
    void elsewhereOnlyTheFinishedLine() {
        List<String> lines = new ArrayList<>();
        SizeProgress.Bar bar = SizeProgress.lines(lines::add).start("tune: 512 MB x86_64", 0);
        bar.tick();
        bar.done("done");
        assertEquals(List.of("done"), lines);
    }
}
