package dev.lamb.local.cloud;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's SigV4 signature, from its Authorization header or, presigned, from its query (AWS's "Authentication
 * methods"): the one place the cloud reads either. A request carrying both is refused, as AWS refuses it, so that the
 * key that is verified is always the key that is authorised.
 */
record RequestSignature(CredentialScope scope, List<String> signedHeaders, String signature, String amzDate, boolean presigned) {
    /** What a request carries: no signature, one, one not of SigV4's shape, or two mechanisms at once. */
    enum Outcome { UNSIGNED, SIGNED, MALFORMED, BOTH }

    /** The outcome, and the signature when there is exactly one well-formed. */
    record Parsed(Outcome outcome, RequestSignature signature) {
        CredentialScope scope() {
            return signature == null ? null : signature.scope();
        }
    }

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,"
                    + "\\s*Signature=([^,\\s]+)\\s*");
    private static final Pattern CREDENTIAL = Pattern.compile("([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request");
    private static final Parsed UNSIGNED = new Parsed(Outcome.UNSIGNED, null);

    /**
     * Reads the signature of a request. An Authorization header that is not SigV4's (a bearer token on a data plane)
     * is no signature, unless the query carries one too.
     *
     * @param query the decoded query parameters
     */
    static Parsed parse(String authorization, Map<String, List<String>> query) {
        boolean inQuery = query.containsKey("X-Amz-Signature") || query.containsKey("X-Amz-Credential");
        if (authorization != null && inQuery) {
            return new Parsed(Outcome.BOTH, null);
        }
        if (inQuery) {
            Matcher m = CREDENTIAL.matcher(first(query, "X-Amz-Credential"));
            if (!m.matches() || !SigV4.ALGORITHM.equals(first(query, "X-Amz-Algorithm")) || first(query, "X-Amz-Signature").isEmpty()) {
                return new Parsed(Outcome.MALFORMED, null);
            }
            return new Parsed(Outcome.SIGNED, new RequestSignature(new CredentialScope(m.group(1), m.group(2), m.group(3), m.group(4)),
                    List.of(first(query, "X-Amz-SignedHeaders").split(";")), first(query, "X-Amz-Signature"),
                    first(query, "X-Amz-Date"), true));
        }
        if (authorization == null || !authorization.startsWith(SigV4.ALGORITHM)) {
            return UNSIGNED;
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return new Parsed(Outcome.MALFORMED, null);
        }
        return new Parsed(Outcome.SIGNED, new RequestSignature(new CredentialScope(m.group(1), m.group(2), m.group(3), m.group(4)),
                List.of(m.group(5).split(";")), m.group(6), null, false));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
