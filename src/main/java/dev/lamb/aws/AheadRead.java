package dev.lamb.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * One read of AWS, made at most once: started ahead on a pool, so that reads that do not wait for each other run at
 * once, or made when first asked for. Its failure is thrown to whoever asks for the answer, as the call would have
 * thrown there; a failed read nobody asks for goes unsaid.
 */
public class AheadRead<T> {
    private final Supplier<T> call;
    private CompletableFuture<T> answer;

    public AheadRead(Supplier<T> call) {
        this.call = call;
    }

    public synchronized void start(ExecutorService pool) {
        if (answer == null) {
            answer = CompletableFuture.supplyAsync(call, pool);
        }
    }

    public T get() {
        CompletableFuture<T> started;
        synchronized (this) {
            if (answer == null) {
                T value = call.get();
                answer = CompletableFuture.completedFuture(value);
                return value;
            }
            started = answer;
        }
        try {
            return started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
