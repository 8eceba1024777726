package dev.lamb.local.cloud.ssm;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.LocalAccount;

/**
 * Parameter names as Parameter Store reads them (SSM API Reference, PutParameter's Name, and the User Guide's
 * "Requirements and constraints for parameter names"): letters, digits and {@code _.-}, {@code /} between the levels
 * of a hierarchy, which starts with {@code /} and is at most 15 levels deep; no {@code aws} or {@code ssm} prefix. A
 * read may name a parameter by its ARN, and a version with {@code name:version}.
 */
final class ParameterNames {
    /** The longest name one may create: 2048 less what Systems Manager keeps for itself. */
    static final int MAX_LENGTH = 1011;
    static final int MAX_LEVELS = 15;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:ssm:[a-z0-9-]+:\\d{12}:parameter/(.+)");
    static final String INVALID = "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, "
            + "it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the "
            + "following 3 symbols .-_";

    private ParameterNames() {}

    /** What a read names: a parameter, and one version of it when the name ends in {@code :version}. */
    record Reference(String name, String selector) {
        /** The version a numeric selector names; null for the latest, -1 for a label (Parameter Store's other selector). */
        Long version() {
            if (selector == null) {
                return null;
            }
            String v = selector.substring(1);
            return v.matches("\\d{1,18}") ? Long.parseLong(v) : -1L;
        }
    }

    /** A name, an ARN, either with a selector; names hold no {@code :}, so the last one starts the selector. */
    static Reference reference(String given) {
        String name = given;
        Matcher arn = ARN.matcher(given);
        if (arn.matches()) {
            name = arn.group(1).contains("/") ? "/" + arn.group(1) : arn.group(1);
        }
        int colon = name.lastIndexOf(':');
        return colon < 0 ? new Reference(name, null) : new Reference(name.substring(0, colon), name.substring(colon));
    }

    /** The one key a name is kept under: at the top of the hierarchy {@code /name} and {@code name} are one parameter. */
    static String key(String name) {
        String bare = name.startsWith("/") ? name.substring(1) : name;
        return bare.contains("/") ? name : bare;
    }

    /** The name as a path, with its leading slash, for comparing with a hierarchy's path. */
    static String path(String name) {
        return name.startsWith("/") ? name : "/" + name;
    }

    /** The parameter's ARN as AWS makes it: {@code parameter/} and the name, without the name's leading slash. */
    static String arn(String region, String name) {
        return "arn:aws:ssm:" + region + ":" + LocalAccount.ID + ":parameter/" + (name.startsWith("/") ? name.substring(1) : name);
    }

    /** Refuses a name PutParameter would refuse, with AWS's error. */
    static void validate(String name) {
        if (name.length() > MAX_LENGTH) {
            throw SsmErrors.validation("Parameter name can't be longer than " + MAX_LENGTH + " characters.");
        }
        String bare = name.startsWith("/") ? name.substring(1) : name;
        String lower = bare.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws") || lower.startsWith("ssm")) {
            if (name.toLowerCase(Locale.ROOT).startsWith("/aws/")) {
                throw new AwsServiceException(400, "AccessDeniedException", "No access to reserved parameter name: " + name + ".");
            }
            throw SsmErrors.validation(INVALID);
        }
        if (!name.startsWith("/") && name.contains("/")) {
            throw SsmErrors.validation("Parameter name must be a fully qualified name.");
        }
        String[] segments = bare.split("/", -1);
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw SsmErrors.validation(INVALID);
            }
        }
        if (segments.length > MAX_LEVELS) {
            throw new AwsServiceException(400, "HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of "
                    + MAX_LEVELS + " levels.");
        }
    }
}
