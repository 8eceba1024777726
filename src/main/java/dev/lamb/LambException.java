package dev.lamb;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

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

    /** A file operation that failed, said as a person would: what lamb was doing, which file, and why. */
    public static LambException io(String doing, IOException e) {
        return new LambException(ExitCode.FAILED, doing + ": " + describe(e), e);
    }

    static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            String why = fs.getReason() != null ? fs.getReason()
                    : fs instanceof AccessDeniedException ? "permission denied"
                    : fs instanceof NoSuchFileException ? "no such file or folder"
                    : fs instanceof FileAlreadyExistsException ? "already exists"
                    : fs instanceof NotDirectoryException ? "not a folder"
                    : fs instanceof DirectoryNotEmptyException ? "folder not empty"
                    : e.getClass().getSimpleName();
            return (fs.getFile() == null ? "" : fs.getFile() + ": ") + why;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
