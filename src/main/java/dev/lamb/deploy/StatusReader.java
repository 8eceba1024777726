package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.SecretReference;
import dev.lamb.lambda.LambdaRuntime;
import dev.lamb.lambda.LambdaRuntimes;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetProvisionedConcurrencyConfigResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * `lamb status`: lists every stage ({@link #list}), or for one stage reads the function, the stage's alias and
 * the alias's version, and the REST API, and compares
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
        AsyncStatus async = alias == null ? null : AsyncStatus.of(AsyncStep.find(lambda, names.function(), names.alias()));
        List<DeployStatus.Secret> secrets = new ArrayList<>();
        List<ResolvedSecret> resolved = new ArrayList<>();
        SecretResolver resolver = new SecretResolver(aws, region, names.stage(), config.dir(), line -> { });
        config.function().secrets().forEach((name, reference) -> {
            String variable = SecretReference.variable(name);
            try {
                ResolvedSecret secret = resolver.resolve(name, reference);
                resolved.add(secret);
                secrets.add(new DeployStatus.Secret(name, reference.toString(), variable, secret.variableValue(), null));
            } catch (LambException e) {
                if (e.exitCode() != ExitCode.NOT_FOUND) {
                    throw e;
                }
                secrets.add(new DeployStatus.Secret(name, reference.toString(), variable, null, e.getMessage()));
            }
        });
        return new DeployStatus(names.function(), region, true, latest.stateAsString(), latest.lastUpdateStatusAsString(),
                latest.lastModified(), names.alias(), alias == null ? null : alias.functionVersion(),
                api.map(RestApi::id).orElse(null), urls, code, configDifferences(config, names, resolved, live == null ? latest : live),
                configDifferences(config, names, resolved, latest), latest.runtimeAsString(),
                LambdaRuntimes.find(latest.runtimeAsString()).map(LambdaRuntime::calendar).orElse("not in lamb's runtime table"),
                async, config.function().async().map(wanted -> AsyncStep.differences(async, wanted)).orElse(List.of()),
                functionUrl(lambda, names), concurrency(lambda, names, alias != null), secrets);
    }

    /**
     * The versions the stage's alias routes to now (a weighted second version included); empty when it has
     * no alias. Its instances' log streams carry these versions.
     */
    public Set<String> servedVersions(ProjectConfig config) {
        DeployNames names = DeployNames.of(config, target.region());
        AliasConfiguration alias = ReleaseStep.findAlias(aws.lambda(), names.function(), names.alias());
        Set<String> versions = new TreeSet<>();
        if (alias != null) {
            versions.add(alias.functionVersion());
            if (alias.routingConfig() != null && alias.routingConfig().additionalVersionWeights() != null) {
                versions.addAll(alias.routingConfig().additionalVersionWeights().keySet());
            }
        }
        return versions;
    }

    /**
     * Every stage: the REST API's stages and the function's aliases as they are, and lamb.toml's declared stages
     * deployed or not, sorted by name. Read calls only; no package is built.
     */
    public StageList list(ProjectConfig config) {
        String region = target.region();
        DeployNames names = DeployNames.of(config, region);
        LambdaClient lambda = aws.lambda();
        if (FunctionStep.find(lambda, names.function()) == null) {
            return new StageList(names.function(), region, false, List.of());
        }
        Map<String, String> versions = new TreeMap<>();
        lambda.listAliasesPaginator(r -> r.functionName(names.function())).aliases()
                .forEach(a -> versions.put(a.name(), a.functionVersion()));
        Map<String, String> published = new HashMap<>();
        lambda.listVersionsByFunctionPaginator(r -> r.functionName(names.function())).versions()
                .forEach(v -> published.put(v.version(), v.lastModified()));
        Map<String, String> functionUrls = functionUrls(lambda, names.function());
        Optional<RestApi> api = ApiStep.find(aws.apiGateway(), names);
        Set<String> apiStages = new TreeSet<>();
        api.ifPresent(a -> aws.apiGateway().getStages(r -> r.restApiId(a.id())).item().forEach(s -> apiStages.add(s.stageName())));
        Set<String> declared = config.stages().declared();
        Set<String> all = new TreeSet<>(versions.keySet());
        all.addAll(apiStages);
        all.addAll(declared);
        List<StageList.Stage> stages = new ArrayList<>();
        for (String stage : all) {
            List<String> urls = !apiStages.contains(stage) ? List.of() : config.api().routes().stream()
                    .map(r -> Deployer.invokeUrl(target, region, api.get().id(), stage, r.path())).toList();
            String alias = DeployNames.aliasOf(stage);
            String version = versions.get(alias);
            stages.add(new StageList.Stage(stage, version, version == null ? null : published.get(version), urls,
                    functionUrls.get(alias), declared.contains(stage), stage.equals(config.stages().defaultStage())));
        }
        return new StageList(names.function(), region, true, List.copyOf(stages));
    }

    /** Each alias's Function URL, by alias, in one paged call; none from an emulator that does not serve it. */
    private static Map<String, String> functionUrls(LambdaClient lambda, String function) {
        Map<String, String> urls = new HashMap<>();
        try {
            lambda.listFunctionUrlConfigsPaginator(r -> r.functionName(function)).functionUrlConfigs().forEach(u -> {
                String[] arn = u.functionArn().split(":");
                if (arn.length == 8) {
                    urls.put(arn[7], u.functionUrl());
                }
            });
        } catch (LambdaException e) {
            if (e.statusCode() != 404 && e.statusCode() != 501) {
                throw e;
            }
        }
        return urls;
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
    private static List<String> configDifferences(ProjectConfig config, DeployNames names, List<ResolvedSecret> secrets,
            FunctionConfiguration deployed) {
        FunctionSettings wanted = FunctionSettings.of(config.function()).withSecrets(secrets);
        List<String> diff = new ArrayList<>(wanted.configDifferences(deployed, names.roleIsLambs() ? null : names.role()));
        // With the deployed CodeSha256 given as the wanted one, only the architecture can differ.
        diff.addAll(wanted.codeDifferences(deployed, deployed.codeSha256()));
        if (names.roleIsLambs() && (deployed.role() == null || !deployed.role().endsWith("/" + names.role()))) {
            diff.add("role " + deployed.role() + " -> " + names.role());
        }
        return diff;
    }

    private static DeployStatus.FunctionUrl functionUrl(LambdaClient lambda, DeployNames names) {
        GetFunctionUrlConfigResponse url = UrlStep.find(lambda, names.function(), names.alias());
        return url == null ? null : new DeployStatus.FunctionUrl(url.functionUrl(), url.authTypeAsString());
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
