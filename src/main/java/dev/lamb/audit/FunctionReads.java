package dev.lamb.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import dev.lamb.aws.AheadRead;
import dev.lamb.aws.AwsClients;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionEventInvokeConfig;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The reads lamb audit makes of a deployed function, at once where they do not wait for each other: GetFunction (of the
 * function, and of the alias audited, whose version is what runs), the
 * resource policies, the URLs, the asynchronous configurations, the recursion setting and the reserved concurrency
 * together; then, with the role and the log group GetFunction names, the role's policies (each document its own call)
 * and the log group. So one audit costs its longest chain of reads (GetFunction, ListAttachedRolePolicies, GetPolicy,
 * GetPolicyVersion), not their sum.
 */
final class FunctionReads {
    private final AwsClients aws;
    private final String name;
    private final String qualifier;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "lamb-audit-read");
        thread.setDaemon(true);
        return thread;
    });

    FunctionReads(AwsClients aws, String name, String qualifier) {
        this.aws = aws;
        this.name = name;
        this.qualifier = qualifier;
    }

    /** The function and its surroundings, or null when the function, or its qualifier's alias, does not exist. */
    DeployedFunction read() {
        try {
            return readAll();
        } finally {
            pool.shutdown();
        }
    }

    private DeployedFunction readAll() {
        AheadRead<GetFunctionResponse> function = ahead(() -> getFunction(""));
        // The version the stage's alias serves: its role, environment and runtime are what runs, $LATEST's may differ.
        AheadRead<GetFunctionResponse> served = ahead(() -> qualifier.isEmpty() ? null : getFunction(qualifier));
        Set<String> qualifiers = new TreeSet<>(List.of("", qualifier));
        Map<String, AheadRead<String>> policies = new TreeMap<>();
        qualifiers.forEach(q -> policies.put(q, ahead(() -> policy(q))));
        AheadRead<List<DeployedFunction.Url>> urls = ahead(() -> missingAsEmpty(() -> aws.lambda()
                .listFunctionUrlConfigsPaginator(r -> r.functionName(name)).functionUrlConfigs().stream()
                .map(u -> new DeployedFunction.Url(DeployedFunction.qualifierOf(u.functionArn()), u.functionArn(), u.authTypeAsString()))
                .toList()));
        AheadRead<List<FunctionEventInvokeConfig>> async = ahead(() -> missingAsEmpty(() -> aws.lambda()
                .listFunctionEventInvokeConfigsPaginator(r -> r.functionName(name)).functionEventInvokeConfigs().stream().toList()));
        AheadRead<String> recursion = ahead(() -> {
            try {
                return aws.lambda().getFunctionRecursionConfig(r -> r.functionName(name)).recursiveLoopAsString();
            } catch (ResourceNotFoundException e) {
                return null;
            }
        });
        AheadRead<Integer> reserved = ahead(() -> {
            try {
                return aws.lambda().getFunctionConcurrency(r -> r.functionName(name)).reservedConcurrentExecutions();
            } catch (ResourceNotFoundException e) {
                return null;
            }
        });

        GetFunctionResponse found = function.get();
        // A stage whose alias does not exist serves nothing: auditing $LATEST under its name would report on ARNs that do not exist.
        if (found == null || !qualifier.isEmpty() && served.get() == null) {
            return null;
        }
        String arn = found.configuration().functionArn();
        FunctionConfiguration config = served.get() == null ? found.configuration() : served.get().configuration();
        String logGroupName = config.loggingConfig() != null && config.loggingConfig().logGroup() != null
                ? config.loggingConfig().logGroup() : "/aws/lambda/" + config.functionName();
        AheadRead<DeployedFunction.LogGroup> logGroup = ahead(() -> aws.logs()
                .describeLogGroupsPaginator(r -> r.logGroupNamePrefix(logGroupName)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(logGroupName)).findFirst()
                .map(g -> new DeployedFunction.LogGroup(g.arn(), g.retentionInDays())).orElse(null));
        List<DeployedFunction.RolePolicy> rolePolicies = rolePolicies(roleName(config.role()));

        List<DeployedFunction.Url> urlList = urls.get();
        // A URL of a qualifier whose policy was not read ahead: its own GetPolicy, all at once.
        urlList.stream().map(DeployedFunction.Url::qualifier).filter(q -> !policies.containsKey(q))
                .forEach(q -> policies.put(q, ahead(() -> policy(q))));
        Map<String, String> policyDocuments = new TreeMap<>();
        policies.forEach((q, read) -> {
            String document = read.get();
            if (document != null) {
                policyDocuments.put(q, document);
            }
        });
        Map<String, String> onFailure = new TreeMap<>();
        for (FunctionEventInvokeConfig c : async.get()) {
            String destination = c.destinationConfig() == null || c.destinationConfig().onFailure() == null ? null
                    : c.destinationConfig().onFailure().destination();
            onFailure.put(DeployedFunction.qualifierOf(c.functionArn()), destination);
        }
        Map<String, String> environment = config.environment() == null || config.environment().variables() == null ? Map.of()
                : new LinkedHashMap<>(config.environment().variables());
        return new DeployedFunction(arn, config.functionName(), qualifier, config.runtimeAsString(), config.role(),
                environment, config.tracingConfig() != null && "Active".equals(config.tracingConfig().modeAsString()),
                config.deadLetterConfig() == null ? null : config.deadLetterConfig().targetArn(), reserved.get(), logGroupName,
                logGroup.get(), policyDocuments, urlList, onFailure, recursion.get(), rolePolicies);
    }

    private <T> AheadRead<T> ahead(Supplier<T> call) {
        AheadRead<T> read = new AheadRead<>(call);
        read.start(pool);
        return read;
    }

    /** GetFunction of the function ("") or of a qualifier; null when either does not exist. */
    private GetFunctionResponse getFunction(String q) {
        try {
            return aws.lambda().getFunction(r -> r.functionName(name).qualifier(q.isEmpty() ? null : q));
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private String policy(String q) {
        try {
            return aws.lambda().getPolicy(r -> r.functionName(name).qualifier(q.isEmpty() ? null : q)).policy();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private static <T> List<T> missingAsEmpty(Supplier<List<T>> call) {
        try {
            return call.get();
        } catch (ResourceNotFoundException e) {
            return List.of();
        }
    }

    /** The role's inline policies and attached managed policies with their documents, the documents read at once. */
    private List<DeployedFunction.RolePolicy> rolePolicies(String role) {
        IamClient iam = aws.iam();
        AheadRead<List<String>> inlineNames = ahead(() -> iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames()
                .stream().toList());
        AheadRead<List<AttachedPolicy>> attached = ahead(() -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role))
                .attachedPolicies().stream().toList());
        List<AheadRead<DeployedFunction.RolePolicy>> documents = new ArrayList<>();
        for (String policy : inlineNames.get()) {
            documents.add(ahead(() -> new DeployedFunction.RolePolicy(policy, null,
                    iam.getRolePolicy(r -> r.roleName(role).policyName(policy)).policyDocument())));
        }
        for (AttachedPolicy policy : attached.get()) {
            documents.add(ahead(() -> {
                Policy found = iam.getPolicy(r -> r.policyArn(policy.policyArn())).policy();
                String document = iam.getPolicyVersion(r -> r.policyArn(found.arn()).versionId(found.defaultVersionId()))
                        .policyVersion().document();
                return new DeployedFunction.RolePolicy(found.policyName(), found.arn(), document);
            }));
        }
        return documents.stream().map(AheadRead::get).toList();
    }

    /** arn:aws:iam::123456789012:role/path/NAME: the role's name is after the last slash. */
    static String roleName(String roleArn) {
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }
}
