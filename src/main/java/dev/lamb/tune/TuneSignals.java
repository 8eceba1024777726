package dev.lamb.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT, SIGTERM and SIGHUP during a tune: a request to stop, never an exit. The run checks it between
 * calls, so that it stops publishing, lets the calls in flight finish, and then puts the function back
 * itself, on its own thread. (A shutdown hook that undid the run while the main thread still published
 * left versions behind: the hook here only asks for the stop and waits for the run to finish.) A third
 * signal exits at once with 130, leaving the journal to 'lamb tune --restore'.
 */
public final class TuneSignals implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};
    /** How long the JVM, shutting down for another reason, waits for the run to put the function back. */
    private static final long SHUTDOWN_WAIT_SECONDS = 120;

    private final AtomicInteger received = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Consumer<String> progress;
    private final List<Signal> handled = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private Thread hook;

    private TuneSignals(Consumer<String> progress) {
        this.progress = progress;
    }

    /** Handles the signals until closed; where the JVM lets no signal be handled, the shutdown hook stands in. */
    public static TuneSignals install(Consumer<String> progress) {
        TuneSignals signals = new TuneSignals(progress);
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                signals.previous.add(Signal.handle(signal, s -> signals.received(s.getName())));
                signals.handled.add(signal);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // this JVM or platform keeps the signal (-Xrs, or no such signal): the hook below covers it
            }
        }
        signals.hook = new Thread(() -> {
            signals.stop();
            try {
                signals.finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lamb-tune-stop");
        Runtime.getRuntime().addShutdownHook(signals.hook);
        return signals;
    }

    /** No signal handling (the JVM's own: exit at once), for what has nothing to undo. */
    public static TuneSignals none() {
        return new TuneSignals(line -> {});
    }

    private void received(String name) {
        int count = received.incrementAndGet();
        if (count == 1) {
            progress.accept("tune: SIG" + name + ": stopping; the calls in flight finish, then the function is put back");
        } else if (count == 2) {
            progress.accept("tune: still putting the function back; a third signal exits now and leaves it to 'lamb tune --restore'");
        } else {
            Runtime.getRuntime().halt(130);
        }
    }

    /** Asks the run to stop, as a signal does. */
    void stop() {
        received.compareAndSet(0, 1);
    }

    /** Whether a stop was asked for. */
    public boolean stopped() {
        return received.get() > 0;
    }

    /** Throws the interruption when a stop was asked for: called before each call that changes or invokes the function. */
    void check() {
        if (stopped()) {
            throw new LambException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    @Override
    public void close() {
        finished.countDown();
        for (int i = 0; i < handled.size(); i++) {
            Signal.handle(handled.get(i), previous.get(i));
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook has what it waits for
            }
        }
    }
}
