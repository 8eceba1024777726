package dev.lamb.invoke;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.aws.AwsTarget;
import dev.lamb.aws.FunctionRoles;
import dev.lamb.config.ProjectConfig;
import dev.lamb.deploy.DeployNames;
import dev.lamb.deploy.SecretResolver;
import dev.lamb.lambda.FunctionCredentials;
import dev.lamb.local.runtime.FunctionsAccess;
import dev.lamb.local.runtime.LocalRun;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a function run on this machine (`lamb invoke --local`, `lamb serve`) calls AWS as, and where: by default
 * what Lambda gives it, against the local cloud (its endpoint, its region, the function's role's credentials from
 * its STS); with --aws-credentials, the developer's own credentials and region, against AWS. Nothing else of the
 * developer's AWS configuration reaches the function: the engine gives it a clean environment.
 */
public final class LocalRunAccess {
    private LocalRunAccess() {}

    /**
     * Against the local cloud at {@code cloud}: the role the function has there (deployed), else the one `lamb deploy
     * --local` would give it. When that role is not there, one line says so and the function runs with the cloud's
     * test credentials, which the cloud allows everything, rather than not at all.
     */
    public static LocalRun localCloud(AwsTarget cloud, ProjectConfig config, Consumer<String> progress) {
        String function = config.function().name();
        String wanted = DeployNames.of(config, cloud.region()).role();
        Optional<String> role = FunctionRoles.of(cloud, function, wanted.substring(wanted.lastIndexOf('/') + 1));
        FunctionsAccess access = FunctionsAccess.none().withEndpoint(cloud.endpoint().toString())
                .withVariables(secretVariables(cloud, config, progress));
        if (role.isEmpty()) {
            progress.accept("lamb: the role " + wanted + " is not on the local cloud (" + function + " was never deployed there): "
                    + "the function runs with the local cloud's test credentials; 'lamb deploy --local' creates its role");
            FunctionCredentials test = new FunctionCredentials(cloud.keys().accessKeyId(), cloud.keys().secretAccessKey(), null, null);
            return new LocalRun(cloud.region(), access.withCredentials(spec -> Optional.of(test)));
        }
        String roleArn = role.get();
        return new LocalRun(cloud.region(), access.withCredentials(spec -> Optional.of(FunctionRoles.assume(cloud, roleArn, spec.name()))));
    }

    /** The developer's credentials and region as lamb resolves them for AWS, no endpoint: said once, since the function then reaches AWS. */
    public static LocalRun developers(AwsTarget target, ProjectConfig config, Consumer<String> progress) {
        FunctionCredentials mine = FunctionRoles.resolved(target);
        progress.accept("lamb: --aws-credentials: the function runs with your AWS credentials (" + mine.accessKeyId().substring(0,
                Math.min(4, mine.accessKeyId().length())) + "...) in " + target.region() + ", and its AWS calls reach AWS");
        // Asked again for each instance: credentials the SDK refreshes (SSO, a role) may have changed since.
        return new LocalRun(target.region(), new FunctionsAccess(null, spec -> Optional.of(FunctionRoles.resolved(target)),
                secretVariables(target, config, progress)));
    }

    /**
     * NAME_SECRET_ARN for each of the stage's [function.secrets], resolved at {@code where} as deploy resolves them (a missing
     * one is exit 4): the function then reads the secret itself, with its own credentials, and is refused what its role may
     * not read, as on AWS.
     */
    private static Map<String, String> secretVariables(AwsTarget where, ProjectConfig config, Consumer<String> progress) {
        if (config.function().secrets().isEmpty()) {
            return Map.of();
        }
        try (AwsClients aws = new AwsClients(where, progress)) {
            Map<String, String> out = new TreeMap<>();
            new SecretResolver(aws, where.region(), config.api().stage(), config.dir(), progress).resolve(config.function().secrets()).values()
                    .forEach(secret -> out.put(secret.variable(), secret.variableValue()));
            return out;
        } catch (SdkException e) {
            throw AwsErrors.translate(e);
        }
    }
}
