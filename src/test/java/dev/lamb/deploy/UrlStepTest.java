package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.lamb.config.UrlSettings;
import software.amazon.awssdk.services.lambda.model.Cors;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;

/**
 * What a deploy changes on an existing Function URL: auth, invoke mode (absent in an answer means BUFFERED, the
 * CreateFunctionUrlConfig default) and CORS, where Lambda's absent lists, MaxAge and AllowCredentials equal empty, 0, false.
 */
class UrlStepTest {
    private static final UrlSettings PUBLIC = new UrlSettings(UrlSettings.AUTH_NONE, UrlSettings.BUFFERED, Optional.empty());

    @Test
    void aUrlAsLambdaAnswersItWithoutCorsIsUnchanged() {
        assertEquals(List.of(), UrlStep.differences(GetFunctionUrlConfigResponse.builder().authType("NONE").build(), PUBLIC));
        assertEquals(List.of(), UrlStep.differences(GetFunctionUrlConfigResponse.builder().authType("NONE")
                .invokeMode("BUFFERED").cors(Cors.builder().build()).build(), PUBLIC));
    }

    @Test
    void eachDifferenceIsNamed() {
        UrlSettings wanted = new UrlSettings(UrlSettings.AUTH_IAM, UrlSettings.RESPONSE_STREAM,
                Optional.of(new UrlSettings.Cors(List.of("https://app.example"), List.of(), List.of(), List.of(), 60, false)));
        assertEquals(List.of("auth NONE -> AWS_IAM", "invoke mode BUFFERED -> RESPONSE_STREAM", "CORS"),
                UrlStep.differences(GetFunctionUrlConfigResponse.builder().authType("NONE").build(), wanted));
        assertEquals(List.of(), UrlStep.differences(GetFunctionUrlConfigResponse.builder().authType("AWS_IAM")
                .invokeMode("RESPONSE_STREAM").cors(UrlStep.cors(wanted)).build(), wanted));
    }

    @Test
    void theStatementIdsAreTheSameOnEveryDeploy() {
        assertEquals(List.of("lamb-url-InvokeFunctionUrl", "lamb-url-InvokeFunction"),
                List.of(DeployNames.urlStatementId(UrlStep.INVOKE_URL), DeployNames.urlStatementId(UrlStep.INVOKE)));
    }
}
