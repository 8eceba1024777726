package dev.lamb.aws;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The two waits the SDK's own retries do not cover: Lambda's ResourceConflictException while an
 * update is in progress, and a new IAM role that Lambda cannot assume until it has propagated. Both
 * wait with lamb's {@link Backoff} (250 ms doubling to 8 s, jittered), and give up after a deadline with
 * the last error.
 */
public final class Retries {
    public static final Duration ROLE_PROPAGATION = Duration.ofMinutes(2);
    static final Duration CONFLICT = Duration.ofMinutes(2);

    private final Consumer<String> progress;

    public Retries(Consumer<String> progress) {
        this.progress = progress;
    }

    /** "The operation cannot be performed at this time. An update is in progress for resource: ...", not other conflicts. */
    static boolean isConflict(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return e.statusCode() == 409 && code(e).equals("ResourceConflictException") && message != null
                && (message.contains("in progress") || message.contains("at this time"));
    }

    /** "The role defined for the function cannot be assumed by Lambda.", IAM's eventual consistency. */
    static boolean isRoleNotYetAssumable(AwsServiceException e) {
        return code(e).equals("InvalidParameterValueException") && e.awsErrorDetails().errorMessage() != null
                && e.awsErrorDetails().errorMessage().contains("cannot be assumed");
    }

    public <T> T whileConflicting(String what, Supplier<T> call) {
        return retry(what, call, Retries::isConflict, CONFLICT, what + ": another update of the function is in progress; waiting");
    }

    public <T> T whileRoleIsNew(String what, Supplier<T> call) {
        return retry(what, call, e -> isRoleNotYetAssumable(e) || isConflict(e), ROLE_PROPAGATION,
                what + ": waiting for IAM to make the new role assumable by Lambda (up to 2 minutes)");
    }

    /**
     * "The function's execution role does not have permissions to call SendMessage on ...": Lambda checks a destination
     * against the role when the config is put, and a statement lamb has just added may not have reached it yet.
     */
    public <T> T whileGrantIsNew(String what, Supplier<T> call) {
        return retry(what, call, e -> code(e).equals("InvalidParameterValueException") && e.awsErrorDetails().errorMessage() != null
                && e.awsErrorDetails().errorMessage().contains("does not have permissions"), ROLE_PROPAGATION,
                what + ": waiting for IAM to give the role its new permission to send to the destination (up to 2 minutes)");
    }

    private <T> T retry(String what, Supplier<T> call, Predicate<AwsServiceException> retryable, Duration limit, String notice) {
        long deadline = System.nanoTime() + limit.toNanos();
        Backoff backoff = new Backoff(250, 8000);
        boolean told = false;
        while (true) {
            try {
                return call.get();
            } catch (AwsServiceException e) {
                if (!retryable.test(e) || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                if (!told) {
                    progress.accept(notice);
                    told = true;
                }
                sleep(backoff.next());
            }
        }
    }

    /** A pause that Ctrl-C ends as an interrupt (exit 130). */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LambException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }
}
