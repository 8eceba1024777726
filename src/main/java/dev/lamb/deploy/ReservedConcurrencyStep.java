package dev.lamb.deploy;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * lamb.toml's reserved_concurrency, set with PutFunctionConcurrency. lamb marks a reservation it set with the tag
 * {@value #TAG} (its value), so that taking the key out of lamb.toml removes that reservation, and only that one: a
 * reservation set outside lamb (no tag, or changed since) is left alone. Without the key and the tag, no call at all.
 * A lower reservation waits for {@link #finish()}, after the provisioned step: Lambda refuses a reservation below the
 * provisioned concurrency the function still has, so that goes down first.
 */
final class ReservedConcurrencyStep {
    static final String STEP = "concurrency";
    static final String TAG = "lamb:reserved-concurrency";

    private final DeployRun run;
    /** A lower reservation, written by {@link #finish()}. */
    private Runnable lower;

    ReservedConcurrencyStep(DeployRun run) {
        this.run = run;
    }

    /**
     * {@code latest}: the function after the function step (null only in a dry run of a new one); {@code tags}: its
     * tags as read before the deploy's first write.
     */
    void apply(OptionalInt wanted, FunctionConfiguration latest, Map<String, String> tags) {
        String marked = tags.get(TAG);
        if (wanted.isEmpty() && marked == null) {
            return;
        }
        String name = run.names.function();
        LambdaClient lambda = run.aws.lambda();
        Integer current = latest == null ? null : current(lambda, name, run.reads, marked);
        String resource = "reserved concurrency of " + name;
        if (wanted.isPresent()) {
            int value = wanted.getAsInt();
            if (value == 0) {
                run.progress.accept("deploy: warning: reserved_concurrency = 0 stops " + name + " from running: every invocation "
                        + "is throttled (429) until lamb.toml raises or removes it");
            }
            if (Objects.equals(current, value) && String.valueOf(value).equals(marked)) {
                run.unchanged(STEP, resource);
                return;
            }
            Runnable write = () -> run.write(STEP, current == null ? Change.Action.CREATE : Change.Action.UPDATE, resource,
                    (current == null ? "" : current + " -> ") + value, () -> {
                        // The mark first: a deploy interrupted between the two leaves a reservation that is lamb's.
                        lambda.tagResource(r -> r.resource(arn(latest)).tags(Map.of(TAG, String.valueOf(value))));
                        lambda.putFunctionConcurrency(r -> r.functionName(name).reservedConcurrentExecutions(value));
                    });
            if (current != null && value < current) {
                lower = write;
            } else {
                write.run();
            }
            return;
        }
        // The key is gone: the reservation goes too if it is still the one lamb set.
        if (current != null && String.valueOf(current).equals(marked)) {
            run.write(STEP, Change.Action.DELETE, resource, current + ", no longer in lamb.toml", () -> {
                lambda.deleteFunctionConcurrency(r -> r.functionName(name));
                lambda.untagResource(r -> r.resource(arn(latest)).tagKeys(TAG));
            });
        }
    }

    /**
     * The function's reservation, from GetFunction's Concurrency (no call of its own). An endpoint that leaves out a
     * reservation there (moto leaves out 0) is asked with GetFunctionConcurrency when lamb's tag says it set one.
     */
    static Integer current(LambdaClient lambda, String name, DeployReads reads, String marked) {
        GetFunctionResponse fn = reads.function.get();
        if (fn == null) {
            return null;
        }
        Integer reserved = fn.concurrency() == null ? null : fn.concurrency().reservedConcurrentExecutions();
        if (reserved == null && marked != null) {
            reserved = lambda.getFunctionConcurrency(r -> r.functionName(name)).reservedConcurrentExecutions();
        }
        return reserved;
    }

    /** The lower reservation {@link #apply} left for after the provisioned step, if any. */
    void finish() {
        if (lower != null) {
            lower.run();
            lower = null;
        }
    }

    private static String arn(FunctionConfiguration latest) {
        return ReleaseStep.unqualified(latest.functionArn());
    }
}
