package dev.lamb.local.cloud.iam;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.PolicyDecision;
import dev.lamb.local.cloud.QueryProtocol;
import dev.lamb.local.cloud.XmlWriter;

/**
 * IAM's roles and policies as the local cloud serves them: the query protocol (form-encoded {@code Action=...}
 * requests, XML responses and errors) of API version 2010-05-08, with roles and customer managed policies
 * persisted under {@code <dataDir>/iam/}. An action it does not implement answers NotImplemented, never a
 * silent success.
 */
public final class IamService implements AwsService {
    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final String VERSION = "2010-05-08";
    static final String ACCOUNT = LocalAccount.ID;
    static final QueryProtocol QUERY = new QueryProtocol(NAMESPACE, VERSION);

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    /** IAM's quotas: managed policies per role, and the inline policies' total size per role. */
    private static final int MAX_ATTACHED = 10;
    private static final int MAX_INLINE_SIZE = 10_240;

    private final IamStore<IamRole> roles;
    private final PolicyActions policies;
    private final SecureRandom random = new SecureRandom();

    /** What each action takes (the request's parameters) and gives (the XML of its answer). */
    @FunctionalInterface
    private interface Handler {
        String run(IamService iam, Map<String, String> params);
    }

    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byAction("IAM")
            .add("CreateRole", IamService::createRole)
            .add("GetRole", IamService::getRole)
            .add("DeleteRole", IamService::deleteRole)
            .add("UpdateRole", IamService::updateRole)
            .add("UpdateAssumeRolePolicy", IamService::updateAssumeRolePolicy)
            .add("ListRoles", IamService::listRoles)
            .add("AttachRolePolicy", IamService::attachRolePolicy)
            .add("DetachRolePolicy", IamService::detachRolePolicy)
            .add("ListAttachedRolePolicies", IamService::listAttachedRolePolicies)
            .add("PutRolePolicy", IamService::putRolePolicy)
            .add("GetRolePolicy", IamService::getRolePolicy)
            .add("ListRolePolicies", IamService::listRolePolicies)
            .add("DeleteRolePolicy", IamService::deleteRolePolicy)
            .add("ListInstanceProfilesForRole", IamService::listInstanceProfilesForRole)
            .add("TagRole", IamService::tagRole)
            .add("UntagRole", IamService::untagRole)
            .add("ListRoleTags", IamService::listRoleTags)
            .add("CreatePolicy", (iam, p) -> iam.policies.createPolicy(p))
            .add("GetPolicy", (iam, p) -> iam.policies.getPolicy(p))
            .add("DeletePolicy", (iam, p) -> iam.policies.deletePolicy(p))
            .add("ListPolicies", (iam, p) -> iam.policies.listPolicies(p))
            .add("CreatePolicyVersion", (iam, p) -> iam.policies.createPolicyVersion(p))
            .add("GetPolicyVersion", (iam, p) -> iam.policies.getPolicyVersion(p))
            .add("ListPolicyVersions", (iam, p) -> iam.policies.listPolicyVersions(p))
            .add("DeletePolicyVersion", (iam, p) -> iam.policies.deletePolicyVersion(p))
            .add("SetDefaultPolicyVersion", (iam, p) -> iam.policies.setDefaultPolicyVersion(p))
            .add("TagPolicy", (iam, p) -> iam.policies.tagPolicy(p))
            .add("UntagPolicy", (iam, p) -> iam.policies.untagPolicy(p))
            .add("ListPolicyTags", (iam, p) -> iam.policies.listPolicyTags(p))
            .build();

    public IamService(Path dataDir) {
        this.roles = new IamStore<>(dataDir, "roles.json", IamRole.class, "roles", IamRole::roleName, IamRole::arn);
        this.policies = new PolicyActions(dataDir, roles);
    }

    @Override
    public OperationTable<?> operations() {
        return OPERATIONS;
    }

    /** The operations this service serves, without an instance of it (for `lamb local operations`). */
    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    @Override
    public String signingName() {
        return "iam";
    }

    /** Whether a role of that ARN exists (Lambda's CreateFunction refuses a role that does not). */
    public boolean roleExists(String roleArn) {
        return roleArn != null && roles.byArn(roleArn).isPresent();
    }

    /** When the role of that ARN was created, for faults that delay a new role's use (IAM propagation). */
    public Optional<Instant> roleCreatedAt(String roleArn) {
        return roleArn == null ? Optional.empty() : roles.byArn(roleArn).map(r -> Instant.parse(r.createDate()));
    }

    /** The role of that ARN as STS assumes it: its name, id and longest session. */
    public Optional<AssumableRole> assumableRole(String roleArn) {
        return roleArn == null ? Optional.empty() : roles.byArn(roleArn)
                .map(r -> new AssumableRole(r.arn(), r.roleName(), r.roleId(), r.maxSessionDuration()));
    }

    /**
     * Whether the trust policy of the role of that ARN lets the service (lambda.amazonaws.com) assume it, in a call that
     * carries these context keys (those the service sets, such as aws:SourceAccount); false when there is no role.
     */
    public boolean trusts(String roleArn, String service, Map<String, String> keys) {
        return roleArn != null && roles.byArn(roleArn).map(r -> TrustPolicy.lets(r.assumeRolePolicyDocument(), service, keys))
                .orElse(false);
    }

    /**
     * What the policies of the role of that ARN say of the action: its inline policies and the default version of
     * each managed policy attached, the account's and AWS's, for a call of one of its sessions to that region. A role
     * that no longer exists is allowed nothing.
     */
    public PolicyDecision decide(String roleArn, IamAction action, String region) {
        Optional<IamRole> role = roles.byArn(roleArn);
        if (role.isEmpty()) {
            return PolicyDecision.NOT_ALLOWED;
        }
        List<String> documents = new ArrayList<>(role.get().inlinePolicies().values());
        role.get().attachedPolicies().forEach(arn -> policies.find(arn).ifPresent(p -> documents.add(p.defaultVersion().document())));
        return PolicyEvaluator.decide(documents, action, RequestContext.roleSession(role.get().arn(), region, role.get().tags()));
    }

    /**
     * {@code iam:} and the action, on the role or policy it names as the Service Authorization Reference gives them
     * (arn:aws:iam::ACCOUNT:role/PATH/NAME, the policy's ARN), the listings of all roles and policies on {@code *}.
     */
    @Override
    public List<IamAction> iamActions(CloudRequest request) {
        Map<String, String> p = QUERY.params(request);
        String action = p.get("Action");
        if (action == null) {
            return List.of();
        }
        String roleName = p.get("RoleName");
        String resource;
        if (roleName != null) {
            resource = action.equals("CreateRole") ? "arn:aws:iam::" + ACCOUNT + ":role" + p.getOrDefault("Path", "/") + roleName
                    : roles.get(roleName).map(IamRole::arn).orElse("arn:aws:iam::" + ACCOUNT + ":role/" + roleName);
        } else if (p.containsKey("PolicyArn")) {
            resource = p.get("PolicyArn");
        } else if (action.equals("CreatePolicy")) {
            resource = "arn:aws:iam::" + ACCOUNT + ":policy" + p.getOrDefault("Path", "/") + p.get("PolicyName");
        } else {
            resource = "*";
        }
        return List.of(new IamAction("iam:" + action, resource));
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        Map<String, String> params = QUERY.params(request);
        String action = QUERY.action(params);
        return CloudResponse.of(200, "text/xml", OPERATIONS.named(action).run(this, params));
    }

    @Override
    public CloudResponse error(AwsServiceException e) {
        return QUERY.error(e);
    }

    // ---------------------------------------------------------------- roles

    private String createRole(Map<String, String> p) {
        String name = IamParams.roleName(p);
        String path = p.getOrDefault("Path", "/");
        IamParams.validatePath(path, "path");
        String document = IamParams.policyDocument(p, "AssumeRolePolicyDocument", "assumeRolePolicyDocument");
        String description = p.get("Description");
        IamParams.checkLength(description, 1000, "description");
        int maxSession = IamParams.maxSessionDuration(p, 3600);
        if (p.containsKey("PermissionsBoundary")) {
            throw AwsServiceException.notImplemented("IAM", "CreateRole with a PermissionsBoundary");
        }
        Map<String, String> tags = IamParams.tags(p, "TagsPerRole");
        String arn = "arn:aws:iam::" + ACCOUNT + ":role" + path + name;
        IamRole role = new IamRole(path, name, newRoleId(), arn,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), document, description, maxSession, tags,
                List.of(), Map.of());
        if (!roles.create(role)) {
            throw new AwsServiceException(409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
        }
        return respond("CreateRole", x -> {
            x.start("Role");
            writeRole(x, role, true, false);
            x.end();
        });
    }

    private String getRole(Map<String, String> p) {
        IamRole role = existingRole(p);
        return respond("GetRole", x -> {
            x.start("Role");
            writeRole(x, role, true, true);
            x.end();
        });
    }

    private String deleteRole(Map<String, String> p) {
        IamRole role = existingRole(p);
        if (!role.attachedPolicies().isEmpty()) {
            throw new AwsServiceException(409, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
        }
        if (!role.inlinePolicies().isEmpty()) {
            throw new AwsServiceException(409, "DeleteConflict", "Cannot delete entity, must delete policies first.");
        }
        roles.delete(role.roleName());
        return respond("DeleteRole", null);
    }

    private String updateRole(Map<String, String> p) {
        IamRole role = existingRole(p);
        String description = p.containsKey("Description") ? p.get("Description") : role.description();
        IamParams.checkLength(description, 1000, "description");
        int maxSession = IamParams.maxSessionDuration(p, role.maxSessionDuration());
        roles.update(role.roleName(), r -> r.withDescriptionAndDuration(description, maxSession));
        return respond("UpdateRole", x -> {});
    }

    private String updateAssumeRolePolicy(Map<String, String> p) {
        IamRole role = existingRole(p);
        String document = IamParams.policyDocument(p, "PolicyDocument", "policyDocument");
        roles.update(role.roleName(), r -> r.withAssumeRolePolicyDocument(document));
        return respond("UpdateAssumeRolePolicy", null);
    }

    private String listRoles(Map<String, String> p) {
        String prefix = p.getOrDefault("PathPrefix", "/");
        List<IamRole> matching = roles.all().stream().filter(r -> r.path().startsWith(prefix)).toList();
        Paging.Page<IamRole> page = Paging.page("ListRoles", matching, r -> IamStore.key(r.roleName()), p);
        return respond("ListRoles", x -> {
            x.start("Roles");
            for (IamRole role : page.items()) {
                x.start("member");
                writeRole(x, role, false, false);
                x.end();
            }
            x.end();
            page.writeTruncation(x);
        });
    }

    // ---------------------------------------------------------------- managed policies of a role

    private String attachRolePolicy(Map<String, String> p) {
        String name = IamParams.roleName(p);
        String policyArn = IamParams.policyArn(p);
        IamRole role = roles.get(name).orElseThrow(() -> noSuchRole(name));
        if (policies.find(policyArn).isEmpty()) {
            throw new AwsServiceException(404, "NoSuchEntity", "Policy " + policyArn + " does not exist or is not attachable.");
        }
        if (!role.attachedPolicies().contains(policyArn) && role.attachedPolicies().size() >= MAX_ATTACHED) {
            throw new AwsServiceException(409, "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: " + MAX_ATTACHED);
        }
        roles.update(name, r -> {
            if (r.attachedPolicies().contains(policyArn)) {
                return r;
            }
            List<String> attached = new ArrayList<>(r.attachedPolicies());
            attached.add(policyArn);
            return r.withAttachedPolicies(attached);
        }).orElseThrow(() -> noSuchRole(name));
        return respond("AttachRolePolicy", null);
    }

    private String detachRolePolicy(Map<String, String> p) {
        String name = IamParams.roleName(p);
        String policyArn = IamParams.policyArn(p);
        IamRole role = roles.get(name).orElseThrow(() -> noSuchRole(name));
        if (!role.attachedPolicies().contains(policyArn)) {
            throw new AwsServiceException(404, "NoSuchEntity", "Policy " + policyArn + " was not found.");
        }
        roles.update(name, r -> {
            List<String> attached = new ArrayList<>(r.attachedPolicies());
            attached.remove(policyArn);
            return r.withAttachedPolicies(attached);
        });
        return respond("DetachRolePolicy", null);
    }

    private String listAttachedRolePolicies(Map<String, String> p) {
        IamRole role = existingRole(p);
        String prefix = p.getOrDefault("PathPrefix", "/");
        // Listed by name, then ARN (an AWS managed and a customer policy may share a name), which the marker resumes after.
        List<String> matching = role.attachedPolicies().stream()
                .filter(arn -> ManagedPolicies.path(arn).startsWith(prefix))
                .sorted(Comparator.comparing(IamService::attachedKey)).toList();
        Paging.Page<String> page = Paging.page("ListAttachedRolePolicies", matching, IamService::attachedKey, p);
        return respond("ListAttachedRolePolicies", x -> {
            x.start("AttachedPolicies");
            for (String arn : page.items()) {
                x.start("member").element("PolicyName", ManagedPolicies.name(arn)).element("PolicyArn", arn).end();
            }
            x.end();
            page.writeTruncation(x);
        });
    }

    private static String attachedKey(String policyArn) {
        return IamStore.key(ManagedPolicies.name(policyArn)) + "\n" + policyArn;
    }

    // ---------------------------------------------------------------- inline policies of a role

    private String putRolePolicy(Map<String, String> p) {
        IamRole role = existingRole(p);
        String policyName = IamParams.name(p, "PolicyName", "policyName", 128);
        String document = IamParams.permissionsDocument(p);
        Map<String, String> inline = new TreeMap<>(role.inlinePolicies());
        inline.put(policyName, document);
        int size = inline.values().stream().mapToInt(IamParams::policySize).sum();
        if (size > MAX_INLINE_SIZE) {
            throw new AwsServiceException(409, "LimitExceeded",
                    "Maximum policy size of " + MAX_INLINE_SIZE + " bytes exceeded for role " + role.roleName());
        }
        roles.update(role.roleName(), r -> r.withInlinePolicies(inline));
        return respond("PutRolePolicy", null);
    }

    private String getRolePolicy(Map<String, String> p) {
        IamRole role = existingRole(p);
        String policyName = IamParams.name(p, "PolicyName", "policyName", 128);
        String document = inlinePolicy(role, policyName);
        return respond("GetRolePolicy", x -> x.element("RoleName", role.roleName())
                .element("PolicyName", policyName)
                .element("PolicyDocument", urlEncode(document)));
    }

    private String listRolePolicies(Map<String, String> p) {
        IamRole role = existingRole(p);
        Paging.Page<String> page = Paging.page("ListRolePolicies", List.copyOf(role.inlinePolicies().keySet()), n -> n, p);
        return respond("ListRolePolicies", x -> {
            x.start("PolicyNames");
            page.items().forEach(name -> x.element("member", name));
            x.end();
            page.writeTruncation(x);
        });
    }

    private String deleteRolePolicy(Map<String, String> p) {
        IamRole role = existingRole(p);
        String policyName = IamParams.name(p, "PolicyName", "policyName", 128);
        inlinePolicy(role, policyName);
        roles.update(role.roleName(), r -> {
            Map<String, String> inline = new TreeMap<>(r.inlinePolicies());
            inline.remove(policyName);
            return r.withInlinePolicies(inline);
        });
        return respond("DeleteRolePolicy", null);
    }

    private static String inlinePolicy(IamRole role, String policyName) {
        String document = role.inlinePolicies().get(policyName);
        if (document == null) {
            throw new AwsServiceException(404, "NoSuchEntity", "The role policy with name " + policyName + " cannot be found.");
        }
        return document;
    }

    /** The local cloud has no instance profiles (they serve EC2), so a role is in none; Terraform asks before deleting one. */
    private String listInstanceProfilesForRole(Map<String, String> p) {
        existingRole(p);
        Paging.Page<String> page = Paging.page("ListInstanceProfilesForRole", List.of(), n -> n, p);
        return respond("ListInstanceProfilesForRole", x -> {
            x.start("InstanceProfiles").end();
            page.writeTruncation(x);
        });
    }

    // ---------------------------------------------------------------- tags

    private String tagRole(Map<String, String> p) {
        IamRole role = existingRole(p);
        Map<String, String> tags = EntityTags.tagged(role.tags(), p, "TagsPerRole");
        roles.update(role.roleName(), r -> r.withTags(tags));
        return respond("TagRole", null);
    }

    private String untagRole(Map<String, String> p) {
        IamRole role = existingRole(p);
        Map<String, String> tags = EntityTags.untagged(role.tags(), p);
        roles.update(role.roleName(), r -> r.withTags(tags));
        return respond("UntagRole", null);
    }

    private String listRoleTags(Map<String, String> p) {
        return EntityTags.list("ListRoleTags", existingRole(p).tags(), p);
    }

    // ---------------------------------------------------------------- rendering

    private static String respond(String action, Consumer<XmlWriter> result) {
        return QUERY.respond(action, result);
    }

    private static void writeRole(XmlWriter x, IamRole role, boolean withTags, boolean withLastUsed) {
        x.element("Path", role.path())
                .element("RoleName", role.roleName())
                .element("RoleId", role.roleId())
                .element("Arn", role.arn())
                .element("CreateDate", role.createDate())
                .element("AssumeRolePolicyDocument", urlEncode(role.assumeRolePolicyDocument()))
                .element("Description", role.description())
                .element("MaxSessionDuration", role.maxSessionDuration());
        if (withTags && !role.tags().isEmpty()) {
            x.start("Tags");
            role.tags().forEach((k, v) -> x.start("member").element("Key", k).element("Value", v).end());
            x.end();
        }
        if (withLastUsed) {
            x.start("RoleLastUsed").end();
        }
    }

    /** URL-encoded as IAM returns policy documents. */
    static String urlEncode(String text) {
        return QueryProtocol.urlEncode(text);
    }

    private IamRole existingRole(Map<String, String> p) {
        String name = IamParams.roleName(p);
        return roles.get(name).orElseThrow(() -> noSuchRole(name));
    }

    static AwsServiceException noSuchRole(String name) {
        return new AwsServiceException(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
    }

    private String newRoleId() {
        return newId(random, "AROA");
    }

    /** An id of IAM's form: its kind's four letters (AROA a role, ANPA a policy), then 17 letters or digits. */
    static String newId(SecureRandom random, String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 17; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }
}
