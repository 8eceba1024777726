package dev.lamb.local.cloud.iam;

/** What STS needs of a role to hand out its credentials: its ARN, name, id and longest session in seconds. */
public record AssumableRole(String arn, String roleName, String roleId, int maxSessionDuration) {}
