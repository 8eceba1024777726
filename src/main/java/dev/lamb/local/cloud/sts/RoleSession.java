package dev.lamb.local.cloud.sts;

import java.time.Instant;

/**
 * Temporary credentials STS handed out for a role (AssumeRole): the keys, the session token, and whose
 * they are: the role's ARN and the session's ARN as AWS names it (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).
 */
public record RoleSession(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
        String roleArn, String roleId, String sessionName, String assumedRoleArn) {

    /** The caller's id as GetCallerIdentity gives it for a role session: the role's id, a colon, the session's name. */
    public String userId() {
        return roleId + ":" + sessionName;
    }

    boolean expiredAt(Instant now) {
        return !now.isBefore(expiration);
    }
}
