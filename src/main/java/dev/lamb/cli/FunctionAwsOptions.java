package dev.lamb.cli;

import java.util.function.Consumer;

import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.invoke.LocalRunAccess;
import dev.lamb.local.runtime.LocalRun;
import picocli.CommandLine.Option;

/**
 * What a function run on this machine calls AWS as: by default its role, against the local cloud, as Lambda would;
 * with --aws-credentials, the developer's own credentials and region, against AWS.
 */
final class FunctionAwsOptions {
    @Option(names = "--aws-credentials", description = "Run the function on this machine with your AWS credentials and region "
            + "(the SDK's default chain, or --profile), its AWS calls reaching AWS, instead of its role's credentials from "
            + "the local cloud.")
    boolean awsCredentials;

    /** Where the function's calls go and as whom, as these options and the AWS options say. */
    LocalRun run(AwsOptions aws, ProjectConfig config, Consumer<String> progress) {
        if (!awsCredentials && (aws.profile != null || aws.endpointUrl != null)) {
            throw LambException.usage("the function calls lamb's local cloud, as its role: drop "
                    + (aws.profile != null ? "--profile" : "--endpoint-url") + ", or add --aws-credentials to run it with yours");
        }
        return awsCredentials ? LocalRunAccess.developers(aws.aws(), config, progress)
                : LocalRunAccess.localCloud(aws.localCloud(progress), config, progress);
    }
}
