package dev.lamb.local.cloud.apigateway;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${stageVariables.NAME}} in an integration's URI, replaced by the value the stage gives NAME. */
final class StageVariables {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}");

    private StageVariables() {}

    /** The text with each reference replaced; empty when it names a variable the stage does not have. */
    static Optional<String> resolve(String text, Map<String, String> variables) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                return Optional.empty();
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        return Optional.of(resolved.toString());
    }
}
