package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.lamb.aws.Releases;
import dev.lamb.aws.Retries;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Versions and the alias: when $LATEST differs from what the alias serves (new code or configuration,
 * or a deploy interrupted before it moved the alias), publish a version and move the alias to it; then
 * delete published versions beyond the newest N that no alias points to.
 */
final class ReleaseStep {
    static final String STEP = "release";

    /** The version the alias serves after this step, and the alias's ARN. */
    record Release(String version, String aliasArn) {}

    private final DeployRun run;
    private final Retries retries;

    ReleaseStep(DeployRun run, Retries retries) {
        this.run = run;
        this.retries = retries;
    }

    Release apply(FunctionConfiguration latest, FunctionSettings wanted, String codeSha256, String roleArn, int keepVersions) {
        LambdaClient lambda = run.aws.lambda();
        String name = run.names.function();
        String alias = run.names.alias();
        String aliasArn = latest == null ? "(alias " + alias + " of the new function)" : unqualified(latest.functionArn()) + ":" + alias;
        FunctionConfiguration served = latest == null ? null : run.reads.served.get();
        AliasConfiguration current = served == null ? null
                : AliasConfiguration.builder().name(alias).functionVersion(served.version()).build();
        boolean behind = current == null || run.changedIn(FunctionStep.STEP) || differs(served, wanted, codeSha256, roleArn);
        if (!behind) {
            run.unchanged(STEP, alias + " -> version " + current.functionVersion());
            return new Release(current.functionVersion(), aliasArn);
        }
        String[] version = {null};
        // The alias as the move finds it (its description carries rollback's history) is read while the version is
        // published, which the read does not need: one round trip fewer between Lambda's "Successful" and the move.
        DeployReads.Read<AliasConfiguration> atMove = run.dryRun || current == null ? null
                : run.reads.startNow(() -> findAlias(lambda, name, alias));
        // Published before it is recorded, so that the line names the number: "created version 7 of NAME".
        int[] attempts = {0};
        if (!run.dryRun) {
            version[0] = retries.whileConflicting(STEP, () -> {
                attempts[0]++;
                return lambda.publishVersion(r -> r.functionName(name).codeSha256(codeSha256).description(Releases.DEPLOY_DESCRIPTION));
            }).version();
        }
        if (attempts[0] > 1) {
            // Publishing waited out a conflict (another change of the function): what the early read saw may be stale.
            atMove = null;
        }
        run.write(STEP, Change.Action.CREATE, version[0] == null ? "version of " + name : "version " + version[0] + " of " + name,
                "code " + FunctionSettings.shortSha(codeSha256), () -> {});
        String target = version[0] != null ? version[0] : "(new)";
        moveAlias(run, retries, STEP, current, version[0], atMove == null ? null : atMove::get);
        if (!run.dryRun) {
            prune(lambda, name, keepVersions, version[0]);
        }
        return new Release(target, aliasArn);
    }

    /**
     * Points the run's alias at {@code version}: created when {@code current} is null, else updated when it serves
     * another; in a dry run {@code version} may be null, a version not published yet.
     */
    static void moveAlias(DeployRun run, Retries retries, String step, AliasConfiguration current, String version) {
        moveAlias(run, retries, step, current, version, null);
    }

    /** The same, the alias as the first attempt finds it read ahead by {@code atMove} (null: read then); a retry reads it again. */
    private static void moveAlias(DeployRun run, Retries retries, String step, AliasConfiguration current, String version,
            Supplier<AliasConfiguration> atMove) {
        LambdaClient lambda = run.aws.lambda();
        String name = run.names.function();
        String alias = run.names.alias();
        String shown = version != null ? version : "(new)";
        if (current == null) {
            run.write(step, Change.Action.CREATE, "alias " + alias, "-> version " + shown,
                    () -> lambda.createAlias(r -> r.functionName(name).name(alias).functionVersion(version)
                            .description(AliasHistory.created())));
        } else if (!current.functionVersion().equals(version)) {
            Supplier<AliasConfiguration> readNow = () -> findAlias(lambda, name, alias);
            AtomicReference<Supplier<AliasConfiguration>> read = new AtomicReference<>(atMove != null ? atMove : readNow);
            run.write(step, Change.Action.UPDATE, "alias " + alias, "version " + current.functionVersion() + " -> " + shown,
                    () -> retries.whileConflicting(step, () -> {
                        // Read at the move (a deploy's first attempt while it published the version), so that the version it leaves
                        // is the one the alias served: rollback's way back.
                        AliasConfiguration now = read.getAndSet(readNow).get();
                        String description = now == null ? null : AliasHistory.afterMove(now.description(), now.functionVersion());
                        return lambda.updateAlias(r -> r.functionName(name).name(alias).functionVersion(version).description(description));
                    }));
        } else {
            run.unchanged(step, "alias " + alias + " -> version " + version);
        }
    }

    /** True when the alias's version is not what lamb.toml and the zip ask for (or is gone: {@code served} has no config). */
    private static boolean differs(FunctionConfiguration served, FunctionSettings wanted, String codeSha256, String roleArn) {
        if (served.codeSha256() == null) {
            return true;
        }
        return !wanted.configDifferences(served, roleArn.startsWith("arn:") ? roleArn : null).isEmpty()
                || !wanted.codeDifferences(served, codeSha256).isEmpty();
    }

    /**
     * The version {@code alias} serves, with one call: GetFunction with the alias as qualifier answers the version's
     * configuration, its number included. Null when the alias does not exist; an alias whose version is gone is
     * answered with that version's number alone, so that the release step publishes and moves it. An endpoint that
     * does not name the version there is asked with GetAlias, then GetFunction of that version.
     */
    static FunctionConfiguration served(LambdaClient lambda, String name, String alias, boolean functionExists) {
        if (!functionExists) {
            return null;
        }
        try {
            FunctionConfiguration served = lambda.getFunction(r -> r.functionName(name).qualifier(alias)).configuration();
            if (Releases.isPublished(served.version())) {
                return served;
            }
        } catch (ResourceNotFoundException e) {
            // no such alias, or its version is gone: GetAlias tells which
        }
        AliasConfiguration found = findAlias(lambda, name, alias);
        if (found == null) {
            return null;
        }
        try {
            return lambda.getFunction(r -> r.functionName(name).qualifier(found.functionVersion())).configuration();
        } catch (ResourceNotFoundException e) {
            return FunctionConfiguration.builder().version(found.functionVersion()).build();
        }
    }

    /** Deletes lamb deploy's releases older than its newest {@code keep} that no alias routes to. */
    private void prune(LambdaClient lambda, String name, int keep, String newest) {
        // Lambda numbers a function's versions 1, 2, 3...: up to the one just published, there can be no more than keep.
        if (Long.parseLong(newest) <= keep) {
            return;
        }
        Set<String> aliased = Releases.aliased(lambda, name);
        List<Long> published = new ArrayList<>();
        for (FunctionConfiguration v : lambda.listVersionsByFunctionPaginator(r -> r.functionName(name)).versions()) {
            // Only lamb deploy's own releases are counted and pruned: a tuning version is lamb tune's to delete,
            // and a version published outside lamb (an adopted function's) is the user's.
            if (Releases.isDeployRelease(v)) {
                published.add(Long.parseLong(v.version()));
            }
        }
        published.sort(Comparator.reverseOrder());
        for (Long old : published.subList(Math.min(keep, published.size()), published.size())) {
            String v = old.toString();
            if (!aliased.contains(v)) {
                run.write(STEP, Change.Action.DELETE, "version " + v + " of " + name, "older than the newest " + keep,
                        () -> lambda.deleteFunction(r -> r.functionName(name).qualifier(v)));
            }
        }
    }

    static AliasConfiguration findAlias(LambdaClient lambda, String name, String alias) {
        try {
            var a = lambda.getAlias(r -> r.functionName(name).name(alias));
            return AliasConfiguration.builder().name(a.name()).aliasArn(a.aliasArn()).functionVersion(a.functionVersion())
                    .routingConfig(a.routingConfig()).description(a.description()).build();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** arn:aws:lambda:R:A:function:NAME, without a :VERSION or :ALIAS. */
    static String unqualified(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length > 7 ? String.join(":", Arrays.copyOf(parts, 7)) : functionArn;
    }
}
