package dev.lamb.deploy;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * `lamb deploy`: role, log group, function, version and alias, REST API, permission, in that order,
 * each step reading first and writing only what differs, so that running it again finishes whatever
 * an earlier run left half done and an unchanged project makes no write at all.
 */
public final class Deployer {
    private final AwsClients aws;
    private final AwsTarget target;
    private final Consumer<String> progress;

    public Deployer(AwsClients aws, AwsTarget target, Consumer<String> progress) {
        this.aws = aws;
        this.target = target;
        this.progress = progress;
    }

    /** The packaged code: its bytes and their CodeSha256 (base64 SHA-256, as Lambda reports it). */
    public record Code(byte[] zip, String sha256) {}

    public DeployResult deploy(ProjectConfig config, Code code, boolean dryRun, boolean forceUpload) {
        String region = target.region();
        DeployNames names = DeployNames.of(config, region);
        DeployRun run = new DeployRun(aws, names, region, dryRun, progress);
        Retries retries = new Retries(progress);
        FunctionSettings wanted = FunctionSettings.of(config.function());
        String step = RoleStep.STEP;
        try {
            String roleArn = new RoleStep(run).apply();
            step = LogGroupStep.STEP;
            new LogGroupStep(run, config.function().logRetentionDays()).apply();
            step = FunctionStep.STEP;
            FunctionConfiguration latest = new FunctionStep(run, wanted, retries).apply(code.zip(), code.sha256(), roleArn, forceUpload);
            step = ReleaseStep.STEP;
            ReleaseStep.Release release = new ReleaseStep(run, retries).apply(latest, wanted, code.sha256(), roleArn,
                    config.deploy().keepVersions());
            step = ApiStep.STEP;
            List<ProjectConfig.Route> routes = config.api().routes();
            ApiStep api = new ApiStep(run);
            String apiId = api.apply(routes, release.aliasArn());
            step = PermissionStep.STEP;
            new PermissionStep(run).apply(routes, apiId, release.aliasArn(), () -> api.deployStage(apiId, Change.Action.UPDATE));
            List<String> urls = routes.stream().map(r -> invokeUrl(target, region, apiId, names.stage(), r.path())).toList();
            return new DeployResult(names.function(), region, names.alias(), release.version(), apiId, urls, run.changes(), dryRun,
                    aws.calls().reads(), aws.calls().writes());
        } catch (SdkException e) {
            throw failedAt(step, run, AwsErrors.translate(e));
        } catch (LambException e) {
            throw e.exitCode() == ExitCode.INTERRUPTED ? e : failedAt(step, run, e);
        }
    }

    /** Whether the function does not exist yet: one read, which decides if a deploy must ask first. */
    public boolean isFirstDeploy(ProjectConfig config) {
        try {
            return FunctionStep.find(aws.lambda(), config.function().name()) == null;
        } catch (SdkException e) {
            throw AwsErrors.translate(e);
        }
    }

    /** The error of a step, with what is already in place, so that the user knows a rerun finishes it. */
    private static LambException failedAt(String step, DeployRun run, LambException cause) {
        String done = run.changes().stream().filter(Change::changed)
                .map(c -> c.action().describe(false) + " " + c.resource()).collect(Collectors.joining(", "));
        return new LambException(cause.exitCode(), "deploy failed at step '" + step + "': " + cause.getMessage()
                + (done.isEmpty() ? "" : "; already done: " + done) + "; run 'lamb deploy' again to finish", cause);
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
