package dev.lamb.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.lambda.ReportLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Invokes a deployed function synchronously with its log tail (the last 4 KB Lambda returns with
 * LogType Tail), as the same {@link InvocationResult} a local run gives, so that both show alike.
 */
public final class RemoteInvoker {
    private RemoteInvoker() {}

    /**
     * Invokes {@code function:qualifier} at {@code target}: empty when there is no such function at all;
     * any other error (a missing alias included) is thrown.
     */
    public static Optional<InvocationResult> invoke(AwsTarget target, String function, String qualifier, byte[] event) {
        try (AwsClients aws = new AwsClients(target)) {
            try {
                return Optional.of(invoke(aws.lambda(), function, qualifier, event));
            } catch (ResourceNotFoundException e) {
                // Lambda says the same for a missing function and a missing alias: only the first is "not deployed".
                if (!exists(aws, function)) {
                    return Optional.empty();
                }
                throw e;
            }
        }
    }

    /**
     * Sends {@code function:qualifier} an asynchronous (Event) invocation at {@code target}: the request id its attempts
     * will carry once Lambda has queued it (202), or empty when there is no such function at all.
     */
    public static Optional<String> invokeEvent(AwsTarget target, String function, String qualifier, byte[] event) {
        try (AwsClients aws = new AwsClients(target)) {
            try {
                InvokeResponse response = aws.lambda().invoke(r -> r.functionName(function).qualifier(qualifier)
                        .invocationType(InvocationType.EVENT).payload(SdkBytes.fromByteArrayUnsafe(event)));
                return Optional.of(response.responseMetadata().requestId());
            } catch (ResourceNotFoundException e) {
                if (!exists(aws, function)) {
                    return Optional.empty();
                }
                throw e;
            }
        }
    }

    /** The version an alias (or a version) names, and the CodeSha256 of its code. */
    public record Deployed(String version, String codeSha256) {}

    /** What {@code function:qualifier} runs at {@code target}; empty when there is no such function or qualifier. */
    public static Optional<Deployed> deployed(AwsTarget target, String function, String qualifier) {
        try (AwsClients aws = new AwsClients(target)) {
            GetFunctionConfigurationResponse config = aws.lambda().getFunctionConfiguration(r -> r.functionName(function).qualifier(qualifier));
            return Optional.of(new Deployed(config.version(), config.codeSha256()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static boolean exists(AwsClients aws, String function) {
        try {
            aws.lambda().getFunction(r -> r.functionName(function));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    public static InvocationResult invoke(LambdaClient lambda, String function, String qualifier, byte[] event) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(function).qualifier(qualifier).logType(LogType.TAIL)
                .payload(SdkBytes.fromByteArrayUnsafe(event)));
        List<String> lines = tail(response.logResult());
        ReportLine report = null;
        for (String line : lines) {
            report = ReportLine.parse(line).orElse(report);
        }
        byte[] payload = response.payload() == null ? new byte[0] : response.payload().asByteArrayUnsafe();
        return new InvocationResult(response.responseMetadata().requestId(), payload, response.functionError(), lines, report, null);
    }

    /** The decoded log tail, one entry a line; the first may be cut, since Lambda keeps only the last 4 KB. */
    static List<String> tail(String logResult) {
        if (logResult == null || logResult.isEmpty()) {
            return List.of();
        }
        String text = new String(Base64.getDecoder().decode(logResult), StandardCharsets.UTF_8);
        return text.lines().filter(l -> !l.isEmpty()).toList();
    }
}
