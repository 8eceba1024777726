package dev.lamb.scaffold;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {{key}} placeholders in template text. A placeholder with no value is a bug in a template,
 * so it fails loudly instead of leaving braces in a user's project.
 */
final class TemplateRenderer {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private final Map<String, String> values;

    TemplateRenderer(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    String render(String template, String source) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length());
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + source + " uses unknown placeholder " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
