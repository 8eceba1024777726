package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetProvisionedConcurrencyConfigResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * `lamb status`: reads the function, its alias and the alias's version, and the REST API, and compares
 * them with lamb.toml and the local code. lamb.toml is compared with the version the alias serves, what
 * users get; $LATEST, which `tune --apply` changes without publishing, is compared apart. Read calls only.
 */
public final class StatusReader {
    private final AwsClients aws;
    private final AwsTarget target;

    public StatusReader(AwsClients aws, AwsTarget target) {
        this.aws = aws;
        this.target = target;
    }

    /**
     * The deployment's status. {@code localCodeSha256} packages the project; it is called only when the
     * function exists, so that an undeployed project is not built for nothing.
     */
    public DeployStatus read(ProjectConfig config, Supplier<String> localCodeSha256) {
        String region = target.region();
        DeployNames names = DeployNames.of(config, region);
        LambdaClient lambda = aws.lambda();
        FunctionConfiguration latest = FunctionStep.find(lambda, names.function());
        if (latest == null) {
            return DeployStatus.notDeployed(names.function(), region);
        }
        AliasConfiguration alias = ReleaseStep.findAlias(lambda, names.function(), names.alias());
        FunctionConfiguration live = alias == null ? null : version(lambda, names.function(), alias.functionVersion());
        Optional<RestApi> api = ApiStep.find(aws.apiGateway(), names);
        List<String> urls = api.isPresent() && stageExists(aws.apiGateway(), api.get().id(), names.stage())
                ? config.api().routes().stream()
                        .map(r -> Deployer.invokeUrl(target, region, api.get().id(), names.stage(), r.path())).toList()
                : List.of();
        String local = localCodeSha256.get();
        DeployStatus.Code code = new DeployStatus.Code(local, latest.codeSha256(), live == null ? null : live.codeSha256(),
                Objects.equals(local, latest.codeSha256()), live != null && Objects.equals(local, live.codeSha256()));
        return new DeployStatus(names.function(), region, true, latest.stateAsString(), latest.lastUpdateStatusAsString(),
                latest.lastModified(), names.alias(), alias == null ? null : alias.functionVersion(),
                api.map(RestApi::id).orElse(null), urls, code, configDifferences(config, names, live == null ? latest : live),
                configDifferences(config, names, latest), concurrency(lambda, names, alias != null));
    }

    /** Reserved concurrency, and the alias's provisioned concurrency when there is an alias. */
    private static DeployStatus.Concurrency concurrency(LambdaClient lambda, DeployNames names, boolean aliased) {
        Integer reserved = lambda.getFunctionConcurrency(r -> r.functionName(names.function())).reservedConcurrentExecutions();
        GetProvisionedConcurrencyConfigResponse provisioned = null;
        try {
            provisioned = aliased ? ProvisionedConcurrencyStep.read(lambda, names.function(), names.alias()) : null;
        } catch (LambdaException e) {
            // An emulator without provisioned concurrency (moto's server) has none to show: status still answers.
            if (e.statusCode() != 404 && e.statusCode() != 501) {
                throw e;
            }
        }
        return provisioned == null ? new DeployStatus.Concurrency(reserved, 0, null, null)
                : new DeployStatus.Concurrency(reserved, provisioned.requestedProvisionedConcurrentExecutions(),
                        provisioned.statusAsString(), provisioned.statusReason());
    }

    /**
     * lamb.toml against one version (the alias's, or $LATEST), as deploy compares them: the settings, the
     * architecture, and the role (lamb's own by its name, so that status needs no IAM call; a role from
     * lamb.toml by its ARN).
     */
    private static List<String> configDifferences(ProjectConfig config, DeployNames names, FunctionConfiguration deployed) {
        FunctionSettings wanted = FunctionSettings.of(config.function());
        List<String> diff = new ArrayList<>(wanted.configDifferences(deployed, names.roleIsLambs() ? null : names.role()));
        // With the deployed CodeSha256 given as the wanted one, only the architecture can differ.
        diff.addAll(wanted.codeDifferences(deployed, deployed.codeSha256()));
        if (names.roleIsLambs() && (deployed.role() == null || !deployed.role().endsWith("/" + names.role()))) {
            diff.add("role " + deployed.role() + " -> " + names.role());
        }
        return diff;
    }

    private static FunctionConfiguration version(LambdaClient lambda, String name, String version) {
        try {
            return lambda.getFunction(r -> r.functionName(name).qualifier(version)).configuration();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private static boolean stageExists(ApiGatewayClient apigw, String apiId, String stage) {
        return apigw.getStages(r -> r.restApiId(apiId)).item().stream().anyMatch(s -> s.stageName().equals(stage));
    }
}
