package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.lamb.ExitCode;
import dev.lamb.InterruptNotice;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.AwsTarget;
import dev.lamb.aws.Retries;
import dev.lamb.config.ProjectConfig;
import dev.lamb.time.Today;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * `lamb deploy` to one stage: role, its [function.secrets]' grants, log group, function, version and the stage's alias,
 * async invocation config, REST API and its stage, permission, Function URL, the removal of the alias all stages shared before, and the stage's
 * CloudWatch alarms, in that order,
 * each step reading first and writing only what differs, so that running it again finishes whatever
 * an earlier run left half done and an unchanged project makes no write at all. Before the first write
 * it reads what exists, and changes nothing lamb did not make ({@link Ownership}) unless adopting it.
 */
public final class Deployer {
    private final AwsClients aws;
    private final AwsTarget target;
    private final Consumer<String> progress;
    private final UploadProgress uploads;
    /** Reads started by {@link #readAhead}, and the config they are for. */
    private DeployReads readAhead;
    private ProjectConfig readAheadFor;

    public Deployer(AwsClients aws, AwsTarget target, Consumer<String> progress) {
        this(aws, target, progress, UploadProgress.NONE);
    }

    /** @param uploads shows an upload through S3 as it goes (a bar on a terminal) */
    public Deployer(AwsClients aws, AwsTarget target, Consumer<String> progress, UploadProgress uploads) {
        this.aws = aws;
        this.target = target;
        this.progress = progress;
        this.uploads = uploads;
    }

    /** The packaged code: its bytes and their CodeSha256 (base64 SHA-256, as Lambda reports it). */
    public record Code(byte[] zip, String sha256) {}

    /** How a deploy runs: --dry-run, --force-upload, and --adopt (take over what lamb did not make). */
    public record Options(boolean dryRun, boolean forceUpload, boolean adopt) {}

    /**
     * Reads what exists first, and refuses (exit 1) to change a function, role, log group, REST API or alarm
     * lamb did not make, or a Function URL, event invoke config or concurrency setting lamb.toml sets that lamb did
     * not set, unless adopting; then brings each step up to date.
     */
    public DeployResult deploy(ProjectConfig config, Code code, Options options) {
        DeployReads reads = readAhead != null && readAheadFor == config ? readAhead
                : DeployReads.prefetch(aws, DeployNames.of(config, target.region()), config, target.region(), progress);
        readAhead = null;
        readAheadFor = null;
        try {
            return deploy(config, code, options, reads);
        } finally {
            reads.close();
        }
    }

    private DeployResult deploy(ProjectConfig config, Code code, Options options, DeployReads reads) {
        String region = target.region();
        DeployNames names = reads.names();
        DeployRun run = new DeployRun(aws, reads, region, options.dryRun(), progress);
        Retries retries = new Retries(progress);
        Collection<ResolvedSecret> secrets = reads.secrets.get().values();
        FunctionSettings wanted = FunctionSettings.of(config.function()).withSecrets(secrets);
        Ownership found = Ownership.of(aws, reads);
        RuntimeDeadlines.check(wanted.runtime(), found.function, Today.utc()).ifPresent(w -> progress.accept("lamb: warning: " + w));
        List<Ownership.Unowned> unowned = new ArrayList<>(found.unowned(region));
        unowned.addAll(found.unownedSettings(config.function()));
        AlarmsStep alarms = AlarmsStep.read(aws, reads, AlarmRules.of(config.alarms(), names.function(), names.stage(),
                config.function().timeout(), config.function().reservedConcurrency()));
        unowned.addAll(alarms.unowned());
        if (!unowned.isEmpty() && !options.adopt()) {
            throw found.refusal(unowned);
        }
        Map<String, String> functionTags = found.functionTagsAfter(unowned);
        try (InterruptNotice notice = options.dryRun() ? null : InterruptNotice.during(progress, () -> interrupted(run))) {
            AsyncStep async = new AsyncStep(run, retries);
            run.enter(AsyncStep.STEP);
            async.requireDestinations(config.function().async());
            adopt(run, unowned);
            run.enter(RoleStep.STEP);
            RoleStep.Result role = new RoleStep(run).apply(found.role, config);
            run.enter(SecretsStep.STEP);
            new SecretsStep(run).apply(found.role, secrets);
            run.enter(LogGroupStep.STEP);
            new LogGroupStep(run, config.function().logRetentionDays()).apply(found.logGroup);
            run.enter(FunctionStep.STEP);
            FunctionConfiguration latest = new FunctionStep(run, wanted, retries)
                    .apply(found.function, new CodeUpload(run, config.deploy().bucket(), code, uploads), code.sha256(), role, options.forceUpload());
            run.enter(ReservedConcurrencyStep.STEP);
            ReservedConcurrencyStep reserved = new ReservedConcurrencyStep(run);
            reserved.apply(config.function().reservedConcurrency(), latest, functionTags);
            run.enter(ReleaseStep.STEP);
            ReleaseStep.Release release = new ReleaseStep(run, retries).apply(latest, wanted, code.sha256(), role.arn(),
                    config.deploy().keepVersions());
            run.enter(ProvisionedConcurrencyStep.STEP);
            new ProvisionedConcurrencyStep(run).apply(config.function().provisionedConcurrency(), latest, functionTags);
            run.enter(ReservedConcurrencyStep.STEP);
            reserved.finish();
            run.enter(AsyncStep.STEP);
            async.apply(config.function().async(), latest, functionTags);
            run.enter(ApiStep.STEP);
            List<ProjectConfig.Route> routes = config.api().routes();
            ApiStep api = new ApiStep(run);
            String apiId = api.apply(routes, release.aliasArn());
            run.enter(PermissionStep.STEP);
            new PermissionStep(run).apply(routes, apiId, release.aliasArn(), () -> api.deployStage(apiId, Change.Action.UPDATE));
            run.enter(UrlStep.STEP);
            String functionUrl = new UrlStep(run).apply(config.function().url(), release.aliasArn());
            run.enter(OldAliasStep.STEP);
            new OldAliasStep(run, retries).apply(apiId);
            run.enter(AlarmsStep.STEP);
            alarms.apply(run);
            List<String> urls = routes.stream().map(r -> invokeUrl(target, region, apiId, names.stage(), r.path())).toList();
            return new DeployResult(names.function(), region, names.alias(), release.version(), apiId, urls, run.changes(),
                    options.dryRun(), aws.calls().reads(), aws.calls().writes(), functionUrl);
        } catch (SdkException e) {
            throw failedAt(run, AwsErrors.translate(e));
        } catch (LambException e) {
            throw e.exitCode() == ExitCode.INTERRUPTED ? e : failedAt(run, e);
        }
    }

    /**
     * Starts now the reads the next {@link #deploy} of this same {@code config} makes before its first write, so that
     * they overlap the packaging, which they do not need. Reads change nothing, so a question to the user may come
     * between (a first deploy's); one whose answer changes what the deploy may do (--adopt's) should read afresh.
     */
    public void readAhead(ProjectConfig config) {
        readAhead = DeployReads.prefetch(aws, DeployNames.of(config, target.region()), config, target.region(), progress);
        readAheadFor = config;
    }

    /**
     * Whether the function does not exist yet, which decides if a deploy must ask first: the GetFunction of the reads
     * started ahead, which the deploy then uses too, else one read of its own.
     */
    public boolean isFirstDeploy(ProjectConfig config) {
        if (readAhead != null && readAheadFor == config) {
            return readAhead.function.get() == null;
        }
        return FunctionStep.find(aws.lambda(), config.function().name()) == null;
    }

    /** With --adopt, what lamb did not make is tagged as lamb's before anything else changes. */
    private static void adopt(DeployRun run, List<Ownership.Unowned> unowned) {
        for (Ownership.Unowned u : unowned) {
            run.enter(u.step());
            run.write(u.step(), Change.Action.ADOPT, u.resource(), "tag " + u.mark(), u.tag());
        }
    }

    /** The line Ctrl-C leaves: the step, what is already done, and that a rerun finishes it. */
    private static String interrupted(DeployRun run) {
        String done = run.done();
        return "interrupted during step '" + run.step() + "' (done: " + (done.isEmpty() ? "nothing" : done)
                + "); run 'lamb deploy' again to finish";
    }

    /** The error of a step, with what is already in place, so that the user knows a rerun finishes it. */
    private static LambException failedAt(DeployRun run, LambException cause) {
        String done = run.done();
        return new LambException(cause.exitCode(), "deploy failed at step '" + run.step() + "': " + cause.getMessage()
                + (done.isEmpty() ? "; nothing was changed" : "; already done: " + done + "; run 'lamb deploy' again to finish"),
                cause);
    }

    /** Where a route answers: AWS's execute-api host, or the endpoint's /restapis/ path (lamb's local cloud, emulators). */
    public static String invokeUrl(AwsTarget target, String region, String apiId, String stage, String path) {
        if (target.endpoint() == null) {
            return "https://" + apiId + ".execute-api." + region + ".amazonaws.com/" + stage + path;
        }
        String base = target.endpoint().toString().replaceAll("/+$", "");
        return base + "/restapis/" + apiId + "/" + stage + "/_user_request_" + path;
    }
}
