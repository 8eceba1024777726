package dev.lamb.local.cloud;

/**
 * AWS's text for a request member that breaks a constraint of the service model, one rule for every
 * service: {@code 1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: ...}.
 * AWS names the member in lower camel case ({@code TraceSegmentDocuments} is {@code 'traceSegmentDocuments'});
 * each service wraps the text in its own error code (ValidationException, InvalidParameterException...).
 */
public final class ValidationMessage {
    private ValidationMessage() {}

    /** A required member that is missing: {@code Value null at 'member' ... Member must not be null}. */
    public static String mustNotBeNull(String member) {
        return shown("null", member, "Member must not be null");
    }

    /** A value that breaks the constraint, quoted as AWS quotes it ({@code Value '0' at 'limit'}), or null. */
    public static String of(Object value, String member, String constraint) {
        return shown(value == null ? "null" : "'" + value + "'", member, constraint);
    }

    /** A list that breaks the constraint, whose value AWS leaves out ({@code Value at 'logEvents'}). */
    public static String withoutValue(String member, String constraint) {
        return text("Value", member, constraint);
    }

    /** The value as the service prints it, unquoted where it does not quote (IAM's numbers). */
    public static String shown(String value, String member, String constraint) {
        return text("Value " + value, member, constraint);
    }

    private static String text(String value, String member, String constraint) {
        return "1 validation error detected: " + value + " at '" + lowerCamel(member) + "' failed to satisfy constraint: " + constraint;
    }

    private static String lowerCamel(String member) {
        return member.isEmpty() ? member : Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
