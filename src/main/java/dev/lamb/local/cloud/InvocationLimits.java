package dev.lamb.local.cloud;

import java.time.Duration;
import java.util.Map;

import dev.lamb.LambException;

/**
 * How many invocations the local cloud runs at once, as Lambda's concurrency limits do: at most
 * {@code perFunction} instances of one function (unless its reserved concurrency says otherwise), at most
 * {@code account} in all, and past them a queue of {@code queue} invocations per function, each waiting
 * at most {@code queueWait} for an instance before it is throttled.
 */
public record InvocationLimits(int perFunction, int account, int queue, Duration queueWait) {
    public static final int DEFAULT_PER_FUNCTION = 10;
    public static final int DEFAULT_ACCOUNT = 50;
    public static final String PER_FUNCTION_VARIABLE = "LAMB_LOCAL_MAX_INSTANCES";
    public static final String ACCOUNT_VARIABLE = "LAMB_LOCAL_MAX_CONCURRENCY";

    public InvocationLimits {
        if (perFunction < 1 || account < 1) {
            throw LambException.usage("the local cloud's instance limits must be at least 1, not " + perFunction + " per function "
                    + "and " + account + " in all");
        }
    }

    /** A short queue: a burst a little over the limit waits a moment instead of being throttled outright. */
    public static InvocationLimits of(int perFunction, int account) {
        return new InvocationLimits(perFunction, account, perFunction, Duration.ofSeconds(2));
    }

    public static InvocationLimits defaults() {
        return of(DEFAULT_PER_FUNCTION, DEFAULT_ACCOUNT);
    }

    /**
     * The limits given, else those of {@value #PER_FUNCTION_VARIABLE} and {@value #ACCOUNT_VARIABLE},
     * else the defaults.
     */
    public static InvocationLimits of(Integer perFunction, Integer account, Map<String, String> env) {
        return of(perFunction != null ? perFunction : fromVariable(env, PER_FUNCTION_VARIABLE, DEFAULT_PER_FUNCTION),
                account != null ? account : fromVariable(env, ACCOUNT_VARIABLE, DEFAULT_ACCOUNT));
    }

    private static int fromVariable(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw LambException.usage(name + " must be a whole number of instances, not '" + value + "'");
        }
    }
}
