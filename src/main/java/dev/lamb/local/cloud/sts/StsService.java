package dev.lamb.local.cloud.sts;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.lamb.local.cloud.AwsService;
import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.LocalAccount;
import dev.lamb.local.cloud.OperationTable;
import dev.lamb.local.cloud.PolicyDecision;
import dev.lamb.local.cloud.QueryProtocol;
import dev.lamb.local.cloud.SessionCaller;
import dev.lamb.local.cloud.ValidationMessage;
import dev.lamb.local.cloud.iam.AssumableRole;

/**
 * STS as the local cloud serves it: the query protocol of API version 2011-06-15, GetCallerIdentity and
 * AssumeRole for the local IAM's roles. The credentials it hands out are kept (in memory: they expire, and
 * a restarted cloud issues new ones) so that the cloud can tell whose role a request's key belongs to; a
 * session token it did not issue, or that expired, answers as STS answers it.
 */
public final class StsService implements AwsService {
    static final String ACCOUNT = LocalAccount.ID;
    private static final QueryProtocol QUERY = new QueryProtocol("https://sts.amazonaws.com/doc/2011-06-15/", "2011-06-15");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final String UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /** AWS's bounds of a role session (AssumeRole's DurationSeconds), and its default of one hour. */
    private static final int MIN_DURATION = 900;
    private static final int MAX_DURATION = 43_200;
    private static final int DEFAULT_DURATION = 3_600;

    private final Function<String, Optional<AssumableRole>> roles;
    private final Clock clock;
    private final Map<String, RoleSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** What a role's policies say of an action: given at construction, so that no session is ever unchecked. */
    private final RolePolicies policies;

    /** What the policies of the role of an ARN say of an action in a call to a region (the local IAM's). */
    @FunctionalInterface
    public interface RolePolicies {
        PolicyDecision decide(String roleArn, IamAction action, String region);
    }

    @FunctionalInterface
    private interface Handler {
        /** @param withToken whether the request carries a session token (X-Amz-Security-Token) */
        String run(StsService sts, Map<String, String> params, String callerKey, boolean withToken);
    }

    private static final OperationTable<Handler> OPERATIONS = OperationTable.<Handler>byAction("STS")
            .add("GetCallerIdentity", StsService::getCallerIdentity)
            .add("AssumeRole", StsService::assumeRole)
            .build();

    /**
     * @param roles the local IAM's role of an ARN, if there is one
     * @param policies what the role's policies say of each call its sessions make (the local IAM's decision)
     */
    public StsService(Function<String, Optional<AssumableRole>> roles, RolePolicies policies) {
        this(roles, policies, Clock.systemUTC());
    }

    StsService(Function<String, Optional<AssumableRole>> roles, RolePolicies policies, Clock clock) {
        this.roles = roles;
        this.policies = policies;
        this.clock = clock;
    }

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public OperationTable<?> operations() {
        return OPERATIONS;
    }

    /** The operations this service serves, without an instance of it (for `lamb local operations`). */
    public static OperationTable<?> operationTable() {
        return OPERATIONS;
    }

    /** The unexpired role session an access key was issued for; empty for any other key (the test keys). */
    public Optional<RoleSession> sessionOf(String accessKeyId) {
        RoleSession session = accessKeyId == null ? null : sessions.get(accessKeyId);
        return session == null || session.expiredAt(clock.instant()) ? Optional.empty() : Optional.of(session);
    }

    @Override
    public Optional<SessionCaller> caller(String accessKeyId) {
        RoleSession session = accessKeyId == null ? null : sessions.get(accessKeyId);
        return session == null ? Optional.empty() : Optional.of(new SessionCaller(session.assumedRoleArn(),
                session.secretAccessKey(), session.sessionToken(), session.expiredAt(clock.instant()),
                (action, region) -> policies.decide(session.roleArn(), action, region)));
    }

    /** AssumeRole is sts:AssumeRole on the role's ARN; GetCallerIdentity needs no permission, as on AWS. */
    @Override
    public List<IamAction> iamActions(CloudRequest request) {
        Map<String, String> params = QUERY.params(request);
        return "AssumeRole".equals(params.get("Action"))
                ? List.of(new IamAction("sts:AssumeRole", params.getOrDefault("RoleArn", "*"))) : List.of();
    }

    /**
     * Temporary credentials for the role of that ARN, as AssumeRole hands them out.
     *
     * @throws AwsServiceException AccessDenied when there is no such role, ValidationError for a bad name or duration
     */
    public RoleSession assume(String roleArn, String sessionName, int durationSeconds) {
        checkSessionName(sessionName);
        if (durationSeconds < MIN_DURATION || durationSeconds > MAX_DURATION) {
            throw validation(ValidationMessage.shown(String.valueOf(durationSeconds), "durationSeconds",
                    durationSeconds < MIN_DURATION ? "Member must have value greater than or equal to " + MIN_DURATION
                            : "Member must have value less than or equal to " + MAX_DURATION));
        }
        // AWS does not tell a caller whether a role it may not assume exists.
        AssumableRole role = roles.apply(roleArn).orElseThrow(() -> new AwsServiceException(403, "AccessDenied",
                "User: arn:aws:iam::" + ACCOUNT + ":root is not authorized to perform: sts:AssumeRole on resource: " + roleArn));
        if (durationSeconds > role.maxSessionDuration()) {
            throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Instant expiration = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofSeconds(durationSeconds));
        RoleSession session = new RoleSession("ASIA" + randomText(UPPER_ALPHANUMERIC, 16), randomBase64(30),
                randomBase64(300), expiration, role.arn(), role.roleId(), sessionName,
                "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role.roleName() + "/" + sessionName);
        sessions.put(session.accessKeyId(), session);
        return session;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        Map<String, String> params = QUERY.params(request);
        String action = QUERY.action(params);
        return CloudResponse.of(200, "text/xml", OPERATIONS.named(action).run(this, params, request.accessKeyId(),
                request.header("X-Amz-Security-Token") != null || request.queryParam("X-Amz-Security-Token") != null));
    }

    @Override
    public CloudResponse error(AwsServiceException e) {
        return QUERY.error(e);
    }

    private String getCallerIdentity(Map<String, String> p, String callerKey, boolean withToken) {
        Optional<RoleSession> session = sessionOf(callerKey);
        if (withToken && session.isEmpty()) {
            // Temporary credentials this cloud did not issue (or a cloud before a restart did), or that expired.
            RoleSession expired = callerKey == null ? null : sessions.get(callerKey);
            throw expired != null
                    ? new AwsServiceException(403, "ExpiredToken", "The security token included in the request is expired")
                    : new AwsServiceException(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        // Any key the cloud did not issue is the account's own, as the test keys lamb and its users sign with.
        String userId = session.map(RoleSession::userId).orElse(ACCOUNT);
        String arn = session.map(RoleSession::assumedRoleArn).orElse("arn:aws:iam::" + ACCOUNT + ":root");
        return QUERY.respond("GetCallerIdentity", x -> x.element("UserId", userId).element("Account", ACCOUNT).element("Arn", arn));
    }

    private String assumeRole(Map<String, String> p, String callerKey, boolean withToken) {
        String roleArn = p.get("RoleArn");
        if (roleArn == null) {
            throw validation(ValidationMessage.mustNotBeNull("roleArn"));
        }
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw validation(ValidationMessage.of(roleArn, "roleArn", "Member must have length between 20 and 2048"));
        }
        String sessionName = p.get("RoleSessionName");
        if (sessionName == null) {
            throw validation(ValidationMessage.mustNotBeNull("roleSessionName"));
        }
        if (p.containsKey("Policy") || p.keySet().stream().anyMatch(k -> k.startsWith("PolicyArns."))) {
            throw AwsServiceException.notImplemented("STS", "AssumeRole with a session policy");
        }
        int duration = DEFAULT_DURATION;
        String raw = p.get("DurationSeconds");
        if (raw != null) {
            try {
                duration = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new AwsServiceException(400, "InvalidParameterValue", "Invalid value for DurationSeconds: " + raw);
            }
        }
        RoleSession session = assume(roleArn, sessionName, duration);
        return QUERY.respond("AssumeRole", x -> {
            x.start("Credentials")
                    .element("AccessKeyId", session.accessKeyId())
                    .element("SecretAccessKey", session.secretAccessKey())
                    .element("SessionToken", session.sessionToken())
                    .element("Expiration", session.expiration().toString())
                    .end();
            x.start("AssumedRoleUser")
                    .element("AssumedRoleId", session.userId())
                    .element("Arn", session.assumedRoleArn())
                    .end();
        });
    }

    private static void checkSessionName(String sessionName) {
        if (sessionName.length() < 2 || sessionName.length() > 64) {
            throw validation(ValidationMessage.of(sessionName, "roleSessionName", "Member must have length between 2 and 64"));
        }
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw validation(ValidationMessage.of(sessionName, "roleSessionName",
                    "Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
        }
    }

    private static AwsServiceException validation(String message) {
        return new AwsServiceException(400, "ValidationError", message);
    }

    private String randomText(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private String randomBase64(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }
}
