package dev.lamb.local.cloud;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a role session the local STS issued may do, as IAM decides it for AWS's services: the call is the session's only
 * with its token, unexpired, and each IAM action the call asks for must be allowed by the role's policies. Admission
 * ({@link RequestAdmission}) has let the request in and verified its signature before this is asked.
 */
final class SessionAuthorization {
    private final Function<String, Optional<SessionCaller>> sessions;

    /** @param sessions the role session an access key belongs to, when the local STS issued it */
    SessionAuthorization(Function<String, Optional<SessionCaller>> sessions) {
        this.sessions = sessions;
    }

    /**
     * Whether a role session the local STS issued may make the call, as AWS decides it: its token must be the session's
     * and unexpired, whatever the call, and its role's policies must allow each IAM action the request asks for (none on
     * the open data planes, one on a function URL whose AuthType is AWS_IAM). Any other caller (the test keys lamb and
     * its users sign with, the --auth keys) may make any call.
     */
    Optional<AwsServiceException> permitted(RequestAdmission.Request admitted, CloudRequest request, AwsService service) {
        Optional<SessionCaller> session = Optional.ofNullable(admitted.scope()).map(CredentialScope::accessKeyId).flatMap(sessions);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        SessionCaller caller = session.get();
        boolean query = RequestAdmission.query(admitted);
        String token = Optional.ofNullable(request.header("X-Amz-Security-Token")).orElse(request.queryParam("X-Amz-Security-Token"));
        if (!caller.sessionToken().equals(token)) {
            return Optional.of(RequestAdmission.invalidToken(admitted));
        }
        if (caller.expired()) {
            return Optional.of(new AwsServiceException(clientErrorStatus(admitted), query ? "ExpiredToken" : "ExpiredTokenException",
                    "The security token included in the request is expired"));
        }
        boolean functionUrl = admitted.dataPlane().filter(p -> p.kind().functionUrl()).isPresent();
        for (IamAction action : service.iamActions(request)) {
            PolicyDecision decision = caller.permissions().decide(action, request.region());
            if (decision != PolicyDecision.ALLOWED) {
                // A function URL answers as it answers an unsigned request, with no more said.
                return Optional.of(new AwsServiceException(clientErrorStatus(admitted), query ? "AccessDenied" : "AccessDeniedException",
                        functionUrl ? "Forbidden" : notAuthorized(caller, action, decision)));
            }
        }
        return Optional.empty();
    }

    /** AccessDenied's message as the IAM User Guide gives it ("Troubleshoot access denied error messages"). */
    private static String notAuthorized(SessionCaller caller, IamAction action, PolicyDecision decision) {
        return "User: " + caller.arn() + " is not authorized to perform: " + action.action() + " on resource: " + action.resource()
                + (decision == PolicyDecision.DENIED ? " with an explicit deny in an identity-based policy"
                        : " because no identity-based policy allows the " + action.action() + " action");
    }

    /**
     * CloudWatch Logs and Secrets Manager speak awsJson1.1, whose client errors AWS answers 400 (their models give
     * AccessDeniedException no other).
     */
    private static int clientErrorStatus(RequestAdmission.Request request) {
        return "logs".equals(request.service()) || "secretsmanager".equals(request.service()) ? 400 : 403;
    }
}
