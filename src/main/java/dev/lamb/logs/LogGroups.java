package dev.lamb.logs;

import java.util.Optional;

import dev.lamb.aws.AwsClients;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/** Which log group a function writes to, and whether that group exists yet. */
public final class LogGroups {
    private LogGroups() {}

    /**
     * The deployed function's LoggingConfig.LogGroup (a custom group is honoured), else Lambda's default
     * /aws/lambda/NAME; when the function cannot be read (not deployed, or no lambda:GetFunctionConfiguration),
     * {@code fallbackGroup}, since its logs may well outlive it.
     */
    static LogGroupRef forFunction(AwsClients aws, String function, String fallbackGroup) {
        try {
            GetFunctionConfigurationResponse config = aws.lambda().getFunctionConfiguration(r -> r.functionName(function));
            return new LogGroupRef(function, of(function, config.loggingConfig() == null ? null : config.loggingConfig().logGroup()), null);
        } catch (AwsServiceException e) {
            int status = e.statusCode();
            if (status == 404 || status == 403 || Calls.notFound(e)) {
                return new LogGroupRef(function, fallbackGroup, null);
            }
            throw e;
        }
    }

    /** The group of a deployed function: its LoggingConfig.LogGroup when set, else Lambda's default /aws/lambda/NAME. */
    public static String of(String function, String loggingConfigGroup) {
        return loggingConfigGroup == null || loggingConfigGroup.isBlank() ? "/aws/lambda/" + function : loggingConfigGroup;
    }

    /** The group's ARN (without the trailing :*) when it exists. */
    static Optional<String> arnOf(Calls calls, AwsClients aws, String name) {
        String token = null;
        do {
            String page = token;
            var response = calls.call(() -> aws.logs().describeLogGroups(r -> r.logGroupNamePrefix(name).nextToken(page)));
            for (LogGroup g : response.logGroups()) {
                if (g.logGroupName().equals(name)) {
                    String arn = g.logGroupArn() != null ? g.logGroupArn() : g.arn();
                    if (arn == null) {
                        arn = "";
                    }
                    return Optional.of(arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn);
                }
            }
            token = response.nextToken() == null || response.nextToken().equals(token) ? null : response.nextToken();
        } while (token != null);
        return Optional.empty();
    }
}
