package dev.lamb.local.cloud;

/**
 * One action a request asks IAM for, and the resource it is on, as AWS's Service Authorization Reference names
 * them: {@code lambda:GetFunction} on {@code arn:aws:lambda:us-east-1:000000000000:function:NAME}, {@code *} for
 * the listing operations.
 */
public record IamAction(String action, String resource) {
    /** An action on no particular resource (ListFunctions, X-Ray's operations). */
    public static IamAction onAny(String action) {
        return new IamAction(action, "*");
    }
}
