package dev.lamb.testing;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A burst of calls, one at a time, against a process that a SIGKILL (as kill -9) stops once it has answered
 * {@code before} of them, at a random moment within the next calls (a slow machine only makes the burst longer):
 * the names of the calls it answered, and of the one it died under (null if it died between two calls).
 */
public record KillBurst(Set<String> acknowledged, String inFlight) {
    /**
     * Makes call {@code call.accept(name.apply(i))} for i = 0, 1, ... until the process is dead; a call that throws once
     * the kill is due ends the burst, one that throws before is rethrown.
     */
    public static KillBurst run(long pid, int before, IntFunction<String> name, Consumer<String> call) throws InterruptedException {
        Set<String> acknowledged = new HashSet<>();
        String inFlight = null;
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch answered = new CountDownLatch(before);
        Thread killer = new Thread(() -> {
            try {
                answered.await();
                Thread.sleep(ThreadLocalRandom.current().nextLong(5, 100));
            } catch (InterruptedException e) {
                return;
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            killed.set(true);
        });
        killer.start();
        for (int i = 0; !killed.get() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            inFlight = name.apply(i);
            try {
                call.accept(inFlight);
                acknowledged.add(inFlight);
                inFlight = null;
                answered.countDown();
            } catch (RuntimeException e) {
                if (answered.getCount() > 0) {
                    killer.interrupt();
                    throw e; // a failure before the kill was due is the test's to report
                }
                break; // the process died under this call
            }
        }
        killer.join();
        return new KillBurst(acknowledged, inFlight);
    }

    /** Whether what is there unacknowledged after the kill is nothing or only the call in flight, as it may be. */
    public boolean onlyInFlight(Set<String> unacknowledged) {
        return unacknowledged.isEmpty() || unacknowledged.equals(Set.of(String.valueOf(inFlight)));
    }
}
