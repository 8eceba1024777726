package dev.lamb.audit.scan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.audit.scan.SecretMatch.Kind;

/**
 * The credentials in one text, by line: the known formats, and AWS secret access keys, which have no prefix of their own
 * and are told from any other 40 characters by what surrounds them: a name that says so (aws_secret_access_key,
 * AWS_SECRET, secretAccessKey) on their line, or an access key id within {@value #NEAR} lines.
 */
final class TextScan {
    /** A credential on a line (1-based). */
    record Hit(Kind kind, int line, String hint) {}

    static final int NEAR = 3;
    /** Access keys are 40 characters of base64's alphabet (the AWS IAM user guide's example: wJalrXUtnFEMI/K7MDENG/…). */
    private static final Pattern SECRET_KEY = Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
    private static final Pattern SECRET_KEY_NAME = Pattern.compile("(?i)secret.?access.?key|aws.?secret");
    /** Random base64 of 40 characters has about 5 bits a character; a path or a repeated pattern of that length far less. */
    private static final double SECRET_KEY_BITS = 4.0;

    private TextScan() {}

    /** The credentials in {@code text}; {@code file} for a package's file (see {@link CredentialFormats#find}). */
    static List<Hit> scan(String text, boolean file) {
        Lines lines = new Lines(text);
        Set<Hit> hits = new LinkedHashSet<>();
        Set<Integer> secretKeyLines = new LinkedHashSet<>();
        for (CredentialFormats.Found found : CredentialFormats.find(text, file)) {
            int line = lines.of(found.start());
            hits.add(new Hit(found.kind(), line, found.hint()));
            if (found.kind() == Kind.AWS_ACCESS_KEY) {
                for (int near = line - NEAR; near <= line + NEAR; near++) {
                    secretKeyLines.add(near);
                }
            }
        }
        if (text.contains("ecret") || text.contains("ECRET")) {
            Matcher name = SECRET_KEY_NAME.matcher(text);
            while (name.find()) {
                secretKeyLines.add(lines.of(name.start()));
            }
        }
        for (int line : secretKeyLines) {
            String content = lines.text(line);
            Matcher key = SECRET_KEY.matcher(content);
            while (key.find()) {
                if (isSecretKey(key.group())) {
                    hits.add(new Hit(Kind.AWS_SECRET_KEY, line, Redacted.secretKey(key.group())));
                }
            }
        }
        List<Hit> sorted = new ArrayList<>(hits);
        sorted.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return sorted;
    }

    /** Whether 40 characters read as a secret access key: random enough (AWS's documented example key is). */
    static boolean isSecretKey(String candidate) {
        return SECRET_KEY.matcher(candidate).matches() && Entropy.bits(candidate) > SECRET_KEY_BITS;
    }

    /** Line numbers of offsets, and the text of a line; the line starts are found only when a hit needs them. */
    private static final class Lines {
        private final String text;
        private int[] starts;

        Lines(String text) {
            this.text = text;
        }

        int of(int offset) {
            int at = Arrays.binarySearch(starts(), offset);
            return at >= 0 ? at + 1 : -at - 1;
        }

        /** The line's text, "" for a line that does not exist. */
        String text(int line) {
            int[] all = starts();
            if (line < 1 || line > all.length) {
                return "";
            }
            int end = line < all.length ? all[line] - 1 : text.length();
            return text.substring(all[line - 1], end);
        }

        private int[] starts() {
            if (starts == null) {
                List<Integer> found = new ArrayList<>();
                found.add(0);
                for (int at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
                    found.add(at + 1);
                }
                starts = found.stream().mapToInt(Integer::intValue).toArray();
            }
            return starts;
        }
    }
}
