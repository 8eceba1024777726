package dev.lamb.traces;

/** What lamb traces says of a function deployed without Active tracing: its mode and how to turn tracing on. */
public record TracingOff(String function, String tracingMode, String hint) {
    public static TracingOff of(String function, String tracingMode, boolean tracingInToml) {
        String hint = tracingInToml
                ? "X-Ray tracing is off for " + function + " (" + tracingMode + ") though lamb.toml has tracing = true: "
                        + "run 'lamb deploy' to turn it on"
                : "X-Ray tracing is off for " + function + " (" + tracingMode + "): set tracing = true under [function] "
                        + "in lamb.toml, then run 'lamb deploy'";
        return new TracingOff(function, tracingMode, hint);
    }
}
