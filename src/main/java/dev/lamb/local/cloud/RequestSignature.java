package dev.lamb.local.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * The Authorization header up to its last comma, which ends it: {@code Signature=} and its value follow, and hold
     * none (so the whole header is SigV4's exactly when this part matches and {@link #signatureAfter} finds the rest).
     */
    private static final Pattern AUTHORIZATION_HEAD = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,");
    private static final String SIGNATURE = "Signature=";
    /** Heads read before: a client sends the same one (key, day, region, service, headers) on call after call. */
    private static final Map<String, Optional<Head>> HEADS = new ConcurrentHashMap<>();
    private static final int HEADS_KEPT = 256;
    private static final int HEAD_KEPT_LENGTH = 1024;
    private static final Pattern CREDENTIAL = Pattern.compile("([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request");
    private static final Parsed UNSIGNED = new Parsed(Outcome.UNSIGNED, null);

    /** What an Authorization header's head says: whose key, for what, and which headers it signs. */
    private record Head(CredentialScope scope, List<String> signedHeaders) {}

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
        // The signature changes on every call; the head before it is matched once and kept (a third of the regex's work).
        int comma = authorization.lastIndexOf(',');
        String signature = comma < 0 ? null : signatureAfter(authorization, comma + 1);
        Optional<Head> head = signature == null ? Optional.empty() : head(authorization.substring(0, comma + 1));
        if (head.isEmpty()) {
            return new Parsed(Outcome.MALFORMED, null);
        }
        return new Parsed(Outcome.SIGNED, new RequestSignature(head.get().scope(), head.get().signedHeaders(), signature, null, false));
    }

    private static Optional<Head> head(String text) {
        Optional<Head> known = HEADS.get(text);
        if (known != null) {
            return known;
        }
        Matcher m = AUTHORIZATION_HEAD.matcher(text);
        Optional<Head> head = m.matches()
                ? Optional.of(new Head(new CredentialScope(m.group(1), m.group(2), m.group(3), m.group(4)), List.of(m.group(5).split(";"))))
                : Optional.empty();
        // Kept only when well formed and of a real client's length: a flood of odd headers cannot grow or churn it.
        if (head.isPresent() && text.length() <= HEAD_KEPT_LENGTH) {
            if (HEADS.size() >= HEADS_KEPT) {
                HEADS.clear();
            }
            HEADS.put(text, head);
        }
        return head;
    }

    /**
     * The value in {@code \s*Signature=([^,\s]+)\s*} filling the header from {@code from} to its end (which holds
     * no comma), or null when the rest is not that.
     */
    private static String signatureAfter(String header, int from) {
        int at = from;
        while (at < header.length() && space(header.charAt(at))) {
            at++;
        }
        if (!header.startsWith(SIGNATURE, at)) {
            return null;
        }
        int start = at + SIGNATURE.length();
        int end = start;
        while (end < header.length() && !space(header.charAt(end))) {
            end++;
        }
        for (int i = end; i < header.length(); i++) {
            if (!space(header.charAt(i))) {
                return null;
            }
        }
        return end > start ? header.substring(start, end) : null;
    }

    /** Java's {@code \s}: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
