package dev.lamb.local.cloud.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A managed policy, AWS's or the account's own: its identity, its versions (documents as given, raw JSON)
 * and which one is in force. {@code lastVersion} numbers the next version, as IAM never reuses a number.
 */
record ManagedPolicy(String policyName, String policyId, String arn, String path, String description, String createDate,
        String updateDate, String defaultVersionId, List<PolicyVersion> versions, Map<String, String> tags, int lastVersion) {

    /** One version of a policy's document. */
    record PolicyVersion(String versionId, String document, String createDate) {}

    ManagedPolicy {
        versions = versions == null ? new ArrayList<>() : new ArrayList<>(versions);
        tags = tags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tags);
    }

    boolean awsManaged() {
        return arn.contains("::aws:policy/");
    }

    Optional<PolicyVersion> version(String versionId) {
        return versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
    }

    PolicyVersion defaultVersion() {
        return version(defaultVersionId).orElseThrow();
    }

    /** The policy with one more version, in force when {@code asDefault}. */
    ManagedPolicy withVersion(String document, String now, boolean asDefault) {
        List<PolicyVersion> more = new ArrayList<>(versions);
        String id = "v" + (lastVersion + 1);
        more.add(new PolicyVersion(id, document, now));
        return new ManagedPolicy(policyName, policyId, arn, path, description, createDate, asDefault ? now : updateDate,
                asDefault ? id : defaultVersionId, more, tags, lastVersion + 1);
    }

    ManagedPolicy withoutVersion(String versionId) {
        List<PolicyVersion> fewer = new ArrayList<>(versions);
        fewer.removeIf(v -> v.versionId().equals(versionId));
        return new ManagedPolicy(policyName, policyId, arn, path, description, createDate, updateDate, defaultVersionId,
                fewer, tags, lastVersion);
    }

    ManagedPolicy withDefault(String versionId, String now) {
        return new ManagedPolicy(policyName, policyId, arn, path, description, createDate, now, versionId, versions, tags,
                lastVersion);
    }

    ManagedPolicy withTags(Map<String, String> newTags) {
        return new ManagedPolicy(policyName, policyId, arn, path, description, createDate, updateDate, defaultVersionId,
                versions, newTags, lastVersion);
    }
}
