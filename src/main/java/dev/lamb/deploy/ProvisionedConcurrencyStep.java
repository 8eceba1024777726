package dev.lamb.deploy;

import java.time.Duration;
import java.util.Map;

import dev.lamb.LambException;
import dev.lamb.aws.Retries;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetProvisionedConcurrencyConfigResponse;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyConfigNotFoundException;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyStatusEnum;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * lamb.toml's provisioned_concurrency on the stage's alias, applied once the alias points at the new version
 * (after the release step: on a moved alias Lambda provisions the new version again) and waited for until READY,
 * or FAILED with Lambda's reason. A config lamb set carries the tag {@value #TAG_PREFIX}ALIAS on the function, so
 * that provisioned_concurrency = 0 removes it, and only it; without the key and the tag, no call at all.
 */
final class ProvisionedConcurrencyStep {
    static final String STEP = "provisioned";
    static final String TAG_PREFIX = "lamb:provisioned-concurrency:";
    /** Lambda takes minutes to provision many instances; past this, the deploy stops waiting and says how to go on. */
    private static final Duration MOST_WAIT = Duration.ofMinutes(15);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final DeployRun run;

    ProvisionedConcurrencyStep(DeployRun run) {
        this.run = run;
    }

    /** {@code tags}: the function's tags as read before the deploy's first write. */
    void apply(int wanted, FunctionConfiguration latest, Map<String, String> tags) {
        String alias = run.names.alias();
        String tag = TAG_PREFIX + alias;
        boolean marked = tags.containsKey(tag);
        if (wanted == 0 && !marked) {
            return;
        }
        String name = run.names.function();
        LambdaClient lambda = run.aws.lambda();
        // A moved alias is provisioned again: what was read before the release step is no longer what the alias has.
        GetProvisionedConcurrencyConfigResponse current = latest == null ? null
                : run.changedIn(ReleaseStep.STEP) ? read(lambda, name, alias) : run.reads.provisioned.get();
        String resource = "provisioned concurrency of alias " + alias;
        if (wanted == 0) {
            if (current != null) {
                int had = current.requestedProvisionedConcurrentExecutions();
                run.write(STEP, Change.Action.DELETE, resource, had + (had == 1 ? " instance" : " instances")
                        + ", provisioned_concurrency is 0", () -> {
                            lambda.deleteProvisionedConcurrencyConfig(r -> r.functionName(name).qualifier(alias));
                            lambda.untagResource(r -> r.resource(ReleaseStep.unqualified(latest.functionArn())).tagKeys(tag));
                        });
            }
            return;
        }
        boolean same = current != null && current.requestedProvisionedConcurrentExecutions() == wanted
                && current.status() != ProvisionedConcurrencyStatusEnum.FAILED;
        if (same && current.status() == ProvisionedConcurrencyStatusEnum.READY) {
            run.unchanged(STEP, resource);
            return;
        }
        if (!same) {
            String detail = (current == null ? "" : current.requestedProvisionedConcurrentExecutions() + " -> ") + wanted
                    + (wanted == 1 ? " instance" : " instances");
            run.write(STEP, current == null ? Change.Action.CREATE : Change.Action.UPDATE, resource, detail, () -> {
                // The mark first: a deploy interrupted between the two leaves a config that is lamb's.
                lambda.tagResource(r -> r.resource(ReleaseStep.unqualified(latest.functionArn())).tags(Map.of(tag, String.valueOf(wanted))));
                lambda.putProvisionedConcurrencyConfig(r -> r.functionName(name).qualifier(alias).provisionedConcurrentExecutions(wanted));
            });
        }
        if (!run.dryRun) {
            untilReady(lambda, name, alias, wanted);
        }
    }

    /**
     * After the alias moved without a deploy (a rollback): waits for the provisioned concurrency it already has to be READY
     * again, and writes nothing, whatever lamb.toml now says.
     */
    void awaitExisting() {
        String name = run.names.function();
        String alias = run.names.alias();
        GetProvisionedConcurrencyConfigResponse current = read(run.aws.lambda(), name, alias);
        if (current != null && !run.dryRun) {
            untilReady(run.aws.lambda(), name, alias, current.requestedProvisionedConcurrentExecutions());
        }
    }

    /** Polls until Lambda says READY (or FAILED, which fails the deploy with its reason), saying how long it has waited. */
    private void untilReady(LambdaClient lambda, String name, String alias, int wanted) {
        long started = System.nanoTime();
        long lastSaid = started;
        long pause = 100;
        run.progress.accept(STEP + ": waiting for " + wanted + " provisioned instance" + (wanted == 1 ? "" : "s") + " of alias "
                + alias + " to be READY");
        while (true) {
            GetProvisionedConcurrencyConfigResponse now = read(lambda, name, alias);
            if (now == null) {
                throw LambException.failed("the provisioned concurrency of alias " + alias + " is gone while lamb waited for it: "
                        + "run 'lamb deploy' again");
            }
            if (now.status() == ProvisionedConcurrencyStatusEnum.READY) {
                run.progress.accept(STEP + ": alias " + alias + " has " + now.availableProvisionedConcurrentExecutions()
                        + " provisioned instance" + (wanted == 1 ? "" : "s") + " READY");
                return;
            }
            if (now.status() == ProvisionedConcurrencyStatusEnum.FAILED) {
                throw LambException.failed("Lambda could not provision alias " + alias + ": " + now.statusReason());
            }
            long waited = System.nanoTime() - started;
            if (waited > MOST_WAIT.toNanos()) {
                throw LambException.failed("alias " + alias + "'s provisioned concurrency is still " + now.statusAsString() + " after "
                        + MOST_WAIT.toMinutes() + " minutes: run 'lamb deploy' again to keep waiting, or 'lamb status' to look");
            }
            if (System.nanoTime() - lastSaid > PROGRESS_EVERY.toNanos()) {
                lastSaid = System.nanoTime();
                run.progress.accept(STEP + ": still " + now.statusAsString() + " after " + waited / 1_000_000_000 + " s ("
                        + now.allocatedProvisionedConcurrentExecutions() + " of " + wanted + " allocated)");
            }
            Retries.sleep(pause);
            pause = Math.min(5000, pause * 2);
        }
    }

    /** The alias's config, or null when it has none. */
    static GetProvisionedConcurrencyConfigResponse read(LambdaClient lambda, String name, String alias) {
        try {
            return lambda.getProvisionedConcurrencyConfig(r -> r.functionName(name).qualifier(alias));
        } catch (ProvisionedConcurrencyConfigNotFoundException | ResourceNotFoundException e) {
            // none yet, or (in a dry run) no alias yet
            return null;
        }
    }
}
