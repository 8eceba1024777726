package dev.lamb.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.lamb.aws.AheadRead;
import dev.lamb.aws.AwsClients;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.SecretReference;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.apigateway.model.Stage;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetProvisionedConcurrencyConfigResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * What a deploy reads of the project's resources, each read made once. {@link #prefetch} starts every read an unchanged
 * project needs at once, on threads of their own, a read waiting only for the answer it needs (the REST API's stages
 * need its id), so that a no-op deploy costs its longest chain of reads rather than their sum; a read not started ahead
 * is made when first asked for, as in {@link #lazy}. The answers describe the state before the deploy's first write,
 * which the deploy's own writes do not change, except where a step says otherwise and reads again (the provisioned
 * concurrency of an alias the release step moved). An answer's failure is thrown to the step that asks for it, as the
 * read would have thrown there; a failed read no step asks for goes unsaid.
 */
final class DeployReads {
    /** One read: made at most once, ahead on the pool or when first asked for. */
    static final class Read<T> extends AheadRead<T> {
        Read(Supplier<T> call) {
            super(call);
        }
    }

    /** The REST API's stage as found, and the description of the deployment it serves (null when none). */
    record StageFound(Stage stage, String deploymentDescription) {}

    private final AwsClients aws;
    private final DeployNames names;
    private ExecutorService pool;

    /** GetFunction: $LATEST's configuration, the function's tags and its reserved concurrency; null when it does not exist. */
    final Read<GetFunctionResponse> function;
    /** lamb's own role (null when lamb.toml names one, or when it does not exist), and its tags. */
    final Read<Role> role;
    final Read<Map<String, String>> roleTags;
    /** The ARNs of the managed policies attached to lamb's role (empty when it does not exist, or lamb.toml names one). */
    final Read<List<String>> rolePolicies;
    /** The names of lamb's role's inline policies: one ListRolePolicies, so that only those there are read. */
    final Read<List<String>> roleInlineNames;
    /** Each inline policy lamb puts on its role ({@link RoleGrants#LAMBS}), by name: null when the role has no such policy. */
    final Map<String, Read<PolicyDocument>> roleInline = new LinkedHashMap<>();
    /** The account and partition of lamb's role: its ARN's, or for a role still to make, STS GetCallerIdentity's. */
    final Read<RoleGrants.Account> account;
    final Read<LogGroup> logGroup;
    final Read<Map<String, String>> logGroupTags;
    final Read<Optional<RestApi>> api;
    /** The API's resources, methods embedded; null when the API does not exist. */
    final Read<List<Resource>> apiResources;
    /** This stage of the API; null when the API does not exist, a StageFound with a null stage when the stage does not. */
    final Read<StageFound> apiStage;
    /** The version the stage's alias serves (GetFunction with the alias as qualifier); null when there is no alias. */
    final Read<FunctionConfiguration> served;
    final Read<GetProvisionedConcurrencyConfigResponse> provisioned;
    final Read<GetFunctionEventInvokeConfigResponse> async;
    final Read<GetFunctionUrlConfigResponse> url;
    /** The resource policy of the stage's alias (null when it has none): API Gateway's and the URL's statements. */
    final Read<String> aliasPolicy;
    /** The alias every stage shared before (deploy.alias); null when it does not exist. */
    final Read<AliasConfiguration> oldAlias;
    /** The stage's [function.secrets], resolved to ARNs (DescribeSecret, DescribeParameters: never a value); empty when none. */
    final Read<Map<String, ResolvedSecret>> secrets;
    /**
     * The stage's alarms of lamb's rule names (today's and an older lamb's), by name: one DescribeAlarms, made whatever
     * [alarms] says (see AlarmsStep).
     */
    final Read<Map<String, MetricAlarm>> alarms;

    /** {@code projectDir}: lamb.toml's folder, for the secrets' messages (null for reads without a project). */
    private DeployReads(AwsClients aws, DeployNames names, Map<String, SecretReference> references, Path projectDir, String region,
            Consumer<String> progress) {
        this.aws = aws;
        this.names = names;
        String name = names.function();
        String alias = names.alias();
        function = new Read<>(() -> {
            try {
                return aws.lambda().getFunction(r -> r.functionName(name));
            } catch (ResourceNotFoundException e) {
                return null;
            }
        });
        role = new Read<>(() -> names.roleIsLambs() ? RoleStep.find(aws.iam(), names.role()) : null);
        roleTags = new Read<>(() -> roleTags(role.get()));
        // Not waiting for GetRole: a role that does not exist answers NoSuchEntity.
        rolePolicies = new Read<>(() -> lambsRole(() -> aws.iam().listAttachedRolePoliciesPaginator(r -> r.roleName(names.role()))
                .attachedPolicies().stream().map(AttachedPolicy::policyArn).toList()));
        roleInlineNames = new Read<>(() -> lambsRole(() -> aws.iam().listRolePoliciesPaginator(r -> r.roleName(names.role()))
                .policyNames().stream().toList()));
        for (String policy : RoleGrants.LAMBS) {
            roleInline.put(policy, new Read<>(() -> roleInlineNames.get().contains(policy)
                    ? RoleStep.findPolicy(aws.iam(), names.role(), policy) : null));
        }
        account = new Read<>(() -> RoleGrants.Account.ofArn(role.get() != null ? role.get().arn()
                : aws.sts().getCallerIdentity().arn()));
        logGroup = new Read<>(() -> aws.logs().describeLogGroupsPaginator(r -> r.logGroupNamePrefix(names.logGroup())).logGroups()
                .stream().filter(g -> g.logGroupName().equals(names.logGroup())).findFirst().orElse(null));
        logGroupTags = new Read<>(() -> logGroup.get() == null ? Map.of()
                : aws.logs().listTagsForResource(r -> r.resourceArn(Ownership.taggingArn(logGroup.get()))).tags());
        api = new Read<>(() -> ApiStep.find(aws.apiGateway(), names));
        apiResources = new Read<>(() -> api.get().map(a -> ApiStep.resources(aws.apiGateway(), a.id())).orElse(null));
        apiStage = new Read<>(() -> api.get().map(a -> stage(a.id())).orElse(null));
        served = new Read<>(() -> ReleaseStep.served(aws.lambda(), name, alias, function.get() != null));
        provisioned = new Read<>(() -> ProvisionedConcurrencyStep.read(aws.lambda(), name, alias));
        async = new Read<>(() -> AsyncStep.find(aws.lambda(), name, alias));
        url = new Read<>(() -> UrlStep.find(aws.lambda(), name, alias));
        aliasPolicy = new Read<>(() -> PermissionStep.policy(aws.lambda(), name, alias));
        oldAlias = new Read<>(() -> ReleaseStep.findAlias(aws.lambda(), name, names.oldAlias()));
        alarms = new Read<>(() -> AlarmsStep.stageAlarms(aws.cloudWatch(), name, names.stage()));
        secrets = new Read<>(() -> new SecretResolver(aws, region, names.stage(), projectDir, progress).resolve(references));
    }

    /** Reads made when first asked for, one after the other: for promote, destroy and the like. */
    static DeployReads lazy(AwsClients aws, DeployNames names) {
        return new DeployReads(aws, names, Map.of(), null, null, line -> { });
    }

    /**
     * Starts, all at once, every read a deploy of {@code project} makes when nothing has changed: an unchanged project
     * then waits for its longest chain of reads only. {@link #close} lets the threads go.
     */
    static DeployReads prefetch(AwsClients aws, DeployNames names, ProjectConfig project, String region,
            Consumer<String> progress) {
        ProjectConfig.Function wanted = project.function();
        DeployReads reads = new DeployReads(aws, names, wanted.secrets(), project.dir(), region, progress);
        reads.pool = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "lamb-deploy-read");
            thread.setDaemon(true);
            return thread;
        });
        List<Read<?>> ahead = new ArrayList<>(List.of(reads.function, reads.role, reads.roleTags, reads.rolePolicies,
                reads.roleInlineNames, reads.logGroup, reads.logGroupTags, reads.api, reads.apiResources, reads.apiStage,
                reads.served, reads.url, reads.aliasPolicy, reads.alarms));
        ahead.addAll(reads.roleInline.values());
        if (wanted.provisionedConcurrency() > 0) {
            ahead.add(reads.provisioned);
        }
        if (!wanted.secrets().isEmpty()) {
            ahead.add(reads.secrets);
        }
        if (wanted.async().isPresent()) {
            ahead.add(reads.async);
        }
        if (!names.oldAlias().equals(names.alias())) {
            ahead.add(reads.oldAlias);
        }
        reads.pool.execute(AwsClients::warmSigning);
        ahead.forEach(read -> read.start(reads.pool));
        return reads;
    }

    /** A read a step starts when it knows it needs it, on the prefetch threads (made when first asked for where there are none). */
    <T> Read<T> startNow(Supplier<T> call) {
        Read<T> read = new Read<>(call);
        if (pool != null) {
            read.start(pool);
        }
        return read;
    }

    /** Lets the prefetch threads end: reads still under way finish, and nobody waits for them. */
    void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    DeployNames names() {
        return names;
    }

    /** lamb's role's {@value SecretsPolicy#NAME}, as read with its other inline policies (null when it has none). */
    SecretsPolicy secretsPolicy() {
        PolicyDocument document = roleInline.get(SecretsPolicy.NAME).get();
        return document == null ? null : SecretsPolicy.of(document);
    }

    /** The function's tags as read (empty when it does not exist). */
    Map<String, String> functionTags() {
        GetFunctionResponse fn = function.get();
        return fn == null || fn.tags() == null ? Map.of() : fn.tags();
    }

    /** A listing of lamb's own role: empty when lamb.toml names the role, or lamb's does not exist. */
    private List<String> lambsRole(Supplier<List<String>> listing) {
        if (!names.roleIsLambs()) {
            return List.of();
        }
        try {
            return listing.get();
        } catch (NoSuchEntityException e) {
            return List.of();
        }
    }

    /** GetRole carries the tags on AWS; an endpoint that leaves them out is asked with ListRoleTags. */
    private Map<String, String> roleTags(Role found) {
        if (found == null) {
            return Map.of();
        }
        List<Tag> tags = found.hasTags() && !found.tags().isEmpty() ? found.tags()
                : aws.iam().listRoleTags(r -> r.roleName(found.roleName())).tags();
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }

    private StageFound stage(String apiId) {
        Stage stage = aws.apiGateway().getStages(r -> r.restApiId(apiId)).item().stream()
                .filter(s -> s.stageName().equals(names.stage())).findFirst().orElse(null);
        if (stage == null || stage.deploymentId() == null) {
            return new StageFound(stage, null);
        }
        try {
            return new StageFound(stage, aws.apiGateway().getDeployment(r -> r.restApiId(apiId).deploymentId(stage.deploymentId()))
                    .description());
        } catch (NotFoundException e) {
            return new StageFound(stage, null);
        }
    }
}
