package dev.lamb.local.cloud.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A role as stored: its identity, its trust policy exactly as given (raw JSON), its tags in order, the
 * ARNs of the managed policies attached to it and its inline policies (name to raw JSON document).
 */
record IamRole(String path, String roleName, String roleId, String arn, String createDate,
        String assumeRolePolicyDocument, String description, int maxSessionDuration,
        Map<String, String> tags, List<String> attachedPolicies, Map<String, String> inlinePolicies) {

    IamRole {
        tags = tags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tags);
        attachedPolicies = attachedPolicies == null ? new ArrayList<>() : new ArrayList<>(attachedPolicies);
        // Roles written before inline policies existed have none.
        inlinePolicies = inlinePolicies == null ? new TreeMap<>() : new TreeMap<>(inlinePolicies);
    }

    IamRole withTags(Map<String, String> newTags) {
        return new IamRole(path, roleName, roleId, arn, createDate, assumeRolePolicyDocument, description,
                maxSessionDuration, newTags, attachedPolicies, inlinePolicies);
    }

    IamRole withAttachedPolicies(List<String> policies) {
        return new IamRole(path, roleName, roleId, arn, createDate, assumeRolePolicyDocument, description,
                maxSessionDuration, tags, policies, inlinePolicies);
    }

    IamRole withInlinePolicies(Map<String, String> policies) {
        return new IamRole(path, roleName, roleId, arn, createDate, assumeRolePolicyDocument, description,
                maxSessionDuration, tags, attachedPolicies, policies);
    }

    IamRole withDescriptionAndDuration(String newDescription, int newMaxSessionDuration) {
        return new IamRole(path, roleName, roleId, arn, createDate, assumeRolePolicyDocument, newDescription,
                newMaxSessionDuration, tags, attachedPolicies, inlinePolicies);
    }

    IamRole withAssumeRolePolicyDocument(String document) {
        return new IamRole(path, roleName, roleId, arn, createDate, document, description, maxSessionDuration, tags,
                attachedPolicies, inlinePolicies);
    }
}
