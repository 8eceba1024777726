package dev.lamb.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where AWS calls go. Plain values only: the SDK clients are built from them lazily by the commands
 * that talk to AWS, so that nothing of the SDK is loaded on the way to --help or init.
 */
public final class AwsOptions {
    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "AWS profile from ~/.aws/config (default: $AWS_PROFILE, then the default chain).")
    String profile;

    @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION",
            description = "AWS region (default: $AWS_REGION, then the profile's region).")
    String region;

    @Option(names = "--endpoint-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Send AWS calls to this endpoint instead (LocalStack, moto, ...); default: $AWS_ENDPOINT_URL.")
    String endpointUrl;

    @Option(names = "--local", scope = ScopeType.INHERIT,
            description = "Use lamb's local cloud on 127.0.0.1 instead of AWS.")
    boolean local;

    /** The region to use: --region, then $AWS_REGION, then $AWS_DEFAULT_REGION, then the fallback. */
    String regionOr(String fallback) {
        for (String candidate : new String[] {region, System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return fallback;
    }
}
