package dev.lamb.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The follow loop over a scripted X-Ray: each trace once, a trace in progress when complete, windows that reach back. */
class TraceFollowerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private final class Script implements TraceFollower.Source {
        final List<List<ListedTrace>> polls = new ArrayList<>();
        final List<Instant[]> windows = new ArrayList<>();
        int poll;

        @Override
        public List<ListedTrace> list(Instant from, Instant to) {
            windows.add(new Instant[] {from, to});
            return poll < polls.size() ? polls.get(poll++) : List.of();
        }

        @Override
        public List<TraceSummary> details(List<ListedTrace> traces) {
            return traces.stream().map(t -> new TraceSummary(t.id(), t.start().toString(), 1, false, null, 1.0, 0.0, 200,
                    t.status(), List.of())).toList();
        }
    }

    private static ListedTrace trace(String id, int second, boolean partial) {
        return new ListedTrace(id, T0.plusSeconds(second), 0.1, 200, false, false, false, partial);
    }

    @Test
    void eachTraceOnceOldestFirstAndInProgressOnesWhenComplete() {
        Script script = new Script();
        script.polls.add(List.of(trace("b", 2, false), trace("a", 1, false), trace("c", 3, true)));
        script.polls.add(List.of(trace("a", 1, false), trace("b", 2, false), trace("c", 3, false), trace("d", 4, false)));
        script.polls.add(List.of(trace("c", 3, false), trace("d", 4, false)));
        List<String> printed = new ArrayList<>();
        Instant[] now = {T0.plusSeconds(10)};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        int[] sleeps = {0};
        new TraceFollower(script, clock, Duration.ofSeconds(2), d -> {
            now[0] = now[0].plus(Duration.ofSeconds(90));
            if (++sleeps[0] == 3) {
                throw new InterruptedException();
            }
        }).run(T0, t -> printed.add(t.id()));
        assertEquals(List.of("a", "b", "c", "d"), printed);
        assertEquals(T0, script.windows.get(0)[0], "the first window starts at --since");
        assertEquals(T0, script.windows.get(1)[0], "never before --since");
        assertEquals(T0.plusSeconds(100), script.windows.get(1)[1]);
        assertEquals(T0.plusSeconds(100).minus(TraceFollower.LOOK_BACK), script.windows.get(2)[0],
                "later windows reach back before the previous poll");
        assertEquals(3, script.windows.size());
        assertEquals(true, Thread.interrupted(), "the interrupt is kept for the caller");
    }
}
