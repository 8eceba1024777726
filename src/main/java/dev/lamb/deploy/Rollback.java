package dev.lamb.deploy;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.Releases;
import dev.lamb.aws.Retries;
import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * `lamb rollback`: points the stage's alias at the version it served before (its {@link AliasHistory}; for an alias
 * lamb made before it kept one, the highest release below the version it serves, unless the alias has the user's own
 * description and other stages may have published that release), or at the one asked for. Published versions are immutable, so
 * moving the alias is the whole rollback; the next `lamb deploy` publishes lamb.toml and the local code again.
 */
public final class Rollback {
    static final String STEP = "rollback";

    private final AwsClients aws;
    private final String region;
    private final Consumer<String> progress;

    public Rollback(AwsClients aws, String region, Consumer<String> progress) {
        this.aws = aws;
        this.region = region;
        this.progress = progress;
    }

    /** Moves the alias to {@code toVersion}, or to the previous version when it is null. */
    public RollbackResult run(ProjectConfig config, String toVersion, boolean dryRun) {
        if (toVersion != null && !isPublished(toVersion)) {
            throw LambException.usage("--to " + toVersion + " is not a published version number, like 2");
        }
        DeployNames names = DeployNames.of(config, region);
        String name = names.function();
        String alias = names.alias();
        LambdaClient lambda = aws.lambda();
        AliasConfiguration current = ReleaseStep.findAlias(lambda, name, alias);
        if (current == null) {
            throw new LambException(ExitCode.NOT_FOUND, (FunctionStep.find(lambda, name) == null
                    ? name + " is not deployed in " + region : name + " has no alias " + alias)
                    + ": nothing to roll back; run 'lamb deploy' first");
        }
        String from = current.functionVersion();
        List<FunctionConfiguration> versions = lambda.listVersionsByFunctionPaginator(r -> r.functionName(name)).versions()
                .stream().toList();
        List<Long> published = releases(versions);
        Optional<AliasHistory> history = AliasHistory.of(current.description());
        AliasHistory.Back back;
        if (toVersion != null) {
            String to = given(name, toVersion, published, versions);
            back = new AliasHistory.Back(to, to.equals(from) ? null : AliasHistory.afterMove(current.description(), from));
        } else if (history.isPresent()) {
            back = history.get().back(v -> !v.equals(from) && published.contains(Long.parseLong(v)))
                    .orElseThrow(() -> LambException.failed("no version of " + name + " that alias " + alias + " served before " + from
                            + " to roll back to (--to VERSION moves it anyway"
                            + (published.isEmpty() ? ")" : listed(published).replace(" (", "; "))));
        } else if (AliasHistory.isUsers(current.description()) && hasOtherAliases(lambda, name, alias)) {
            // The release below may be another stage's, with its code and settings: a guess is worse than asking.
            throw LambException.failed("alias " + alias + " of " + name + " has your own description, so lamb has no record of the "
                    + "versions it served, and the release below " + from + " may be another stage's: pass --to VERSION"
                    + listed(published));
        } else {
            back = new AliasHistory.Back(previous(name, alias, from, published), null);
        }
        RollbackResult result = new RollbackResult(name, region, alias, from, back.version(), dryRun);
        if (!result.moved() || dryRun) {
            return result;
        }
        new Retries(progress).whileConflicting(STEP, () -> lambda.updateAlias(r -> r.functionName(name).name(alias)
                .functionVersion(back.version()).description(back.description())));
        // Lambda provisions the version the alias moved to again: the stage serves warm once that is READY, as after a deploy.
        new ProvisionedConcurrencyStep(new DeployRun(aws, names, region, false, progress)).awaitExisting();
        return result;
    }

    private static boolean hasOtherAliases(LambdaClient lambda, String name, String alias) {
        return lambda.listAliasesPaginator(r -> r.functionName(name)).aliases().stream().anyMatch(a -> !a.name().equals(alias));
    }

    private static String listed(List<Long> published) {
        return published.isEmpty() ? "" : " (published: " + published.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }

    private static String given(String name, String version, List<Long> published, List<FunctionConfiguration> versions) {
        long wanted = Long.parseLong(version);
        if (versions.stream().anyMatch(v -> v.version().equals(Long.toString(wanted)) && Releases.isTuning(v))) {
            throw LambException.usage("version " + wanted + " of " + name + " is not a release: lamb tune published it to measure "
                    + "a memory size ('lamb tune --restore' deletes it)");
        }
        if (!published.contains(wanted)) {
            throw new LambException(ExitCode.NOT_FOUND, "version " + wanted + " of " + name + " does not exist" + listed(published));
        }
        return Long.toString(wanted);
    }

    private static String previous(String name, String alias, String from, List<Long> published) {
        if (!isPublished(from)) {
            throw LambException.failed(alias + " points to " + from + ", not a published version: pass --to VERSION");
        }
        long current = Long.parseLong(from);
        return published.stream().filter(v -> v < current).max(Long::compare).map(String::valueOf)
                .orElseThrow(() -> LambException.failed("no version of " + name + " earlier than " + from
                        + " to roll back to"));
    }

    /** The function's releases, in ascending order: $LATEST and the versions lamb tune published left out. */
    private static List<Long> releases(List<FunctionConfiguration> versions) {
        return versions.stream().filter(Releases::isRelease).map(FunctionConfiguration::version).map(Long::parseLong).sorted().toList();
    }

    private static boolean isPublished(String version) {
        return Releases.isPublished(version);
    }
}
