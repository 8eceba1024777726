package dev.lamb.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Consumer;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsTarget;
import dev.lamb.aws.Regions;
import dev.lamb.local.cloud.LocalCloudCredentials;
import dev.lamb.local.cloud.LocalCloudHome;
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
            description = "Use lamb's local cloud on 127.0.0.1 ($LAMB_LOCAL_PORT, else 4588) instead of AWS; starts one if none runs.")
    boolean local;

    /**
     * Where this run's AWS calls go. With --local, the local cloud on $LAMB_LOCAL_PORT (else 4588), started
     * detached if none answers there, which {@code notice} says in one line.
     */
    AwsTarget target(Consumer<String> notice) {
        return local ? localCloud(notice) : aws();
    }

    /** AWS itself (or --endpoint-url), with the profile and region as given or resolved: where calls go without --local. */
    AwsTarget aws() {
        String endpoint = endpointUrl != null ? endpointUrl : System.getenv("AWS_ENDPOINT_URL");
        return new AwsTarget(profile, resolvedRegion(), endpoint == null || endpoint.isBlank() ? null : endpointUri(endpoint), false);
    }

    /**
     * The local cloud on $LAMB_LOCAL_PORT (else 4588), started detached if none answers there, which {@code notice}
     * says in one line: where --local sends calls, and what functions run on this machine call.
     */
    AwsTarget localCloud(Consumer<String> notice) {
        if (endpointUrl != null || profile != null) {
            throw LambException.usage("--local sends calls to lamb's local cloud: drop " + (endpointUrl != null ? "--endpoint-url" : "--profile"));
        }
        if (region != null && !region.equals(AwsTarget.LOCAL_REGION)) {
            throw LambException.usage("the local cloud is in " + AwsTarget.LOCAL_REGION + ": drop --region " + region);
        }
        LocalCloudHome home = LocalCloudHome.of(null);
        return localCloud(home, home.connect(LocalCloudHome.defaultPort(), notice));
    }

    /** A cloud started with --auth verifies against the keys in its data folder; any others would do elsewhere. */
    private static AwsTarget localCloud(LocalCloudHome home, URI endpoint) {
        return LocalCloudCredentials.of(home.dataDir())
                .map(k -> AwsTarget.localCloud(endpoint, new AwsTarget.Keys(k.accessKeyId(), k.secretAccessKey())))
                .orElseGet(() -> AwsTarget.localCloud(endpoint));
    }

    /** --region, $AWS_REGION, $AWS_DEFAULT_REGION, else the profile's region; none is exit 3 with how to set one. */
    private String resolvedRegion() {
        String given = regionOr(null);
        if (given != null) {
            return given;
        }
        return Regions.ofProfile(profile).orElseThrow(() -> new LambException(ExitCode.AUTH,
                "no AWS region: pass --region, set AWS_REGION, or set one in the profile (aws configure); or use --local"));
    }

    private static URI endpointUri(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(endpoint, "no scheme or host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw LambException.usage("--endpoint-url " + endpoint + " is not a URL like http://127.0.0.1:4566");
        }
    }

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
