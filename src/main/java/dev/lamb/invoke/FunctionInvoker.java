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
import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ProxyResponse;
import dev.lamb.local.LocalEvents;
import dev.lamb.local.LocalFunction;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.LocalEngine;

/**
 * Invokes a project's function once, where {@link InvokeRequest.Where} says: the deployed function, the
 * local cloud's, or the project's sources run on this machine through the Lambda Runtime API.
 */
public final class FunctionInvoker {
    private final Supplier<AwsTarget> deployed;
    private final Supplier<Optional<AwsTarget>> runningLocalCloud;
    private final String localRegion;
    private final Consumer<String> progress;

    /**
     * {@code deployed} resolves the AWS options (it may fail, as on a missing region), so it is asked only
     * when the deployed function is; {@code runningLocalCloud} finds a local cloud that already answers,
     * starting none, since the sources can run without one; {@code localRegion} is the region the sources see.
     */
    public FunctionInvoker(Supplier<AwsTarget> deployed, Supplier<Optional<AwsTarget>> runningLocalCloud, String localRegion,
            Consumer<String> progress) {
        this.deployed = deployed;
        this.runningLocalCloud = runningLocalCloud;
        this.localRegion = localRegion;
        this.progress = progress;
    }

    public Invocation invoke(ProjectConfig config, InvokeRequest request) {
        byte[] event = LocalEvents.event(config, request.event());
        String alias = request.qualifier() != null ? request.qualifier() : config.deploy().alias();
        String name = config.function().name();
        InvocationResult result = switch (request.where()) {
            case DEPLOYED -> RemoteInvoker.invoke(deployed.get(), name, alias, event)
                    .orElseThrow(() -> new LambException(ExitCode.NOT_FOUND, name + " is not deployed: deploy it with 'lamb deploy'"));
            case SOURCES -> runSources(config, event);
            case LOCAL -> onLocalCloud(config, alias, event).orElseGet(() -> {
                if (request.qualifier() != null) {
                    throw new LambException(ExitCode.NOT_FOUND, name + " is not deployed to the local cloud, so it has no "
                            + request.qualifier() + ": deploy it with 'lamb deploy --local'");
                }
                return runSources(config, event);
            });
        };
        // An API Gateway request answers with an HTTP response, whether lamb built it or a file holds it.
        Optional<ProxyResponse> proxy = (LocalEvents.isProxyEvent(request.event()) || ProxyEvent.isRequest(event)) && !result.failed()
                ? ProxyResponse.parse(result.payload()) : Optional.empty();
        return new Invocation(result, proxy);
    }

    private InvocationResult runSources(ProjectConfig config, byte[] event) {
        FunctionSpec function = LocalFunction.prepare(config, localRegion, progress);
        try (LocalEngine engine = new LocalEngine(notice -> progress.accept("lamb: " + notice))) {
            return LocalFunction.inProject(engine.invoke(function, event), function.taskRoot());
        }
    }

    /** The function invoked on the running local cloud, if there is one and it has the function. */
    private Optional<InvocationResult> onLocalCloud(ProjectConfig config, String alias, byte[] event) {
        String function = config.function().name();
        Optional<AwsTarget> running = runningLocalCloud.get();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        AwsTarget cloud = running.get();
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
}
