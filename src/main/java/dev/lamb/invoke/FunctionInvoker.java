package dev.lamb.invoke;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsTarget;
import dev.lamb.aws.RemoteInvoker;
import dev.lamb.build.PackageRequest;
import dev.lamb.build.Packager;
import dev.lamb.config.ProjectConfig;
import dev.lamb.deploy.DeployNames;
import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;
import dev.lamb.local.LocalEvents;
import dev.lamb.local.LocalFunction;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.LocalEngine;
import dev.lamb.local.runtime.LocalRun;

/**
 * Invokes a project's function once, where {@link InvokeRequest.Where} says: the deployed function, the
 * local cloud's, or the project's sources run on this machine through the Lambda Runtime API.
 */
public final class FunctionInvoker {
    private final Supplier<AwsTarget> deployed;
    private final Supplier<AwsTarget> localCloud;
    private final Supplier<AwsTarget> developers;
    private final Consumer<String> progress;

    /**
     * {@code deployed} resolves the AWS options (it may fail, as on a missing region), so it is asked only
     * when the deployed function is, or for the developer's credentials; {@code localCloud} is the local cloud
     * --local uses, started if none runs: its function, or the one the sources call. With {@code developers}
     * (--aws-credentials; else null) the sources run with the credentials and region lamb would use on AWS
     * instead, and no local cloud is needed.
     */
    public FunctionInvoker(Supplier<AwsTarget> deployed, Supplier<AwsTarget> localCloud, Supplier<AwsTarget> developers,
            Consumer<String> progress) {
        this.deployed = deployed;
        this.localCloud = localCloud;
        this.developers = developers;
        this.progress = progress;
    }

    public Invocation invoke(ProjectConfig config, InvokeRequest request) {
        byte[] event = LocalEvents.event(config, request.event());
        String alias = alias(request, config);
        String name = config.function().name();
        InvocationResult result = switch (request.where()) {
            case DEPLOYED -> RemoteInvoker.invoke(deployed.get(), name, alias, event)
                    .orElseThrow(() -> new LambException(ExitCode.NOT_FOUND, name + " is not deployed: deploy it with 'lamb deploy'"));
            case SOURCES -> runSources(config, event, developers != null ? null : localCloud.get());
            case LOCAL -> {
                if (developers != null) {
                    yield runSources(config, event, null);
                }
                AwsTarget cloud = localCloud.get();
                yield onLocalCloud(cloud, config, alias, event).orElseGet(() -> {
                    if (request.qualifier() != null) {
                        throw new LambException(ExitCode.NOT_FOUND, name + " is not deployed to the local cloud, so it has no "
                                + request.qualifier() + ": deploy it with 'lamb deploy --local'");
                    }
                    return runSources(config, event, cloud);
                });
            }
        };
        // An API Gateway request answers with an HTTP response, whether lamb built it or a file holds it.
        Optional<ProxyResponse> proxy = (LocalEvents.isProxyEvent(request.event()) || ProxyEvent.isRequest(event)) && !result.failed()
                ? ProxyResponse.parse(result.payload()) : Optional.empty();
        return new Invocation(result, proxy);
    }

    /**
     * Queues one asynchronous (Event) invocation of the deployed function (the local cloud's with --local), which Lambda
     * retries and sends to destinations as its config says. The sources cannot be queued: they have no Lambda to do so.
     */
    public Queued queue(ProjectConfig config, InvokeRequest request) {
        if (request.where() == InvokeRequest.Where.SOURCES || developers != null) {
            throw LambException.usage("--async queues an invocation in Lambda, which retries it: it runs the deployed function, "
                    + "not the sources (drop --sources and --aws-credentials)");
        }
        byte[] event = LocalEvents.event(config, request.event());
        String alias = alias(request, config);
        String name = config.function().name();
        boolean local = request.where() == InvokeRequest.Where.LOCAL;
        String requestId = RemoteInvoker.invokeEvent(local ? localCloud.get() : deployed.get(), name, alias, event)
                .orElseThrow(() -> new LambException(ExitCode.NOT_FOUND, name + " is not deployed" + (local ? " to the local cloud" : "")
                        + ": deploy it with 'lamb deploy" + (local ? " --local'" : "'")));
        return new Queued(name, alias, requestId);
    }

    /** An Event invocation Lambda accepted: the function and qualifier, and the request id each attempt's logs carry. */
    public record Queued(String function, String qualifier, String requestId) {}

    /** The sources, calling {@code cloud} as their function's role, or AWS with the developer's credentials when null. */
    private InvocationResult runSources(ProjectConfig config, byte[] event, AwsTarget cloud) {
        LocalRun run = cloud == null ? LocalRunAccess.developers(developers.get(), config, progress)
                : LocalRunAccess.localCloud(cloud, config, progress);
        FunctionSpec function = LocalFunction.prepare(config, run.region(), progress);
        try (LocalEngine engine = new LocalEngine(notice -> progress.accept("lamb: " + notice))) {
            engine.functionsAccess(run.access());
            return LocalFunction.inProject(engine.invoke(function, event), function.taskRoot());
        }
    }

    /** The function invoked on the local cloud, if the cloud has it. */
    private Optional<InvocationResult> onLocalCloud(AwsTarget cloud, ProjectConfig config, String alias, byte[] event) {
        String function = config.function().name();
        Optional<InvocationResult> result = RemoteInvoker.invoke(cloud, function, alias, event);
        if (result.isEmpty()) {
            progress.accept(function + " is not deployed to the local cloud: running its sources here");
        } else {
            RemoteInvoker.deployed(cloud, function, alias).ifPresent(deployed -> sayIfSourcesDiffer(config, alias, deployed));
        }
        return result;
    }

    /** The deployed code ran, not the user's edits: one line says so when the two differ, and both ways forward. */
    private void sayIfSourcesDiffer(ProjectConfig config, String alias, RemoteInvoker.Deployed deployed) {
        String sources;
        try {
            sources = new Packager().pack(PackageRequest.of(config), line -> {}).codeSha256();
        } catch (LambException e) {
            return; // sources that do not build cannot be compared; the deployed answer stands on its own
        }
        if (!sources.equals(deployed.codeSha256())) {
            progress.accept("the local cloud ran " + alias + " (version " + deployed.version() + "), whose code is not the "
                    + "project's sources: 'lamb deploy --local' deploys them, or --sources runs them as they are");
        }
    }

    /** --qualifier, else the alias of the stage (--stage, else lamb.toml's). */
    private static String alias(InvokeRequest request, ProjectConfig config) {
        return request.qualifier() != null ? request.qualifier() : DeployNames.aliasOf(config.api().stage());
    }
}
