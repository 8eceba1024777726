package dev.lamb.local.cloud.lambda;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function as a request names it: a plain name, a partial ARN ({@code 000000000000:function:name}) or
 * a full ARN, each optionally with a {@code :qualifier} (version, alias or $LATEST).
 */
record FunctionRef(String name, String qualifier) {
    private static final Pattern REF = Pattern.compile(
            "^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:|\\d{12}:function:)?([a-zA-Z0-9._-]+)(?::([$a-zA-Z0-9._-]+))?$");

    private static final Pattern ARN_REGION = Pattern.compile("^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):");

    /**
     * The function a request to one region's Lambda names: an ARN of another region's function answers 404 with
     * Lambda's own words, never the same-named function of this region.
     */
    static FunctionRef inRegion(String raw, String region) {
        Matcher arn = ARN_REGION.matcher(raw == null ? "" : raw);
        if (arn.find() && !arn.group(1).equals(region)) {
            throw LambdaErrors.notFound("Functions from '" + arn.group(1) + "' are not reachable in this region ('" + region + "')");
        }
        return parse(raw);
    }

    static FunctionRef parse(String raw) {
        Matcher m = REF.matcher(raw == null ? "" : raw);
        if (raw == null || raw.isEmpty() || raw.length() > 256 || !m.matches()) {
            throw LambdaErrors.validation(raw, "functionName", "Member must satisfy regular expression pattern: "
                    + "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)"
                    + "(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        }
        return new FunctionRef(m.group(1), m.group(2));
    }

    /** The ref with the request's Qualifier parameter, which must agree with a qualifier in the name. */
    FunctionRef withQualifier(String queryQualifier) {
        if (queryQualifier == null || queryQualifier.isEmpty()) {
            return this;
        }
        if (qualifier != null && !qualifier.equals(queryQualifier)) {
            throw LambdaErrors.invalid("The derived qualifier from the function name does not match the specified qualifier.");
        }
        return new FunctionRef(name, queryQualifier);
    }

    static String arn(String region, String name) {
        return "arn:aws:lambda:" + region + ":" + LambdaErrors.ACCOUNT + ":function:" + name;
    }
}
