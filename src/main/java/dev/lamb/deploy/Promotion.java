package dev.lamb.deploy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.lamb.ExitCode;
import dev.lamb.InterruptNotice;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.AwsTarget;
import dev.lamb.aws.Releases;
import dev.lamb.aws.Retries;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.StageName;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * `lamb promote FROM TO`: moves TO's alias to the version FROM's alias serves, without building or uploading.
 * When TO's settings in lamb.toml differ from that version's, a version of the same code is published with
 * TO's settings: $LATEST (which must hold that code) gets them, is published, and gets back the settings it had
 * when they were a stage's, so that the next deploy finds it as it was. TO's alias moves last, so that until
 * then TO serves what it served; its API stage and permission are made (or brought up to date) as deploy makes
 * them, so that TO also serves FROM's routes.
 */
public final class Promotion {
    static final String STEP = "promote";

    private final AwsClients aws;
    private final AwsTarget target;
    private final Consumer<String> progress;

    public Promotion(AwsClients aws, AwsTarget target, Consumer<String> progress) {
        this.aws = aws;
        this.target = target;
        this.progress = progress;
    }

    public PromoteResult promote(ProjectConfig config, String from, String to, boolean dryRun) {
        for (String stage : List.of(from, to)) {
            if (!StageName.isValid(stage)) {
                throw LambException.usage("promote: '" + stage + "' is not a stage name: " + StageName.RULE);
            }
        }
        if (from.equals(to)) {
            throw LambException.usage("promote " + from + " " + to + ": FROM and TO are the same stage; name two stages, "
                    + "such as 'lamb promote dev prod'");
        }
        ProjectConfig toConfig = config.forStage(to);
        String region = target.region();
        DeployNames names = DeployNames.of(toConfig, region);
        String name = names.function();
        Ownership found = Ownership.read(aws, names);
        if (found.function == null) {
            throw new LambException(ExitCode.NOT_FOUND, name + " is not deployed in " + region
                    + ": nothing to promote; run 'lamb deploy --stage " + from + "' first");
        }
        List<Ownership.Unowned> unowned = found.unowned(region);
        if (!unowned.isEmpty()) {
            throw found.refusal(unowned);
        }
        LambdaClient lambda = aws.lambda();
        AliasConfiguration source = ReleaseStep.findAlias(lambda, name, DeployNames.aliasOf(from));
        if (source == null || !Releases.isPublished(source.functionVersion())) {
            throw new LambException(ExitCode.NOT_FOUND, "stage " + from + " of " + name + " serves no published version (no alias "
                    + DeployNames.aliasOf(from) + "): run 'lamb deploy --stage " + from + "' first");
        }
        DeployRun run = new DeployRun(aws, names, region, dryRun, progress);
        Plan plan = new Plan(run, source.functionVersion());
        try (InterruptNotice notice = dryRun ? null : InterruptNotice.during(progress, plan::interrupted)) {
            return plan.run(config, toConfig, lambda, from, to);
        } catch (SdkException e) {
            throw plan.failed(AwsErrors.translate(e));
        } catch (LambException e) {
            throw e.exitCode() == ExitCode.INTERRUPTED ? e : plan.failed(e);
        }
    }

    /** One promotion's state, for an interrupt or a failure to tell. */
    private final class Plan {
        private final DeployRun run;
        private final String version;
        private final Retries retries = new Retries(progress);
        /** Whether $LATEST holds TO's settings now, waiting to get back its own. */
        private volatile boolean latestChanged;

        Plan(DeployRun run, String version) {
            this.run = run;
            this.version = version;
        }

        PromoteResult run(ProjectConfig config, ProjectConfig toConfig, LambdaClient lambda, String from, String to) {
            String name = run.names.function();
            FunctionConfiguration served = lambda.getFunction(r -> r.functionName(name).qualifier(version)).configuration();
            Collection<ResolvedSecret> secrets = new SecretResolver(aws, run.region, to, toConfig.dir(), progress)
                    .resolve(toConfig.function().secrets()).values();
            FunctionSettings wanted = FunctionSettings.of(toConfig.function()).withSecrets(secrets);
            if (!secrets.isEmpty()) {
                // TO's version finds its secrets by variable: its role must be allowed to read them before it serves.
                run.enter(SecretsStep.STEP);
                new SecretsStep(run).apply(run.reads.role.get(), secrets);
            }
            List<String> settings = wanted.configDifferences(served, null);
            AliasConfiguration current = ReleaseStep.findAlias(lambda, name, run.names.alias());
            String previous = current == null ? null : current.functionVersion();
            String chosen = version;
            boolean published = false;
            run.enter(ReleaseStep.STEP);
            if (!settings.isEmpty() && previous != null && servesWith(lambda, name, previous, served.codeSha256(), wanted)) {
                // An earlier promote already published this code with TO's settings, and TO serves it.
                chosen = previous;
            } else if (!settings.isEmpty()) {
                chosen = publishWithSettings(config, lambda, served, wanted, settings, to);
                published = true;
            }
            String aliasArn = ReleaseStep.unqualified(served.functionArn()) + ":" + run.names.alias();
            ReleaseStep.moveAlias(run, retries, STEP, current, chosen);
            int provisioned = toConfig.function().provisionedConcurrency();
            if (provisioned > 0) {
                // Lambda provisions the version an alias moves to again; TO serves warm, as after a deploy, once it is READY.
                run.enter(ProvisionedConcurrencyStep.STEP);
                Map<String, String> tags = lambda.listTags(r -> r.resource(ReleaseStep.unqualified(served.functionArn()))).tags();
                new ProvisionedConcurrencyStep(run).apply(provisioned, served, tags);
            }
            run.enter(ApiStep.STEP);
            List<ProjectConfig.Route> routes = toConfig.api().routes();
            ApiStep api = new ApiStep(run);
            String apiId = api.apply(routes, aliasArn);
            run.enter(PermissionStep.STEP);
            new PermissionStep(run).apply(routes, apiId, aliasArn, () -> api.deployStage(apiId, Change.Action.UPDATE));
            List<String> urls = routes.stream().map(r -> Deployer.invokeUrl(target, run.region, apiId, to, r.path()))
                    .toList();
            return new PromoteResult(name, run.region, from, to, version, previous, chosen, published, settings, run.changes(), urls,
                    run.dryRun);
        }

        /**
         * A version of {@code served}'s code with TO's settings: $LATEST gets them (only when it holds that code),
         * is published, and then gets back the settings it had, when they were a stage's.
         */
        private String publishWithSettings(ProjectConfig config, LambdaClient lambda, FunctionConfiguration served,
                FunctionSettings wanted, List<String> settings, String to) {
            String name = run.names.function();
            FunctionConfiguration latest = lambda.getFunction(r -> r.functionName(name)).configuration();
            String sha = served.codeSha256();
            if (!Objects.equals(latest.codeSha256(), sha) || !wanted.codeDifferences(latest, sha).isEmpty()) {
                throw LambException.failed(to + "'s settings differ from version " + version + "'s (" + String.join(", ", settings)
                        + "), and a version with them can be published only over $LATEST's code, which is not version " + version
                        + "'s: run 'lamb deploy --stage " + to + "' with that code, or promote the version $LATEST holds");
            }
            FunctionSettings before = settingsOf(config, latest);
            RoleStep.Result role = new RoleStep.Result(latest.role(), false);
            run.enter(FunctionStep.STEP);
            latestChanged = true;
            FunctionConfiguration updated = new FunctionStep(run, wanted, retries).apply(latest, null, sha, role, false);
            run.enter(ReleaseStep.STEP);
            String[] made = {null};
            if (!run.dryRun) {
                made[0] = retries.whileConflicting(STEP, () -> lambda.publishVersion(r -> r.functionName(name).codeSha256(sha)
                        .description(Releases.DEPLOY_DESCRIPTION))).version();
            }
            run.write(STEP, Change.Action.CREATE, made[0] == null ? "version of " + name : "version " + made[0] + " of " + name,
                    "version " + version + "'s code with " + to + "'s settings: " + String.join(", ", settings), () -> {});
            if (before != null) {
                run.enter(FunctionStep.STEP);
                new FunctionStep(run, before, retries).apply(run.dryRun ? latest : updated, null, sha, role, false);
            } else {
                progress.accept(FunctionStep.STEP + ": $LATEST keeps " + to + "'s settings (the ones it had are no stage's); "
                        + "the next 'lamb deploy' sets its stage's");
            }
            latestChanged = false;
            return made[0];
        }

        String interrupted() {
            String done = run.done();
            return "interrupted during step '" + run.step() + "' (done: " + (done.isEmpty() ? "nothing" : done) + "); "
                    + (run.changedIn(STEP) ? "" : run.names.stage() + " still serves what it served; ")
                    + (latestChanged ? "$LATEST may hold " + run.names.stage() + "'s settings until the next 'lamb deploy'; " : "")
                    + "run 'lamb promote' again to finish";
        }

        LambException failed(LambException cause) {
            String done = run.done();
            return new LambException(cause.exitCode(), "promote failed at step '" + run.step() + "': " + cause.getMessage()
                    + (done.isEmpty() ? "; nothing was changed" : "; already done: " + done + "; run 'lamb promote' again to finish"),
                    cause);
        }
    }

    /** Whether {@code version} runs this code with these settings: what a promote publishes. */
    private static boolean servesWith(LambdaClient lambda, String name, String version, String codeSha256, FunctionSettings wanted) {
        FunctionConfiguration config = lambda.getFunction(r -> r.functionName(name).qualifier(version)).configuration();
        return codeSha256.equals(config.codeSha256()) && wanted.configDifferences(config, null).isEmpty();
    }

    /** The settings $LATEST has, when they are a stage's (the default stage's, else another declared one's); else null. */
    private static FunctionSettings settingsOf(ProjectConfig config, FunctionConfiguration latest) {
        for (String stage : config.stages().declared()) {
            FunctionSettings settings = FunctionSettings.of(config.stages().of(stage));
            if (settings.configDifferences(latest, null).isEmpty()) {
                return settings;
            }
        }
        return null;
    }
}
