package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.lamb.config.AsyncSettings;

/**
 * The role's permission for [function.async] destinations: the actions the Lambda developer guide's "Adding a
 * destination" lists per destination type (lambda:InvokeFunction, sqs:SendMessage, sns:Publish, events:PutEvents,
 * s3:PutObject with s3:ListBucket),
 * each on exactly the ARNs lamb.toml names.
 */
class DestinationPolicyTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:sink";
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:failed";
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:done";
    private static final String BUS = "arn:aws:events:us-east-1:123456789012:event-bus/default";

    @Test
    void eachDestinationGetsItsServicesOneActionOnItsArnAlone() {
        PolicyDocument policy = DestinationPolicy.allowing(Set.of(FUNCTION, QUEUE, TOPIC, BUS));
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"events:PutEvents\",\"Resource\":[\"" + BUS + "\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":[\"" + FUNCTION + "\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":[\"" + TOPIC + "\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":[\"" + QUEUE + "\"]}]}", policy.json());
        assertEquals("allow events:PutEvents on " + BUS + "; allow lambda:InvokeFunction on " + FUNCTION + "; allow sns:Publish on "
                + TOPIC + "; allow sqs:SendMessage on " + QUEUE, policy.describe());
    }

    /**
     * An S3 bucket (on failure only) takes s3:PutObject on its objects and s3:ListBucket on the bucket, as the developer
     * guide's table of destinations lists them; the bucket ARN names the bucket, arn/* its objects (S3's resource types).
     */
    @Test
    void aBucketGetsPutObjectOnItsObjectsAndListBucketOnItself() {
        String bucket = "arn:aws:s3:::failed-events";
        PolicyDocument policy = DestinationPolicy.allowing(List.of(bucket, QUEUE));
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":[\"" + bucket + "\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":[\"" + bucket + "/*\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":[\"" + QUEUE + "\"]}]}", policy.json());
    }

    @Test
    void aDocumentReadBackUrlEncodedAsIamReturnsItIsTheSamePolicy() {
        PolicyDocument policy = DestinationPolicy.allowing(List.of(QUEUE));
        assertEquals(policy, PolicyDocument.parse(URLEncoder.encode(policy.json(), StandardCharsets.UTF_8)));
        assertEquals(policy, PolicyDocument.parse(policy.json()));
        assertNotEquals(policy, DestinationPolicy.allowing(List.of(QUEUE, TOPIC)));
    }

    @Test
    void differencesNameEachKeyThatDiffers() {
        AsyncSettings wanted = new AsyncSettings(0, 3600, QUEUE, "");
        assertEquals(List.of("max_retries none -> 0", "max_event_age none -> 3600", "on_failure none -> " + QUEUE),
                AsyncStep.differences((AsyncStatus) null, wanted));
        assertEquals(List.of("max_retries 2 -> 0"), AsyncStep.differences(new AsyncStatus(2, 3600, QUEUE, null), wanted));
        assertEquals(List.of(), AsyncStep.differences(new AsyncStatus(0, 3600, QUEUE, null), wanted));
    }
}
