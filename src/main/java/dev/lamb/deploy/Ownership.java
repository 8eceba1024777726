package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetProvisionedConcurrencyConfigResponse;

/**
 * Which of a project's resources lamb made: those that carry lamb's tag, lamb:function, with the
 * project's function name as its value. That name is the project's identity in an account and region
 * (Lambda names are unique there, and every other name lamb uses derives from it), so the one tag says
 * both "made by lamb" and "for this project". Deploy changes only such resources (with --adopt, it first
 * tags the others it would change), and destroy deletes only them.
 *
 * <p>An instance is what exists of the function, lamb's role, the log group and the REST API, read once
 * before a deploy's first write or a destroy's plan, with their tags.
 */
final class Ownership {
    /**
     * A resource that exists without lamb's tag for this project: {@code mark} is the tag it lacks, {@code functionTags}
     * what tagging it adds to the function's tags (for a setting marked on the function), and {@code tag} does it.
     */
    record Unowned(String step, String resource, String mark, Map<String, String> functionTags, Runnable tag) {}

    final DeployNames names;
    final FunctionConfiguration function;
    final boolean functionIsLambs;
    /** The function's tags (empty when it does not exist): where lamb marks the settings it made. */
    final Map<String, String> functionTags;
    /** lamb's own role (null when lamb.toml names one, or when it does not exist yet). */
    final Role role;
    final boolean roleIsLambs;
    final LogGroup logGroup;
    final boolean logGroupIsLambs;
    final Optional<RestApi> api;

    private final AwsClients aws;
    private final DeployReads reads;

    private Ownership(AwsClients aws, DeployReads reads) {
        this.aws = aws;
        this.reads = reads;
        this.names = reads.names();
        GetFunctionResponse fn = reads.function.get();
        this.function = fn == null ? null : fn.configuration();
        this.functionTags = reads.functionTags();
        this.functionIsLambs = fn != null && isLambs(functionTags, names);
        this.role = reads.role.get();
        this.roleIsLambs = role != null && isLambs(reads.roleTags.get(), names);
        this.logGroup = reads.logGroup.get();
        this.logGroupIsLambs = logGroup != null && isLambs(reads.logGroupTags.get(), names);
        this.api = reads.api.get();
    }

    /** What exists now, and whether lamb made it: read calls only. */
    static Ownership read(AwsClients aws, DeployNames names) {
        return of(aws, DeployReads.lazy(aws, names));
    }

    /** What exists, from a deploy's reads (which its steps then share). */
    static Ownership of(AwsClients aws, DeployReads reads) {
        return new Ownership(aws, reads);
    }

    /** The rule itself: lamb's tag, with this project's function name as its value. */
    static boolean isLambs(Map<String, String> tags, DeployNames names) {
        return tags != null && names.function().equals(tags.get(DeployNames.TAG));
    }

    boolean apiIsLambs() {
        return api.isPresent() && isLambs(api.get().tags(), names);
    }

    /** The resources a deploy would change that lamb did not make, in the order a deploy reaches them. */
    List<Unowned> unowned(String region) {
        List<Unowned> found = new ArrayList<>();
        Map<String, String> tags = names.tags();
        String mark = DeployNames.TAG + "=" + names.function();
        if (role != null && !roleIsLambs) {
            found.add(new Unowned(RoleStep.STEP, "role " + names.role(), mark, Map.of(),
                    () -> aws.iam().tagRole(r -> r.roleName(names.role())
                    .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()))));
        }
        if (logGroup != null && !logGroupIsLambs) {
            found.add(new Unowned(LogGroupStep.STEP, "log group " + names.logGroup(), mark, Map.of(),
                    () -> aws.logs().tagResource(r -> r.resourceArn(taggingArn(logGroup)).tags(tags))));
        }
        if (function != null && !functionIsLambs) {
            found.add(new Unowned(FunctionStep.STEP, "function " + names.function(), mark, Map.of(),
                    () -> aws.lambda().tagResource(r -> r.resource(ReleaseStep.unqualified(function.functionArn())).tags(tags))));
        }
        if (api.isPresent() && !apiIsLambs()) {
            String arn = "arn:aws:apigateway:" + region + "::/restapis/" + api.get().id();
            found.add(new Unowned(ApiStep.STEP, "REST API " + api.get().name() + " (id " + api.get().id() + ")", mark, Map.of(),
                    () -> aws.apiGateway().tagResource(r -> r.resourceArn(arn).tags(tags))));
        }
        return found;
    }

    /**
     * The settings lamb.toml sets that exist on the function or the stage's alias without the tag on the function that
     * says lamb set them (made by hand, by another tool, or before lamb managed them): a deploy would overwrite them.
     * Read calls only, and only for a key lamb.toml sets whose tag the function lacks.
     */
    List<Unowned> unownedSettings(ProjectConfig.Function wanted) {
        List<Unowned> found = new ArrayList<>();
        if (function == null) {
            return found;
        }
        String name = names.function();
        String alias = names.alias();
        if (wanted.reservedConcurrency().isPresent() && !functionTags.containsKey(ReservedConcurrencyStep.TAG)) {
            Integer reserved = ReservedConcurrencyStep.current(aws.lambda(), name, reads, null);
            if (reserved != null) {
                found.add(setting(ReservedConcurrencyStep.STEP, "reserved concurrency of " + name + " (" + reserved + ")",
                        ReservedConcurrencyStep.TAG, String.valueOf(reserved)));
            }
        }
        String provisionedTag = ProvisionedConcurrencyStep.TAG_PREFIX + alias;
        if (wanted.provisionedConcurrency() > 0 && !functionTags.containsKey(provisionedTag)) {
            GetProvisionedConcurrencyConfigResponse provisioned = reads.provisioned.get();
            if (provisioned != null) {
                int had = provisioned.requestedProvisionedConcurrentExecutions();
                found.add(setting(ProvisionedConcurrencyStep.STEP, "provisioned concurrency of alias " + alias + " (" + had + ")",
                        provisionedTag, String.valueOf(had)));
            }
        }
        String asyncTag = AsyncStep.TAG_PREFIX + alias;
        if (wanted.async().isPresent() && !functionTags.containsKey(asyncTag) && reads.async.get() != null) {
            found.add(setting(AsyncStep.STEP, "event invoke config of " + name + ":" + alias, asyncTag, AsyncStep.TAG_VALUE));
        }
        String urlTag = UrlStep.tagKey(alias);
        if (wanted.url().isPresent() && !functionTags.containsKey(urlTag)) {
            GetFunctionUrlConfigResponse url = reads.url.get();
            if (url != null) {
                found.add(setting(UrlStep.STEP, "function URL of " + alias + " (" + url.functionUrl() + ")", urlTag, UrlStep.TAG_VALUE));
            }
        }
        return found;
    }

    /** A setting marked by a tag on the function, and the tag that marks it as lamb's. */
    private Unowned setting(String step, String resource, String key, String value) {
        Map<String, String> tag = Map.of(key, value);
        String arn = ReleaseStep.unqualified(function.functionArn());
        return new Unowned(step, resource, key, tag, () -> aws.lambda().tagResource(r -> r.resource(arn).tags(tag)));
    }

    /** The function's tags once these resources are adopted: what the settings' steps then go by. */
    Map<String, String> functionTagsAfter(List<Unowned> adopted) {
        Map<String, String> tags = new HashMap<>(functionTags);
        adopted.forEach(u -> tags.putAll(u.functionTags()));
        return tags;
    }

    /**
     * Deploy's refusal to change what lamb did not make: one line naming each resource and the tag it lacks, and the
     * way to take them over.
     */
    LambException refusal(List<Unowned> unowned) {
        Map<String, List<String>> byMark = unowned.stream().collect(Collectors.groupingBy(Unowned::mark, LinkedHashMap::new,
                Collectors.mapping(Unowned::resource, Collectors.toList())));
        String what = byMark.entrySet().stream().map(e -> String.join(", ", e.getValue())
                + (e.getValue().size() == 1 ? " exists" : " exist") + " without lamb's tag " + e.getKey())
                .collect(Collectors.joining("; "));
        boolean one = unowned.size() == 1;
        return new LambException(ExitCode.FAILED, what + ", so lamb did not make " + (one ? "it" : "them")
                + " and changes nothing: 'lamb deploy --adopt' shows what it would change and takes "
                + (one ? "it" : "them") + " over");
    }

    /** Why destroy leaves a resource in place. */
    static String leftAlone(String resource) {
        return resource + " (not made by lamb, left alone)";
    }

    /** A log group's ARN as the tagging API takes it: without DescribeLogGroups' trailing ":*". */
    static String taggingArn(LogGroup group) {
        String arn = group.logGroupArn() != null ? group.logGroupArn() : group.arn();
        return arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
    }
}
