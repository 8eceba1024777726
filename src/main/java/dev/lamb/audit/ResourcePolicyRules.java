package dev.lamb.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The function's resource policies (the function's own, and each alias's read): who may invoke it without a condition
 * that ties the call to one source, and whether each public Function URL has the two statements its callers need.
 */
final class ResourcePolicyRules {
    /** Conditions that tie a grant to one source (Lambda's --source-arn, --source-account, --principal-org-id). */
    private static final String[] SCOPING = {"aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:SourceOwner"};
    /** Conditions of a Function URL's statements: public through the URL only, which the URL rules judge. */
    private static final String[] URL_ONLY = {"lambda:FunctionUrlAuthType", "lambda:InvokedViaFunctionUrl"};
    private static final String INVOKE_URL = "lambda:InvokeFunctionUrl";
    private static final String INVOKE = "lambda:InvokeFunction";

    private ResourcePolicyRules() {}

    static List<Finding> check(DeployedFunction fn) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, String> policy : fn.policies().entrySet()) {
            String resource = fn.arnAt(policy.getKey());
            for (PolicyStatement s : PolicyStatement.parse(policy.getValue())) {
                if (!s.allow() || s.conditions(URL_ONLY) || s.conditions(SCOPING)) {
                    continue;
                }
                if (s.principals().contains("*")) {
                    out.add(Rule.RESOURCE_POLICY_PUBLIC.at(resource, s.label() + " lets anyone (*) call "
                            + String.join(", ", s.actions())));
                }
                if (!s.servicePrincipals().isEmpty()) {
                    out.add(Rule.RESOURCE_POLICY_SERVICE_UNSCOPED.at(resource, s.label() + " lets "
                            + String.join(", ", s.servicePrincipals()) + " call " + String.join(", ", s.actions())
                            + " on behalf of any account's resource"));
                }
            }
        }
        for (DeployedFunction.Url url : fn.urls()) {
            if (!"NONE".equals(url.authType())) {
                continue;
            }
            out.add(Rule.URL_AUTH_NONE.at(url.functionArn(), "its Function URL takes calls from anyone, unsigned"));
            List<PolicyStatement> statements = PolicyStatement.parse(fn.policies().get(url.qualifier()));
            List<String> missing = new ArrayList<>();
            for (String action : List.of(INVOKE_URL, INVOKE)) {
                if (statements.stream().noneMatch(s -> s.allow() && s.principals().contains("*") && allows(s, action)
                        && anonymousCallsMeet(s))) {
                    missing.add(action);
                }
            }
            if (!missing.isEmpty()) {
                out.add(Rule.URL_PERMISSION_PAIR.at(url.functionArn(), "its resource policy does not allow " + String.join(" nor ", missing)
                        + " to everyone, so its public Function URL answers 403 Forbidden"));
            }
        }
        return out;
    }

    /**
     * Whether an unsigned call through the URL can meet the statement's conditions: none but the URL's own keys, since
     * such a call has no source account, ARN or organization to match.
     */
    private static boolean anonymousCallsMeet(PolicyStatement s) {
        return s.conditionKeys().stream().allMatch(key -> Arrays.stream(URL_ONLY).anyMatch(url -> url.equalsIgnoreCase(key)));
    }

    private static boolean allows(PolicyStatement s, String action) {
        return !s.notAction() && s.actions().stream().anyMatch(a -> a.equals("*") || a.equalsIgnoreCase("lambda:*")
                || a.equalsIgnoreCase(action));
    }
}
