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
import java.util.stream.Stream;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.ValidationMessage;
import dev.lamb.local.cloud.XmlWriter;

/**
 * IAM's managed policies: the account's own (CreatePolicy and its versions), persisted in
 * {@code <dataDir>/iam/policies.json}, and AWS's, read-only; both readable through GetPolicy,
 * GetPolicyVersion, ListPolicies and ListPolicyVersions.
 */
final class PolicyActions {
    /** IAM's quotas: versions per managed policy, and a managed policy's size. */
    private static final int MAX_VERSIONS = 5;
    private static final int MAX_SIZE = 6_144;

    private final IamStore<ManagedPolicy> customer;
    private final IamStore<IamRole> roles;
    private final SecureRandom random = new SecureRandom();

    PolicyActions(Path dataDir, IamStore<IamRole> roles) {
        this.customer = new IamStore<>(dataDir, "policies.json", ManagedPolicy.class, "policies",
                ManagedPolicy::policyName, ManagedPolicy::arn);
        this.roles = roles;
    }

    /** The managed policy of that ARN, AWS's or the account's. */
    Optional<ManagedPolicy> find(String policyArn) {
        return ManagedPolicies.get(policyArn).or(() -> customer.byArn(policyArn));
    }

    String createPolicy(Map<String, String> p) {
        String name = IamParams.name(p, "PolicyName", "policyName", 128);
        String path = p.getOrDefault("Path", "/");
        IamParams.validatePath(path, "path");
        String document = sizedDocument(p);
        String description = p.get("Description");
        IamParams.checkLength(description, 1000, "description");
        Map<String, String> tags = IamParams.tags(p, "TagsPerPolicy");
        String now = now();
        ManagedPolicy policy = new ManagedPolicy(name, newPolicyId(), "arn:aws:iam::" + IamService.ACCOUNT + ":policy" + path + name,
                path, description, now, now, "v1", List.of(new ManagedPolicy.PolicyVersion("v1", document, now)), tags, 1);
        if (!customer.create(policy)) {
            throw new AwsServiceException(409, "EntityAlreadyExists",
                    "A policy called " + name + " already exists. Duplicate names are not allowed.");
        }
        return IamService.QUERY.respond("CreatePolicy", x -> {
            x.start("Policy");
            writePolicy(x, policy, false);
            x.end();
        });
    }

    String getPolicy(Map<String, String> p) {
        ManagedPolicy policy = existing(p);
        return IamService.QUERY.respond("GetPolicy", x -> {
            x.start("Policy");
            writePolicy(x, policy, true);
            x.end();
        });
    }

    String deletePolicy(Map<String, String> p) {
        ManagedPolicy policy = existingCustomer(p);
        if (attachments(policy.arn()) > 0) {
            throw new AwsServiceException(409, "DeleteConflict", "Cannot delete a policy attached to entities.");
        }
        if (policy.versions().size() > 1) {
            throw new AwsServiceException(409, "DeleteConflict", "This policy has more than one version. Before you delete a "
                    + "policy, you must delete the policy's versions. The default version is deleted with the policy.");
        }
        customer.delete(policy.policyName());
        return IamService.QUERY.respond("DeletePolicy", null);
    }

    String listPolicies(Map<String, String> p) {
        String scope = p.getOrDefault("Scope", "All");
        if (!List.of("All", "AWS", "Local").contains(scope)) {
            throw IamParams.validation(ValidationMessage.of(scope, "scope", "Member must satisfy enum value set: [All, AWS, Local]"));
        }
        String prefix = p.getOrDefault("PathPrefix", "/");
        boolean onlyAttached = Boolean.parseBoolean(p.getOrDefault("OnlyAttached", "false"));
        Stream<ManagedPolicy> aws = scope.equals("Local") ? Stream.empty() : ManagedPolicies.all().stream();
        Stream<ManagedPolicy> local = scope.equals("AWS") ? Stream.empty() : customer.all().stream();
        List<ManagedPolicy> matching = Stream.concat(aws, local)
                .filter(policy -> policy.path().startsWith(prefix))
                .filter(policy -> !onlyAttached || attachments(policy.arn()) > 0)
                .sorted(Comparator.comparing(PolicyActions::listKey)).toList();
        Paging.Page<ManagedPolicy> page = Paging.page("ListPolicies", matching, PolicyActions::listKey, p);
        return IamService.QUERY.respond("ListPolicies", x -> {
            x.start("Policies");
            for (ManagedPolicy policy : page.items()) {
                x.start("member");
                writePolicy(x, policy, false);
                x.end();
            }
            x.end();
            page.writeTruncation(x);
        });
    }

    /** Policies list by name; an AWS managed and a customer policy may share one, so the ARN follows. */
    private static String listKey(ManagedPolicy policy) {
        return IamStore.key(policy.policyName()) + "\n" + policy.arn();
    }

    String createPolicyVersion(Map<String, String> p) {
        ManagedPolicy policy = existingCustomer(p);
        String document = sizedDocument(p);
        boolean asDefault = Boolean.parseBoolean(p.getOrDefault("SetAsDefault", "false"));
        if (policy.versions().size() >= MAX_VERSIONS) {
            throw new AwsServiceException(409, "LimitExceeded", "A managed policy can have up to " + MAX_VERSIONS
                    + " versions. Before you create a new version, you must delete an existing version.");
        }
        ManagedPolicy updated = customer.update(policy.policyName(), current -> current.withVersion(document, now(), asDefault))
                .orElseThrow(() -> noSuchPolicy(policy.arn()));
        ManagedPolicy.PolicyVersion made = updated.versions().get(updated.versions().size() - 1);
        return IamService.QUERY.respond("CreatePolicyVersion", x -> {
            x.start("PolicyVersion");
            writeVersion(x, updated, made, false);
            x.end();
        });
    }

    String getPolicyVersion(Map<String, String> p) {
        ManagedPolicy policy = existing(p);
        ManagedPolicy.PolicyVersion version = existingVersion(policy, p);
        return IamService.QUERY.respond("GetPolicyVersion", x -> {
            x.start("PolicyVersion");
            writeVersion(x, policy, version, true);
            x.end();
        });
    }

    String listPolicyVersions(Map<String, String> p) {
        ManagedPolicy policy = existing(p);
        // Newest first, as IAM lists them; the marker holds the last version number returned.
        List<ManagedPolicy.PolicyVersion> versions = new ArrayList<>(policy.versions());
        versions.sort(Comparator.comparingInt(PolicyActions::number).reversed());
        Paging.Page<ManagedPolicy.PolicyVersion> page = Paging.page("ListPolicyVersions", versions,
                ManagedPolicy.PolicyVersion::versionId,
                Comparator.comparingInt((String id) -> Integer.parseInt(id.substring(1))).reversed(), p);
        return IamService.QUERY.respond("ListPolicyVersions", x -> {
            x.start("Versions");
            for (ManagedPolicy.PolicyVersion version : page.items()) {
                x.start("member");
                writeVersion(x, policy, version, false);
                x.end();
            }
            x.end();
            page.writeTruncation(x);
        });
    }

    String deletePolicyVersion(Map<String, String> p) {
        ManagedPolicy policy = existingCustomer(p);
        ManagedPolicy.PolicyVersion version = existingVersion(policy, p);
        if (version.versionId().equals(policy.defaultVersionId())) {
            throw new AwsServiceException(409, "DeleteConflict", "Cannot delete the default version of a policy.");
        }
        customer.update(policy.policyName(), current -> current.withoutVersion(version.versionId()));
        return IamService.QUERY.respond("DeletePolicyVersion", null);
    }

    String setDefaultPolicyVersion(Map<String, String> p) {
        ManagedPolicy policy = existingCustomer(p);
        ManagedPolicy.PolicyVersion version = existingVersion(policy, p);
        customer.update(policy.policyName(), current -> current.withDefault(version.versionId(), now()));
        return IamService.QUERY.respond("SetDefaultPolicyVersion", null);
    }

    String tagPolicy(Map<String, String> p) {
        ManagedPolicy policy = existingCustomer(p);
        Map<String, String> tags = EntityTags.tagged(policy.tags(), p, "TagsPerPolicy");
        customer.update(policy.policyName(), current -> current.withTags(tags));
        return IamService.QUERY.respond("TagPolicy", null);
    }

    String untagPolicy(Map<String, String> p) {
        ManagedPolicy policy = existingCustomer(p);
        Map<String, String> tags = EntityTags.untagged(policy.tags(), p);
        customer.update(policy.policyName(), current -> current.withTags(tags));
        return IamService.QUERY.respond("UntagPolicy", null);
    }

    /** Terraform reads a policy's tags with this on every refresh. */
    String listPolicyTags(Map<String, String> p) {
        return EntityTags.list("ListPolicyTags", existing(p).tags(), p);
    }

    // ---------------------------------------------------------------- helpers

    private static int number(ManagedPolicy.PolicyVersion version) {
        return Integer.parseInt(version.versionId().substring(1));
    }

    private ManagedPolicy existing(Map<String, String> p) {
        String arn = IamParams.policyArn(p);
        return find(arn).orElseThrow(() -> noSuchPolicy(arn));
    }

    /** A policy of the account's own: AWS's cannot be changed or deleted. */
    private ManagedPolicy existingCustomer(Map<String, String> p) {
        ManagedPolicy policy = existing(p);
        if (policy.awsManaged()) {
            throw new AwsServiceException(403, "AccessDenied", "An AWS managed policy (" + policy.arn() + ") cannot be changed.");
        }
        return policy;
    }

    private static ManagedPolicy.PolicyVersion existingVersion(ManagedPolicy policy, Map<String, String> p) {
        String versionId = p.get("VersionId");
        if (versionId == null) {
            throw IamParams.validation(ValidationMessage.mustNotBeNull("versionId"));
        }
        return policy.version(versionId).orElseThrow(() -> new AwsServiceException(404, "NoSuchEntity",
                "Policy " + policy.arn() + " version " + versionId + " does not exist or is not attachable."));
    }

    private static AwsServiceException noSuchPolicy(String arn) {
        return new AwsServiceException(404, "NoSuchEntity", "Policy " + arn + " does not exist or is not attachable.");
    }

    private static String sizedDocument(Map<String, String> p) {
        String document = IamParams.permissionsDocument(p);
        if (IamParams.policySize(document) > MAX_SIZE) {
            throw new AwsServiceException(409, "LimitExceeded", "Cannot exceed quota for PolicySize: " + MAX_SIZE);
        }
        return document;
    }

    private int attachments(String policyArn) {
        return (int) roles.all().stream().filter(r -> r.attachedPolicies().contains(policyArn)).count();
    }

    private void writePolicy(XmlWriter x, ManagedPolicy policy, boolean withDescriptionAndTags) {
        x.element("PolicyName", policy.policyName())
                .element("PolicyId", policy.policyId())
                .element("Arn", policy.arn())
                .element("Path", policy.path())
                .element("DefaultVersionId", policy.defaultVersionId())
                .element("AttachmentCount", attachments(policy.arn()))
                .element("PermissionsBoundaryUsageCount", 0)
                .element("IsAttachable", true);
        if (withDescriptionAndTags) {
            x.element("Description", policy.description());
        }
        x.element("CreateDate", policy.createDate()).element("UpdateDate", policy.updateDate());
        if (withDescriptionAndTags && !policy.tags().isEmpty()) {
            x.start("Tags");
            policy.tags().forEach((k, v) -> x.start("member").element("Key", k).element("Value", v).end());
            x.end();
        }
    }

    /** A version; GetPolicyVersion and ListPolicyVersions give its document (URL-encoded as IAM sends it), CreatePolicyVersion not. */
    private static void writeVersion(XmlWriter x, ManagedPolicy policy, ManagedPolicy.PolicyVersion version, boolean withDocument) {
        if (withDocument) {
            x.element("Document", IamService.urlEncode(version.document()));
        }
        x.element("VersionId", version.versionId())
                .element("IsDefaultVersion", version.versionId().equals(policy.defaultVersionId()))
                .element("CreateDate", version.createDate());
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private String newPolicyId() {
        return IamService.newId(random, "ANPA");
    }
}
