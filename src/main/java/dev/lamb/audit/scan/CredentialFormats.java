package dev.lamb.audit.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.audit.scan.SecretMatch.Kind;
import dev.lamb.build.SecretFiles;

/**
 * Credentials known by their shape, each as its issuer publishes it (sources on {@link Kind}). Each format starts with a
 * fixed text, so a file is searched with {@link String#indexOf} for that start and the pattern is tried only there: a
 * package's megabytes of code cost a few scans for short literals, not a regular expression at every character.
 */
final class CredentialFormats {
    /** A credential in a text: its kind, where it starts and ends, and what a match may say of it. */
    record Found(Kind kind, int start, int end, String hint) {}

    /**
     * One format: the texts it starts with, its pattern from there, how many characters of its start are public, and
     * whether it is searched in files too. JSON Web Tokens and URLs with passwords are not: libraries and their tests
     * are full of sample tokens and connection strings, while in a variable or lamb.toml they are the real thing.
     */
    private record Format(Kind kind, List<String> starts, Pattern pattern, int publicPrefix, boolean inFiles) {}

    private static final String END = "(?![A-Za-z0-9_])";
    /** How PuTTY's key files start; code that reads them holds it too, but not at the start of a line. */
    private static final String PUTTY = "PuTTY-User-Key-File-";
    private static final List<Format> FORMATS = List.of(
            new Format(Kind.AWS_ACCESS_KEY, List.of("AKIA", "ASIA"), Pattern.compile("(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])"), 4,
                    true),
            new Format(Kind.PRIVATE_KEY, List.of("-----BEGIN "), SecretFiles.PRIVATE_KEY, -1, true),
            new Format(Kind.PRIVATE_KEY, List.of(PUTTY), Pattern.compile(PUTTY + "\\d+:"), -1, true),
            new Format(Kind.GITHUB_TOKEN, List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), Pattern.compile("gh[pousr]_[A-Za-z0-9]{36}" + END),
                    4, true),
            new Format(Kind.GITHUB_TOKEN, List.of("github_pat_"), Pattern.compile("github_pat_[A-Za-z0-9_]{82}" + END), 11, true),
            new Format(Kind.SLACK_TOKEN, List.of("xox"), Pattern.compile("xox[abeoprs]-[0-9A-Za-z][0-9A-Za-z-]{9,}" + END), 5, true),
            new Format(Kind.SLACK_WEBHOOK, List.of("hooks.slack.com/services/"),
                    Pattern.compile("hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,}"), 25, true),
            new Format(Kind.STRIPE_KEY, List.of("sk_live_", "rk_live_"), Pattern.compile("[sr]k_live_[0-9A-Za-z]{24,}" + END), 8, true),
            new Format(Kind.GOOGLE_API_KEY, List.of("AIza"), Pattern.compile("AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"), 4, true),
            new Format(Kind.NPM_TOKEN, List.of("npm_"), Pattern.compile("npm_[A-Za-z0-9]{36}" + END), 4, true),
            new Format(Kind.JSON_WEB_TOKEN, List.of("eyJ"),
                    Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"), 3, false));

    /**
     * A password in a URL's authority. Placeholders ($VAR, ${VAR}, {password}, <password>, ****) are not passwords; the
     * scheme, the user and the host are not secret and help find the line.
     */
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*)://[^\\s/:@\"']+:([^\\s/@\"']+)@[^\\s/@\"']+");
    private static final Pattern PLACEHOLDER_PASSWORD = Pattern.compile("[$<{%].*|\\*+|x+|X+");

    /** Bits a character under which an access key id is a stand-in (ASIAAAAAAAAAAAAAAAAA); random ones have about 3.5. */
    private static final double ACCESS_KEY_BITS = 2.5;

    private CredentialFormats() {}

    /** The credentials in {@code text}; {@code file} for a package's file, false for a variable or lamb.toml. */
    static List<Found> find(String text, boolean file) {
        List<Found> found = new ArrayList<>();
        for (Format format : FORMATS) {
            if (file && !format.inFiles()) {
                continue;
            }
            Matcher m = format.pattern().matcher(text);
            for (String start : format.starts()) {
                for (int at = text.indexOf(start); at >= 0; at = text.indexOf(start, at + 1)) {
                    if (startsAWord(text, at) && m.region(at, text.length()).lookingAt() && !isStandIn(format.kind(), m.group())
                            && hasBody(format, text, at, m.end())) {
                        found.add(new Found(format.kind(), at, m.end(), hint(format, m.group())));
                        at = m.end() - 1;
                    }
                }
            }
        }
        if (!file && text.contains("://")) {
            Matcher url = URL_PASSWORD.matcher(text);
            while (url.find()) {
                if (!PLACEHOLDER_PASSWORD.matcher(url.group(2)).matches()) {
                    found.add(new Found(Kind.CREDENTIALS_IN_URL, url.start(), url.end(),
                            "a password in a " + url.group(1) + ":// URL (" + url.group(2).length() + " characters)"));
                }
            }
        }
        found.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return found;
    }

    /** A token starting with a letter must start a word: "AKIA" inside "XAKIA…" is some other string. */
    private static boolean startsAWord(String text, int at) {
        return at == 0 || !Character.isLetterOrDigit(text.charAt(at)) || !Character.isLetterOrDigit(text.charAt(at - 1));
    }

    /** A private key with its body: a PEM block's base64 after its first line, a PuTTY file's first line at a line's start. */
    private static boolean hasBody(Format format, String text, int start, int end) {
        if (format.kind() != Kind.PRIVATE_KEY) {
            return true;
        }
        return text.startsWith(PUTTY, start) ? start == 0 || text.charAt(start - 1) == '\n' : PemBody.follows(text, end);
    }

    /**
     * An access key id that is one letter repeated (ASIAAAAAAAAAAAAAAAAA), a placeholder. AWS's documented example
     * (AKIAIOSFODNN7EXAMPLE) is not skipped: the format is what counts, and a key pasted from docs is still a key in plaintext.
     */
    private static boolean isStandIn(Kind kind, String match) {
        return kind == Kind.AWS_ACCESS_KEY && Entropy.bits(match.substring(4)) < ACCESS_KEY_BITS;
    }

    private static String hint(Format format, String match) {
        if (format.publicPrefix() < 0) {
            return "a private key (" + match + ")"; // a PEM header or PuTTY's first line names the kind of key, and holds none of it
        }
        return format.kind().label() + " " + Redacted.hint(match, format.publicPrefix());
    }
}
