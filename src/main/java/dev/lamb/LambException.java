package dev.lamb;

/**
 * The one error type lamb shows to users: its message is the single line printed on stderr, and its
 * exit code is the documented one. Every layer throws it; only the CLI catches it.
 */
public class LambException extends RuntimeException {
    private final ExitCode exitCode;

    public LambException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public LambException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad input from the user: a flag, a name, a file they own. */
    public static LambException usage(String message) {
        return new LambException(ExitCode.USAGE, message);
    }

    public static LambException failed(String message) {
        return new LambException(ExitCode.FAILED, message);
    }

    public static LambException failed(String message, Throwable cause) {
        return new LambException(ExitCode.FAILED, message, cause);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
