package dev.lamb.local.cloud.ssm;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.ValidationMessage;

/**
 * What PutParameter asks of a value (its AllowedPattern, its tier's size) and what a SecureString reads as without
 * WithDecryption. The value may be a secret: no error here quotes it.
 */
final class ParameterValues {
    /** The largest value of each tier (User Guide, "Managing parameter tiers"). */
    private static final int STANDARD_MAX_VALUE = 4096;
    private static final int ADVANCED_MAX_VALUE = 8192;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The first bytes of a KMS ciphertext blob, so that an undecrypted value looks like AWS's ({@code AQICAH...}). */
    private static final byte[] BLOB_HEADER = {1, 2, 2, 0, 0x78};

    private ParameterValues() {}

    /** Refuses a value the parameter's AllowedPattern does not match, without quoting the value (it may be a secret). */
    static void checkPattern(String pattern, String value) {
        if (pattern == null || pattern.isEmpty()) {
            return;
        }
        boolean matches;
        try {
            matches = Pattern.compile(pattern).matcher(value).matches();
        } catch (PatternSyntaxException e) {
            throw new AwsServiceException(400, "InvalidAllowedPatternException", "The request does not meet the regular expression "
                    + "requirement: " + pattern);
        }
        if (!matches) {
            throw new AwsServiceException(400, "ParameterPatternMismatchException",
                    "Parameter value failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern);
        }
    }

    /** The tier a version is put in: as asked, else as the parameter was; Intelligent-Tiering picks by the value's size. */
    static String tier(String asked, Optional<ParameterVersion> last, String value) {
        String tier = asked != null ? asked : last.map(ParameterVersion::tier).orElse("Standard");
        if ("Intelligent-Tiering".equals(tier)) {
            tier = value.length() > STANDARD_MAX_VALUE ? "Advanced" : "Standard";
        }
        if (!Set.of("Standard", "Advanced").contains(tier)) {
            throw SsmErrors.validation(ValidationMessage.of(tier, "Tier",
                    "Member must satisfy enum value set: [Advanced, Intelligent-Tiering, Standard]"));
        }
        if ("Standard".equals(tier) && value.length() > STANDARD_MAX_VALUE) {
            throw SsmErrors.validation("Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger "
                    + "parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see "
                    + "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html");
        }
        if (value.length() > ADVANCED_MAX_VALUE) {
            throw SsmErrors.validation(ValidationMessage.withoutValue("Value", "Member must have length less than or equal to 8192"));
        }
        return tier;
    }

    /** An opaque stand-in for KMS's ciphertext: random, as long as the value makes AWS's, never derived from the value. */
    static String ciphertext(String value) {
        byte[] blob = new byte[BLOB_HEADER.length + 160 + value.length()];
        RANDOM.nextBytes(blob);
        System.arraycopy(BLOB_HEADER, 0, blob, 0, BLOB_HEADER.length);
        return Base64.getEncoder().encodeToString(blob);
    }
}
