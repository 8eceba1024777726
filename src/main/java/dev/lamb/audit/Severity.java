package dev.lamb.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.lamb.LambException;

/**
 * How bad a finding is, lowest first. Each maps to SARIF's level and to the security-severity score GitHub code
 * scanning ranks by (over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low).
 */
public enum Severity {
    LOW("note", "3.0"), MEDIUM("warning", "5.5"), HIGH("error", "8.0"), CRITICAL("error", "9.5");

    private final String sarifLevel;
    private final String securitySeverity;

    Severity(String sarifLevel, String securitySeverity) {
        this.sarifLevel = sarifLevel;
        this.securitySeverity = securitySeverity;
    }

    public String sarifLevel() {
        return sarifLevel;
    }

    public String securitySeverity() {
        return securitySeverity;
    }

    public boolean reaches(Severity threshold) {
        return compareTo(threshold) >= 0;
    }

    /** As --fail-on names it: low, medium, high or critical. */
    public static Severity parse(String option, String text) {
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> LambException.usage(option + " " + text + " is not a severity: use one of "
                        + Arrays.stream(values()).map(Severity::toString).collect(Collectors.joining(", "))));
    }

    /** As --fail-on takes it, and as --output json writes it. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
