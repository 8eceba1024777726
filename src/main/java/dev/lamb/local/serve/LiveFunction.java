package dev.lamb.local.serve;

import java.util.function.Supplier;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.LocalEngine;

/**
 * The code that requests run on now. A reload swaps in a new build with its own engine; requests
 * already running finish on the old one, which is closed (its instances stopped) when the last of
 * them ends, so a reload never drops a request nor mixes old and new code in one instance.
 */
final class LiveFunction implements AutoCloseable {
    private final Supplier<LocalEngine> engines;
    private Generation current;
    private boolean closed;

    LiveFunction(FunctionSpec spec, Supplier<LocalEngine> engines) {
        this.engines = engines;
        this.current = new Generation(spec, engines.get());
    }

    synchronized FunctionSpec spec() {
        return current.spec;
    }

    /** Runs one event on the current build. */
    InvocationResult invoke(byte[] event) {
        Generation generation = acquire();
        try {
            return generation.engine.invoke(generation.spec, event);
        } finally {
            release(generation);
        }
    }

    /** Requests from now on run the new build; the old one stops once its requests are done. */
    void swap(FunctionSpec spec) {
        LocalEngine engine = engines.get();
        Generation old;
        synchronized (this) {
            if (closed) {
                engine.close();
                return;
            }
            old = current;
            current = new Generation(spec, engine);
            old.retired = true;
            if (old.inFlight > 0) {
                return;
            }
        }
        old.engine.close();
    }

    private synchronized Generation acquire() {
        if (closed) {
            throw new IllegalStateException("lamb serve is stopping");
        }
        current.inFlight++;
        return current;
    }

    private void release(Generation generation) {
        synchronized (this) {
            generation.inFlight--;
            if (!generation.retired || generation.inFlight > 0) {
                return;
            }
        }
        generation.engine.close();
    }

    /** Stops every instance; requests still running get the engine's error. */
    @Override
    public void close() {
        Generation last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = current;
        }
        last.engine.close();
    }

    private static final class Generation {
        final FunctionSpec spec;
        final LocalEngine engine;
        int inFlight;
        boolean retired;

        Generation(FunctionSpec spec, LocalEngine engine) {
            this.spec = spec;
            this.engine = engine;
        }
    }
}
