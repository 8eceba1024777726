package example;

/** A secret that cannot be read; the message names its variable and says why, never the value. */
public final class SecretException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SecretException(String message) {
        super(message);
    }

    SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
