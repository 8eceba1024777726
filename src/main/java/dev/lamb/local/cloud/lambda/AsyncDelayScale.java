package dev.lamb.local.cloud.lambda;

import java.util.Map;

import dev.lamb.LambException;

/**
 * How fast asynchronous invocation's clock runs: retry delays and event ages, 1 being Lambda's own. A class of
 * its own, not LambdaService's, so that `lamb local start --detach` checks the setting without building Lambda's
 * dispatch table (~0.1 s) before it starts the cloud.
 */
public final class AsyncDelayScale {
    static final String VARIABLE = "LAMB_LOCAL_ASYNC_DELAY_SCALE";

    private AsyncDelayScale() {}

    /** The scale given (by `lamb local start --async-delay-scale`), else {@value #VARIABLE}'s, else 1 (Lambda's own). */
    public static double of(Double given, Map<String, String> env) {
        if (given != null) {
            return checked(given, "--async-delay-scale", String.valueOf(given));
        }
        String value = env.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return 1.0;
        }
        double scale;
        try {
            scale = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            scale = Double.NaN;
        }
        return checked(scale, VARIABLE, value);
    }

    private static double checked(double scale, String setting, String given) {
        if (scale > 0 && scale <= 1) {
            return scale;
        }
        throw LambException.usage(setting + " must be a number above 0 and at most 1 (0.01 makes Lambda's 1-minute retry "
                + "delay 0.6 s), not '" + given + "'");
    }
}
