package dev.lamb.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsErrors;
import dev.lamb.config.AsyncSettings;
import dev.lamb.config.Permissions;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.StageName;
import dev.lamb.config.UrlSettings;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Cors;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetProvisionedConcurrencyConfigResponse;
import software.amazon.awssdk.services.lambda.model.Layer;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * `lamb init --from-function`: reads a deployed function's configuration (GetFunction), its reserved concurrency
 * (GetFunctionConcurrency) and log group retention, and downloads its code. Read calls only.
 *
 * <p>Deploy applies asynchronous invocation, the Function URL and provisioned concurrency to the alias of the
 * default stage, so those are read from that alias (Qualifier) when it exists: the config callers use is then the
 * one lamb manages. Without the alias, they are read from the function itself and {@link ImportedFunction#onAlias()}
 * is false: lamb.toml then writes them commented out, since deploying them would make a second URL and config.
 */
public final class FunctionImporter {
    private final AwsClients aws;
    private final String region;

    public FunctionImporter(AwsClients aws, String region) {
        this.aws = aws;
        this.region = region;
    }

    /** The function's settings; exit 4 naming it when it does not exist. */
    public ImportedFunction read(String name) {
        LambdaClient lambda = aws.lambda();
        try {
            GetFunctionResponse got;
            try {
                got = lambda.getFunction(r -> r.functionName(name));
            } catch (ResourceNotFoundException e) {
                throw new LambException(ExitCode.NOT_FOUND, "function " + name + " does not exist in " + region
                        + ": check the name and --region (lamb init --from-function takes a deployed function)");
            }
            FunctionConfiguration c = got.configuration();
            String alias = DeployNames.aliasOf(StageName.DEFAULT);
            boolean onAlias = aliasExists(name, alias);
            String qualifier = onAlias ? alias : null;
            String logGroup = c.loggingConfig() == null || c.loggingConfig().logGroup() == null ? "" : c.loggingConfig().logGroup();
            String ownGroup = "/aws/lambda/" + c.functionName();
            Optional<Integer> retention = retention(logGroup.isEmpty() ? ownGroup : logGroup);
            ProjectConfig.Function fn = new ProjectConfig.Function(c.functionName(), c.runtimeAsString(), c.handler(),
                    c.hasArchitectures() && !c.architectures().isEmpty() ? c.architecturesAsStrings().get(0) : "x86_64",
                    c.memorySize(), c.timeout(), retention.orElse(14), logGroup.equals(ownGroup) ? "" : logGroup,
                    c.loggingConfig() == null || c.loggingConfig().logFormat() == null ? "Text"
                            : c.loggingConfig().logFormatAsString(),
                    c.tracingConfig() != null && "Active".equals(c.tracingConfig().modeAsString()),
                    c.environment() == null || c.environment().variables() == null ? Map.of() : c.environment().variables(),
                    c.role(), c.description() == null ? "" : c.description(),
                    OptionalInt.of(c.ephemeralStorage() == null ? 512 : c.ephemeralStorage().size()),
                    Optional.of(c.hasLayers() ? c.layers().stream().map(Layer::arn).toList() : List.of()), reservedConcurrency(name),
                    onAlias ? provisionedConcurrency(name, alias) : 0, async(name, qualifier), url(name, qualifier), Map.of(),
                    Permissions.NONE);
            return new ImportedFunction(fn, retention.isPresent(), got.code() == null ? null : got.code().location(), alias, onAlias);
        } catch (SdkException e) {
            throw AwsErrors.translate(e);
        }
    }

    /** The zip at GetFunction's Code.Location (a presigned S3 URL on AWS; the local cloud serves its own). */
    public byte[] download(String location) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw LambException.failed("downloading the function's code answered HTTP " + response.statusCode()
                        + ": run the command again (the code's link is valid for 10 minutes)");
            }
            return response.body();
        } catch (IOException e) {
            throw LambException.io("could not download the function's code", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LambException.failed("interrupted while downloading the function's code");
        }
    }

    private Optional<Integer> retention(String logGroup) {
        return aws.logs().describeLogGroupsPaginator(r -> r.logGroupNamePrefix(logGroup)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(logGroup)).findFirst().map(g -> g.retentionInDays());
    }

    private OptionalInt reservedConcurrency(String name) {
        Integer reserved = aws.lambda().getFunctionConcurrency(r -> r.functionName(name)).reservedConcurrentExecutions();
        return reserved == null ? OptionalInt.empty() : OptionalInt.of(reserved);
    }

    private boolean aliasExists(String name, String alias) {
        try {
            aws.lambda().getAlias(r -> r.functionName(name).name(alias));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private int provisionedConcurrency(String name, String alias) {
        GetProvisionedConcurrencyConfigResponse config = ProvisionedConcurrencyStep.read(aws.lambda(), name, alias);
        return config == null || config.requestedProvisionedConcurrentExecutions() == null ? 0
                : config.requestedProvisionedConcurrentExecutions();
    }

    /** {@code qualifier} null: the function's own config. */
    private Optional<AsyncSettings> async(String name, String qualifier) {
        GetFunctionEventInvokeConfigResponse config;
        try {
            config = aws.lambda().getFunctionEventInvokeConfig(r -> r.functionName(name).qualifier(qualifier));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        String onFailure = "";
        String onSuccess = "";
        if (config.destinationConfig() != null) {
            if (config.destinationConfig().onFailure() != null && config.destinationConfig().onFailure().destination() != null) {
                onFailure = config.destinationConfig().onFailure().destination();
            }
            if (config.destinationConfig().onSuccess() != null && config.destinationConfig().onSuccess().destination() != null) {
                onSuccess = config.destinationConfig().onSuccess().destination();
            }
        }
        return Optional.of(new AsyncSettings(
                config.maximumRetryAttempts() == null ? AsyncSettings.DEFAULT_RETRIES : config.maximumRetryAttempts(),
                config.maximumEventAgeInSeconds() == null ? AsyncSettings.DEFAULT_EVENT_AGE_SECONDS
                        : config.maximumEventAgeInSeconds(), onFailure, onSuccess));
    }

    private Optional<UrlSettings> url(String name, String qualifier) {
        GetFunctionUrlConfigResponse config;
        try {
            config = aws.lambda().getFunctionUrlConfig(r -> r.functionName(name).qualifier(qualifier));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        Cors cors = config.cors();
        Optional<UrlSettings.Cors> settings = cors == null ? Optional.empty() : Optional.of(new UrlSettings.Cors(
                cors.allowOrigins(), cors.allowMethods(), cors.allowHeaders(), cors.exposeHeaders(),
                cors.maxAge() == null ? 0 : cors.maxAge(), Boolean.TRUE.equals(cors.allowCredentials())));
        // Upper-cased: moto answers "Buffered" where the service model's enum is BUFFERED.
        return Optional.of(new UrlSettings(config.authTypeAsString(), config.invokeModeAsString() == null ? UrlSettings.BUFFERED
                : config.invokeModeAsString().toUpperCase(Locale.ROOT), settings));
    }
}
