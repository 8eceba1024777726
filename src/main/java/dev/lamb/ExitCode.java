package dev.lamb;

/** The exit codes lamb promises in its README; every failure maps to exactly one of them. */
public enum ExitCode {
    OK(0),
    FAILED(1),
    USAGE(2),
    AUTH(3),
    NOT_FOUND(4),
    THROTTLED(5),
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
