package dev.lamb.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.lamb.config.ProjectConfig;

/**
 * The names of everything a deploy owns, derived from lamb.toml, the stage and the region alone, so that
 * every later deploy, status and destroy finds the same things without a state file. Each stage has its
 * own alias, named after the stage (a {@link dev.lamb.config.StageName} is a valid alias name), which its
 * API Gateway stage invokes through the stage variable {@link #STAGE_VARIABLE}. {@code oldAlias} is the one
 * alias every stage shared before (deploy.alias, "live" by default): a deploy removes it once no stage calls it.
 */
public record DeployNames(String function, String role, boolean roleIsLambs, String logGroup, String alias,
        String stage, String api, String oldAlias) {
    /** The tag that marks what lamb created, with the function's name as its value. */
    public static final String TAG = "lamb:function";
    /** The stage variable that names the alias a stage's integrations invoke. */
    public static final String STAGE_VARIABLE = "alias";
    /** The inline policy of lamb's role that grants [function.secrets] (issue 17: "one inline policy, lamb-secrets"). */
    public static final String SECRETS_POLICY = "lamb-secrets";
    /**
     * What lamb-xray grants while tracing is on, on Resource "*": X-Ray's write actions have no resource types (IAM's
     * service authorization reference for AWS X-Ray), so "*" is the only resource they accept. lamb audit exempts
     * these from its wildcard rule by this very list, so a default deploy cannot drift into a finding.
     */
    public static final List<String> TRACING_ACTIONS = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    public static DeployNames of(ProjectConfig config, String region) {
        ProjectConfig.Function fn = config.function();
        boolean own = fn.role().isEmpty();
        String stage = config.api().stage();
        return new DeployNames(fn.name(), own ? roleName(fn.name(), region) : fn.role(), own, fn.logGroupName(),
                aliasOf(stage), stage, fn.name(), config.deploy().alias());
    }

    /** The alias a stage's API invokes, and that `lamb invoke --stage` calls: the stage's own name. */
    public static String aliasOf(String stage) {
        return stage;
    }

    /** The names of another stage of the same project. */
    DeployNames forStage(String other) {
        return new DeployNames(function, role, roleIsLambs, logGroup, aliasOf(other), other, api, oldAlias);
    }

    /** lamb-FUNCTION-REGION, shortened with a hash to IAM's 64 characters when the function's name is long. */
    static String roleName(String function, String region) {
        String name = "lamb-" + function + "-" + region;
        if (name.length() <= 64) {
            return name;
        }
        String hash = sha256Hex(name).substring(0, 8);
        int room = 64 - "lamb-".length() - 1 - hash.length() - 1 - region.length();
        return "lamb-" + function.substring(0, room) + "-" + hash + "-" + region;
    }

    public Map<String, String> tags() {
        return Map.of(TAG, function);
    }

    /** A statement id for the API Gateway permission of one source ARN: the same id on every deploy. */
    static String statementId(String sourceArn) {
        return "lamb-apigateway-" + sha256Hex(sourceArn).substring(0, 16);
    }

    /** The statement id of one of the two permissions that make a stage's Function URL public: lamb-url-InvokeFunctionUrl... */
    static String urlStatementId(String action) {
        return "lamb-url-" + action.substring(action.indexOf(':') + 1);
    }

    /** The SHA-256 of a text's UTF-8, in hex: for names and fingerprints of a fixed length. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
