package dev.lamb.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The KMS key a KmsKeyId names. Expected values: KMS's ARN formats (arn:aws:kms:REGION:ACCOUNT:key/KEY_ID and
 * ...:alias/ALIAS_NAME) and its "AWS managed keys" (aliases of the form aws/SERVICE).
 */
class KmsKeysTest {
    @Test
    void aKeyIdIsTheKeysArnInTheGivenAccountAndRegion() {
        assertEquals("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                KmsKeys.keyArn("aws", "eu-west-1", "123456789012", "1234abcd-12ab-34cd-56ef-1234567890ab"));
    }

    @Test
    void anAliasIsTheAliasArnAndAnArnStaysAsGiven() {
        assertEquals("arn:aws:kms:us-east-1:123456789012:alias/app", KmsKeys.keyArn("aws", "us-east-1", "123456789012", "alias/app"));
        String arn = "arn:aws-cn:kms:cn-north-1:123456789012:key/k1";
        assertEquals(arn, KmsKeys.keyArn("aws", "us-east-1", "000000000000", arn));
    }

    @Test
    void awsManagedKeysAreTheAwsAliasesAsAliasesOrArns() {
        assertTrue(KmsKeys.isAwsManaged("alias/aws/secretsmanager"));
        assertTrue(KmsKeys.isAwsManaged("arn:aws:kms:us-east-1:123456789012:alias/aws/ssm"));
        assertFalse(KmsKeys.isAwsManaged("alias/app"));
        assertFalse(KmsKeys.isAwsManaged("1234abcd-12ab-34cd-56ef-1234567890ab"));
    }
}
