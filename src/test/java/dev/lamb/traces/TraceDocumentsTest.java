package dev.lamb.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.Help.Ansi;

/** Segment documents as Lambda writes them, read into rows and trees. */
class TraceDocumentsTest {
    static final String ID = "1-66320000-0123456789abcdef01234567";
    static final String SERVICE = """
            {"id":"aaaaaaaaaaaaaaaa","name":"fn","trace_id":"%s","start_time":100.0,"end_time":100.5,
             "origin":"AWS::Lambda","http":{"response":{"status":200}}}""".formatted(ID);
    static final String COLD = """
            {"id":"bbbbbbbbbbbbbbbb","name":"fn","trace_id":"%s","start_time":100.0,"end_time":100.5,
             "parent_id":"aaaaaaaaaaaaaaaa","origin":"AWS::Lambda::Function","subsegments":[
              {"id":"cccccccccccccccc","name":"Initialization","start_time":100.0,"end_time":100.3},
              {"id":"dddddddddddddddd","name":"Invocation","start_time":100.3,"end_time":100.45,"fault":true,
               "cause":{"exceptions":[{"type":"ValueError","message":"no greeting"}]},
               "subsegments":[{"id":"eeeeeeeeeeeeeeee","name":"DynamoDB","start_time":100.31,"end_time":100.35}]},
              {"id":"ffffffffffffffff","name":"Overhead","start_time":100.45,"end_time":100.5}]}""".formatted(ID);
    static final String WARM = """
            {"id":"bbbbbbbbbbbbbbbb","name":"fn","trace_id":"%s","start_time":100.0,"end_time":100.02,
             "origin":"AWS::Lambda::Function","subsegments":[
              {"id":"dddddddddddddddd","name":"Invocation","start_time":100.0,"end_time":100.01},
              {"id":"ffffffffffffffff","name":"Overhead","start_time":100.01,"end_time":100.02}]}""".formatted(ID);

    static ListedTrace listed(double seconds, boolean fault) {
        return new ListedTrace(ID, Instant.ofEpochSecond(100), seconds, 200, fault, false, false, false);
    }

    @Test
    void aColdStartHasItsInitTime() {
        TraceSummary s = TraceDocuments.summary("fn", listed(0.5, true), List.of(SERVICE, COLD));
        assertTrue(s.cold());
        assertEquals(300.0, s.initMs(), 0.001);
        assertEquals(150.0, s.invocationMs(), 0.001);
        assertEquals(50.0, s.overheadMs(), 0.001);
        assertEquals(500.0, s.durationMs(), 0.001);
        assertEquals("fault", s.status());
        assertEquals(List.of("ValueError: no greeting"), s.errors());
        assertEquals(Instant.ofEpochSecond(100), s.startInstant());
    }

    @Test
    void aWarmInvocationHasNone() {
        TraceSummary s = TraceDocuments.summary("fn", listed(0.02, false), List.of(WARM));
        assertFalse(s.cold());
        assertNull(s.initMs());
        assertEquals(10.0, s.invocationMs(), 0.001);
        assertEquals("ok", s.status());
        assertTrue(s.errors().isEmpty());
    }

    @Test
    void aTraceWithoutItsFunctionSegmentKeepsWhatTheListingSaid() {
        TraceSummary s = TraceDocuments.summary("fn", listed(0.5, false), List.of(SERVICE, "{not json"));
        assertFalse(s.cold());
        assertNull(s.invocationMs());
        assertEquals(500.0, s.durationMs(), 0.001);
    }

    @Test
    void theTreeNestsSegmentsByParentAndSubsegmentsInside() {
        TraceTree tree = TraceDocuments.tree(ID, List.of(COLD, SERVICE));
        assertEquals(500.0, tree.durationMs(), 0.001);
        assertEquals(1, tree.segments().size());
        TraceTree.Node service = tree.segments().get(0);
        assertEquals("AWS::Lambda", service.origin());
        assertEquals(200, service.httpStatus());
        TraceTree.Node function = service.children().get(0);
        assertEquals(List.of("Initialization", "Invocation", "Overhead"),
                function.children().stream().map(TraceTree.Node::name).toList());
        TraceTree.Node invocation = function.children().get(1);
        assertEquals(300.0, invocation.startMs(), 0.001);
        assertEquals("fault", invocation.status());
        assertEquals("DynamoDB", invocation.children().get(0).name());

        String text = TracesView.tree(tree, ZoneOffset.UTC, Ansi.OFF);
        assertEquals("""
                trace 1-66320000-0123456789abcdef01234567, 01-01 00:01:40.000, 500.0 ms
                SEGMENT                             START     DURATION  STATUS
                fn (AWS::Lambda)                  +0.0 ms     500.0 ms  200 ok
                  fn (AWS::Lambda::Function)      +0.0 ms     500.0 ms  ok
                    Initialization                +0.0 ms     300.0 ms  ok
                    Invocation                  +300.0 ms     150.0 ms  fault  ValueError: no greeting
                      DynamoDB                  +310.0 ms      40.0 ms  ok
                    Overhead                    +450.0 ms      50.0 ms  ok
                """, text);
    }

    @Test
    void traceIds() {
        assertTrue(TraceTree.isTraceId(ID));
        assertFalse(TraceTree.isTraceId("1-6632-0123"));
        assertEquals(Instant.ofEpochSecond(0x66320000L), TraceReader.fromTraceId(ID));
    }
}
