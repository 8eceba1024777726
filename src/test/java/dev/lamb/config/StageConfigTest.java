package dev.lamb.config;

import static dev.lamb.config.ConfigTexts.message;
import static dev.lamb.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/** The production settings of lamb.toml (issue 15) and the precedence of [stage.NAME] over [function]. */
class StageConfigTest {
    private static final String FUNCTION = """
            [function]
            name = "hello"
            runtime = "python3.13"
            handler = "handler.handler"
            memory = 256
            reserved_concurrency = 10

            [function.environment]
            LOG_LEVEL = "INFO"
            TABLE = "items"

            [function.async]
            max_retries = 1
            on_failure = "arn:aws:sqs:us-east-1:123456789012:failed"

            [url]
            invoke_mode = "RESPONSE_STREAM"

            [url.cors]
            origins = ["https://example.com"]
            max_age = 300
            """;
    private static final String PROD = """

            [stage.prod]
            memory = 1024
            provisioned_concurrency = 2

            [stage.prod.environment]
            LOG_LEVEL = "WARN"

            [stage.prod.async]
            max_retries = 0

            [stage.prod.url]
            auth = "NONE"
            """;

    @Test
    void leftOutSettingsAreLambdasDefaultsOrLeftAlone() {
        ProjectConfig.Function fn = parse("""
                [function]
                name = "hello"
                runtime = "python3.13"
                handler = "handler.handler"
                """).function();
        assertEquals("", fn.description());
        assertEquals(OptionalInt.empty(), fn.ephemeralStorage());
        assertEquals(Optional.empty(), fn.layers());
        assertEquals(OptionalInt.empty(), fn.reservedConcurrency());
        assertEquals(0, fn.provisionedConcurrency());
        assertEquals(Optional.empty(), fn.async());
        assertEquals(Optional.empty(), fn.url());
    }

    @Test
    void functionTablesAreRead() {
        ProjectConfig.Function fn = parse(FUNCTION).function();
        assertEquals(OptionalInt.of(10), fn.reservedConcurrency());
        // max_event_age left out: Lambda's default, 6 hours (PutFunctionEventInvokeConfig).
        assertEquals(new AsyncSettings(1, 21600, "arn:aws:sqs:us-east-1:123456789012:failed", ""), fn.async().orElseThrow());
        UrlSettings url = fn.url().orElseThrow();
        assertEquals("AWS_IAM", url.auth());
        assertEquals("RESPONSE_STREAM", url.invokeMode());
        assertEquals(new UrlSettings.Cors(List.of("https://example.com"), List.of(), List.of(), List.of(), 300, false),
                url.cors().orElseThrow());
    }

    @Test
    void aStageOverridesValuesAndMergesTablesKeyByKey() {
        ProjectConfig dev = parse(FUNCTION + PROD);
        assertEquals("dev", dev.api().stage());
        assertEquals(256, dev.function().memory());

        ProjectConfig prod = dev.forStage("prod");
        assertEquals("prod", prod.api().stage());
        ProjectConfig.Function fn = prod.function();
        assertEquals(1024, fn.memory());
        assertEquals(2, fn.provisionedConcurrency());
        assertEquals(OptionalInt.of(10), fn.reservedConcurrency());
        assertEquals(Map.of("LOG_LEVEL", "WARN", "TABLE", "items"), fn.environment());
        assertEquals(new AsyncSettings(0, 21600, "arn:aws:sqs:us-east-1:123456789012:failed", ""), fn.async().orElseThrow());
        assertEquals("NONE", fn.url().orElseThrow().auth());
        assertEquals("RESPONSE_STREAM", fn.url().orElseThrow().invokeMode());
        assertEquals(300, fn.url().orElseThrow().cors().orElseThrow().maxAgeSeconds());

        assertEquals(256, prod.forStage("staging").function().memory(), "a stage without a table has [function]'s settings");
        assertEquals(Set.of("dev", "prod"), dev.stages().declared());
    }

    @Test
    void theDefaultStagesTableAppliesWithoutStage() {
        ProjectConfig config = parse(FUNCTION + "\n[api]\nstage = \"prod\"\n" + PROD);
        assertEquals(1024, config.function().memory());
    }

    @Test
    void aStageCanAddTablesTheFunctionLacks() {
        ProjectConfig prod = parse("""
                [function]
                name = "hello"
                runtime = "python3.13"
                handler = "handler.handler"

                [stage.prod.url]
                auth = "NONE"
                """).forStage("prod");
        assertEquals("NONE", prod.function().url().orElseThrow().auth());
        assertEquals(Optional.empty(), prod.forStage("dev").function().url());
    }

    @Test
    void badStageValuesNameTheStagesLine() {
        assertEquals("lamb.toml:24: stage.prod.memory must be a whole number from 128 to 10240 MB, not 64",
                message(FUNCTION + "\n[stage.prod]\nmemory = 64\n"));
        assertEquals("lamb.toml:24: unknown key 'stage.prod.memroy' (did you mean 'memory'?)",
                message(FUNCTION + "\n[stage.prod]\nmemroy = 64\n"));
        assertTrue(message(FUNCTION + "\n[stage.prod]\nreserved_concurrency = 5\n")
                .startsWith("lamb.toml:24: reserved concurrency belongs to the function, which every stage shares"));
        assertEquals("lamb.toml:23: '1' is not a stage name: " + StageName.RULE,
                message(FUNCTION + "\n[stage.1]\nmemory = 256\n"));
        assertEquals("lamb.toml:24: stage.prod.async.max_retries must be a whole number from 0 to 2 retries, not 3",
                message(FUNCTION + "\n[stage.prod.async]\nmax_retries = 3\n"));
    }

    @Test
    void badProductionValuesAreRefusedWithTheRule() {
        String base = "[function]\nname = \"hello\"\nruntime = \"python3.13\"\nhandler = \"h.h\"\n";
        assertEquals("lamb.toml:5: function.ephemeral_storage must be a whole number from 512 to 10240 MB, not 256",
                message(base + "ephemeral_storage = 256\n"));
        assertTrue(message(base + "layers = [\"my-layer\"]\n").startsWith("lamb.toml:5: 'my-layer' is not a layer version ARN"));
        // S3 buckets take failures only (the Lambda developer guide, "Capturing records of Lambda asynchronous invocations").
        assertEquals("lamb.toml:6: function.async.on_success: 'arn:aws:s3:::bucket' is not a destination for successes: give the "
                + "ARN of a function, an SQS queue, an SNS topic or an EventBridge event bus (Lambda sends S3 buckets failures only)",
                message(base + "[function.async]\non_success = \"arn:aws:s3:::bucket\"\n"));
        assertTrue(message(base + "[function.async]\non_failure = \"arn:aws:s3:::Bucket\"\n")
                .startsWith("lamb.toml:6: function.async.on_failure: 'arn:aws:s3:::Bucket' is not a destination for failures: give"));
        assertEquals("lamb.toml:6: url.auth must be \"AWS_IAM\" or \"NONE\", not 'IAM'", message(base + "[url]\nauth = \"IAM\"\n"));
        assertEquals("lamb.toml:6: function.async.max_event_age must be a whole number from 60 to 21600 seconds, not 30",
                message(base + "[function.async]\nmax_event_age = 30\n"));
        assertTrue(message(base + "[deploy]\nbucket = \"My_Bucket\"\n").startsWith("lamb.toml:6: 'My_Bucket' is not an S3 bucket name"));
    }

    @Test
    void destinationsOfEveryKindLambdaTakesAreAccepted() {
        String base = "[function]\nname = \"hello\"\nruntime = \"python3.13\"\nhandler = \"h.h\"\n[function.async]\non_failure = ";
        for (String arn : List.of("arn:aws:lambda:us-east-1:123456789012:function:dlq",
                "arn:aws:lambda:us-east-1:123456789012:function:dlq:live", "arn:aws:sqs:eu-west-1:123456789012:q",
                "arn:aws:sns:us-east-1:123456789012:topic", "arn:aws:events:us-east-1:123456789012:event-bus/default",
                "arn:aws:s3:::failed-events")) {
            assertEquals(arn, parse(base + "\"" + arn + "\"\n").function().async().orElseThrow().onFailure());
        }
    }

    /**
     * Review 16, item 5: the Lambda developer guide's "Capturing records of Lambda asynchronous invocations" takes a
     * standard SQS queue or SNS topic, and says delivery to an SQS FIFO queue or an SNS FIFO topic fails. So lamb.toml
     * may not name one: one line, exit 2 (message() checks the code), for successes and failures alike.
     */
    @Test
    void fifoQueuesAndTopicsAreRefusedAsDestinations() {
        String base = "[function]\nname = \"hello\"\nruntime = \"python3.13\"\nhandler = \"h.h\"\n[function.async]\n";
        assertEquals("lamb.toml:6: function.async.on_failure: 'arn:aws:sqs:eu-west-1:123456789012:q.fifo' is not a destination for "
                + "failures: give the ARN of a function, an SQS queue, an SNS topic, an EventBridge event bus or an S3 bucket "
                + "(a standard queue or topic: Lambda does not send records to FIFO ones)",
                message(base + "on_failure = \"arn:aws:sqs:eu-west-1:123456789012:q.fifo\"\n"));
        assertEquals("lamb.toml:6: function.async.on_success: 'arn:aws:sns:us-east-1:123456789012:t.fifo' is not a destination for "
                + "successes: give the ARN of a function, an SQS queue, an SNS topic or an EventBridge event bus "
                + "(a standard queue or topic: Lambda does not send records to FIFO ones)",
                message(base + "on_success = \"arn:aws:sns:us-east-1:123456789012:t.fifo\"\n"));
    }

    @Test
    void aBadStageOnTheCommandLineIsAUsageError() {
        LambException e = assertThrows(LambException.class, () -> parse(FUNCTION).forStage("12"));
        assertEquals("--stage 12 is not a stage name: " + StageName.RULE, e.getMessage());
    }

    @Test
    void aStageCanGoWithoutTheUrlOrAsyncTableFunctionGives() {
        ProjectConfig prod = parse(FUNCTION + "\n[stage.prod]\nurl = false\nasync = false\n").forStage("prod");
        assertEquals(Optional.empty(), prod.function().url());
        assertEquals(Optional.empty(), prod.function().async());
        assertTrue(parse(FUNCTION + "\n[stage.prod]\nmemory = 256\n").forStage("prod").function().url().isPresent());
        assertEquals("lamb.toml:24: stage.prod.url must be a table ([stage.prod.url]) or false",
                message(FUNCTION + "\n[stage.prod]\nurl = true\n"));
    }

    @Test
    void aStageNameALetterFromANamedOneIsTakenForATypo() {
        ProjectConfig config = parse(FUNCTION + PROD);
        LambException e = assertThrows(LambException.class, () -> config.forStage("prdo"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("--stage prdo is not a stage of lamb.toml: did you mean 'prod'? (to deploy a new stage of that name, "
                + "add a [stage.prdo] table)", e.getMessage());
        assertEquals(256, config.forStage("staging").function().memory(), "a new stage far from any named one is deployed");
    }
}
