package dev.lamb.local.cloud.iam;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The context keys of a call as far as the local cloud can tell them, by lower-case name (key names are not
 * case-sensitive): the values of the keys it has, and the keys it knows the call lacks. Of any other key it can say
 * nothing, so a condition or policy variable naming one cannot be judged.
 */
record RequestContext(Map<String, String> values, Set<String> absent, List<String> completePrefixes) {
    private static final String PRINCIPAL_TAG = "aws:principaltag/";

    /**
     * A role session's call, with the global keys the IAM User Guide gives for one ("AWS global condition context
     * keys"; "IAM policy elements: Variables and tags", principal key values): aws:RequestedRegion, aws:PrincipalArn
     * (the role's ARN), aws:PrincipalAccount, aws:PrincipalType (AssumedRole), aws:SecureTransport, and
     * aws:PrincipalTag/KEY for each of the role's tags (the local STS issues no session tags, so no other tag is
     * there). aws:username is not present for a role session. aws:userid (the role's id and the session's name) is
     * not known here.
     */
    static RequestContext roleSession(String roleArn, String region, Map<String, String> roleTags) {
        Map<String, String> values = new HashMap<>();
        // Calls to AWS go over TLS; the local cloud's plain HTTP stands in for it.
        values.putAll(Map.of("aws:requestedregion", region, "aws:principalarn", roleArn, "aws:principalaccount",
                IamService.ACCOUNT, "aws:principaltype", "AssumedRole", "aws:securetransport", "true"));
        roleTags.forEach((k, v) -> values.put(PRINCIPAL_TAG + k.toLowerCase(Locale.ROOT), v));
        return new RequestContext(Map.copyOf(values), Set.of("aws:username"), List.of(PRINCIPAL_TAG));
    }

    /** A call with these context keys' values and lacking the {@code absent} ones (by name, any case); of others nothing is known. */
    static RequestContext of(Map<String, String> keys, Set<String> absent) {
        Map<String, String> values = new HashMap<>();
        keys.forEach((k, v) -> values.put(k.toLowerCase(Locale.ROOT), v));
        return new RequestContext(Map.copyOf(values), absent.stream().map(k -> k.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet()), List.of());
    }

    /** Whether the call's value of the key, or its lack of one, is known. */
    boolean knows(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return values.containsKey(k) || absent.contains(k) || completePrefixes.stream().anyMatch(k::startsWith);
    }

    /** The call's value of a key it {@link #knows}; empty when the call has none. */
    Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key.toLowerCase(Locale.ROOT)));
    }
}
