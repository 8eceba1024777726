package dev.lamb.audit;

/**
 * The catalog of lamb audit's rules, the one place each is defined: its stable id, severity, what it finds and the
 * fix in one line. README's rule table follows this list and names the equivalent checks of other tools.
 *
 * <p>Severities: critical when anyone, or any code, gets the account's keys or the function (a public resource policy,
 * an admin role, a credential in plain text); high when a wildcard or a plaintext secret widens what a compromised
 * function reaches; medium for what breaks or loses data quietly (a broken public URL, no log group, recursion
 * allowed); low for hygiene (no tracing, logs kept forever, async failures dropped).
 */
public enum Rule {
    ROLE_ADMIN("role-admin", Severity.CRITICAL, "The execution role allows every action on every resource",
            "Replace the statement with the actions and resources the function uses ([[function.permissions]] in lamb.toml)"),
    ROLE_WILDCARD_ACTION("role-wildcard-action", Severity.HIGH, "The execution role allows a wildcard action ('*' or 'service:*')",
            "Name the actions the function calls instead of a wildcard"),
    ROLE_WILDCARD_RESOURCE("role-wildcard-resource", Severity.HIGH,
            "The execution role allows actions on every resource ('*'), for actions that accept a narrower one",
            "Name the ARNs of the resources the function uses instead of '*'"),
    ROLE_FULL_ACCESS("role-full-access", Severity.HIGH, "The execution role carries a *FullAccess managed policy",
            "Detach it and grant only the actions the function calls ([[function.permissions]] in lamb.toml)"),
    RESOURCE_POLICY_PUBLIC("resource-policy-public", Severity.CRITICAL,
            "The function's resource policy lets anyone ('*') invoke it, with no aws:SourceArn or aws:SourceAccount condition",
            "Remove the statement (aws lambda remove-permission) or scope it with --source-arn / --source-account"),
    RESOURCE_POLICY_SERVICE_UNSCOPED("resource-policy-service-unscoped", Severity.HIGH,
            "The function's resource policy lets an AWS service invoke it without aws:SourceArn or aws:SourceAccount",
            "Add the permission again with --source-arn (or --source-account), so only your resource can invoke it"),
    URL_AUTH_NONE("url-auth-none", Severity.MEDIUM, "The function has a Function URL with auth NONE: anyone on the internet may call it",
            "Set auth = \"AWS_IAM\" in [function.url], unless the function is meant to be public"),
    URL_PERMISSION_PAIR("url-permission-pair", Severity.MEDIUM,
            "A public Function URL lacks the lambda:InvokeFunctionUrl + lambda:InvokeFunction (InvokedViaFunctionUrl) pair "
                    + "its callers need since 2026-11-01",
            "Run lamb deploy, which adds both, or aws lambda add-permission --action lambda:InvokeFunction --principal '*' "
                    + "--invoked-via-function-url"),
    ENV_SECRET_NAME("env-secret-name", Severity.HIGH,
            "The deployed environment holds a literal value in a variable named like a secret (*KEY*, *SECRET*, *TOKEN*, *PASSWORD*)",
            "Move the value to Secrets Manager (lamb secrets set NAME) and reference it in [function.secrets]"),
    ENV_HIGH_ENTROPY("env-high-entropy", Severity.MEDIUM, "The deployed environment holds a high-entropy string, likely a secret",
            "If it is a secret, move it to Secrets Manager (lamb secrets set NAME) and reference it in [function.secrets]"),
    ENV_CREDENTIAL("env-credential", Severity.CRITICAL,
            "The deployed environment holds a credential in a known format (an AWS access key, a private key)",
            "Revoke the credential, then move it to Secrets Manager (lamb secrets set NAME); a function uses its role, not keys"),
    CONFIG_SECRET_NAME("config-secret-name", Severity.HIGH,
            "lamb.toml holds a literal value in an environment variable named like a secret (*KEY*, *SECRET*, *TOKEN*, *PASSWORD*)",
            "Move the value to Secrets Manager (lamb secrets set NAME) and reference it in [function.secrets]"),
    CONFIG_HIGH_ENTROPY("config-high-entropy", Severity.MEDIUM, "lamb.toml holds a high-entropy string, likely a secret",
            "If it is a secret, move it to Secrets Manager (lamb secrets set NAME) and reference it in [function.secrets]"),
    CONFIG_CREDENTIAL("config-credential", Severity.CRITICAL,
            "lamb.toml holds a credential in a known format (an AWS access key, a private key)",
            "Revoke the credential (it is in the repository's history), then use lamb secrets set NAME and [function.secrets]"),
    PACKAGE_SECRET("package-secret", Severity.HIGH,
            "The package lamb deploys holds a literal value named like a secret, or a high-entropy string",
            "Take the secret out of the code; read it at run time from Secrets Manager through [function.secrets]"),
    PACKAGE_CREDENTIAL("package-credential", Severity.CRITICAL,
            "The package lamb deploys holds a credential in a known format (an AWS access key, a private key)",
            "Revoke the credential, remove the file or line from the package, and read secrets through [function.secrets]"),
    PACKAGE_DOTENV("package-dotenv", Severity.HIGH, "The package lamb deploys holds a .env file",
            "Leave .env files out of the package, and reference secrets in [function.secrets]"),
    RUNTIME_DEPRECATED("runtime-deprecated", Severity.HIGH, "The function runs on a runtime AWS has deprecated: no more security patches",
            "Move to the newest runtime of its family (runtime in lamb.toml) and deploy"),
    RUNTIME_DEPRECATION_SOON("runtime-deprecation-soon", Severity.MEDIUM, "The function's runtime is deprecated by AWS within 180 days",
            "Move to the newest runtime of its family (runtime in lamb.toml) and deploy"),
    LOG_GROUP_MISSING("log-group-missing", Severity.MEDIUM, "The function's log group does not exist: its logs may be lost",
            "Run lamb deploy, which creates it with log_retention_days, or aws logs create-log-group"),
    LOG_RETENTION_NONE("log-retention-none", Severity.LOW, "The function's log group has no retention: logs are kept, and paid for, forever",
            "Set log_retention_days in lamb.toml and deploy, or aws logs put-retention-policy"),
    TRACING_OFF("tracing-off", Severity.LOW, "X-Ray tracing is off",
            "Set tracing = true in lamb.toml and deploy"),
    ASYNC_NO_FAILURE_DESTINATION("async-no-failure-destination", Severity.LOW,
            "Asynchronous invocations that fail are dropped: no on-failure destination and no dead-letter queue",
            "Set on_failure in [function.async] and deploy"),
    CONCURRENCY_ZERO("concurrency-zero", Severity.MEDIUM, "Reserved concurrency is 0: every invocation is throttled",
            "Remove reserved_concurrency from lamb.toml (or set it above 0) and deploy"),
    RECURSION_ALLOW("recursion-allow", Severity.MEDIUM, "Recursive loop detection is off (Allow): a loop of invocations runs unchecked",
            "aws lambda put-function-recursion-config --recursive-loop Terminate"),
    SECRETS_POLICY_UNREFERENCED("secrets-policy-unreferenced", Severity.HIGH,
            "The lamb-secrets policy grants a secret the function no longer references",
            "Run lamb deploy, which grants exactly the secrets [function.secrets] references"),
    SECRETS_POLICY_WILDCARD("secrets-policy-wildcard", Severity.HIGH, "The lamb-secrets policy holds a wildcard",
            "Run lamb deploy, which grants each referenced secret by its ARN");

    private final String id;
    private final Severity severity;
    private final String title;
    private final String fix;

    Rule(String id, Severity severity, String title, String fix) {
        this.id = id;
        this.severity = severity;
        this.title = title;
        this.fix = fix;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    public String fix() {
        return fix;
    }

    /** A finding of this rule on {@code resource} (an ARN, or file:line), with this rule's fix. */
    public Finding at(String resource, String what) {
        return new Finding(id, severity, resource, what, fix);
    }
}
