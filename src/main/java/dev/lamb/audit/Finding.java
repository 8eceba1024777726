package dev.lamb.audit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One thing lamb audit found: the rule's stable id and severity, the resource (an ARN, or a file as path:line), what is
 * wrong there, and the fix in one line. It never carries a secret's value, only where it is.
 */
public record Finding(String rule, Severity severity, String resource, String what, String fix) {
    private static final Pattern FILE_LINE = Pattern.compile("(.+):(\\d+)");

    /** A place in a file, as "path:line" (line 0 when the whole file is meant). */
    public static String fileLine(String path, int line) {
        return path + ":" + line;
    }

    /** The file and line of a resource that is one; empty for an ARN. */
    public Optional<FileLine> file() {
        if (resource.startsWith("arn:")) {
            return Optional.empty();
        }
        Matcher m = FILE_LINE.matcher(resource);
        return Optional.of(m.matches() ? new FileLine(m.group(1), Integer.parseInt(m.group(2))) : new FileLine(resource, 0));
    }

    public record FileLine(String path, int line) {}
}
