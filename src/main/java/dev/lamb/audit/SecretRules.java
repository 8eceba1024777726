package dev.lamb.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.lamb.LambException;
import dev.lamb.audit.scan.EnvironmentScanner;
import dev.lamb.audit.scan.LambTomlScanner;
import dev.lamb.audit.scan.SecretMatch;

/**
 * Plaintext secrets, as the scanners of {@link dev.lamb.audit.scan} find them, as findings: in the deployed environment
 * (at the function's ARN), in lamb.toml and in the package lamb would deploy (at file:line). A finding says where and
 * what kind, never the value.
 */
final class SecretRules {
    /** The place a secret was found in, which picks the rule of its kind. */
    enum Place { ENVIRONMENT, CONFIG, PACKAGE }

    static final String CONFIG_FILE = "lamb.toml";

    private SecretRules() {}

    static List<Finding> environment(DeployedFunction fn) {
        List<Finding> out = new ArrayList<>();
        for (SecretMatch m : EnvironmentScanner.scan(fn.environment())) {
            out.add(rule(m.kind(), Place.ENVIRONMENT).at(fn.arn(), "variable " + m.name() + " holds " + m.description()));
        }
        return out;
    }

    /** lamb.toml's text, and what the package's files hold. */
    static List<Finding> project(Path toml, List<SecretMatch> inPackage) {
        List<Finding> out = new ArrayList<>();
        String text;
        try {
            text = Files.readString(toml);
        } catch (IOException e) {
            throw LambException.io("could not read " + toml, e);
        }
        for (SecretMatch m : LambTomlScanner.scan(text, CONFIG_FILE)) {
            out.add(rule(m.kind(), Place.CONFIG).at(Finding.fileLine(m.where(), m.line()), holds(m)));
        }
        for (SecretMatch m : inPackage) {
            out.add(rule(m.kind(), Place.PACKAGE).at(Finding.fileLine(m.where(), m.line()), holds(m)));
        }
        return out;
    }

    private static String holds(SecretMatch m) {
        return (m.name().isEmpty() ? "it" : m.name()) + " holds " + m.description();
    }

    /** A kind's rule in a place: named or high-entropy values, .env files, and credentials of a known format. */
    static Rule rule(SecretMatch.Kind kind, Place place) {
        return switch (kind) {
            case SECRET_NAMED_VARIABLE -> switch (place) {
                case ENVIRONMENT -> Rule.ENV_SECRET_NAME;
                case CONFIG -> Rule.CONFIG_SECRET_NAME;
                case PACKAGE -> Rule.PACKAGE_SECRET;
            };
            case HIGH_ENTROPY -> switch (place) {
                case ENVIRONMENT -> Rule.ENV_HIGH_ENTROPY;
                case CONFIG -> Rule.CONFIG_HIGH_ENTROPY;
                case PACKAGE -> Rule.PACKAGE_SECRET;
            };
            case ENV_FILE -> Rule.PACKAGE_DOTENV;
            default -> switch (place) {
                case ENVIRONMENT -> Rule.ENV_CREDENTIAL;
                case CONFIG -> Rule.CONFIG_CREDENTIAL;
                case PACKAGE -> Rule.PACKAGE_CREDENTIAL;
            };
        };
    }
}
