package dev.lamb.audit;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lamb.ExitCode;
import dev.lamb.LambException;
import dev.lamb.aws.AwsClients;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.SecretReference;
import dev.lamb.deploy.DeployNames;

/**
 * lamb audit: reads a deployed function and its surroundings, checks them, and, for a project, its lamb.toml and the
 * package lamb would deploy, against the rules of {@link Rule}. Makes read calls only.
 */
public final class Auditor {
    private static final Comparator<Finding> MOST_SEVERE_FIRST = Comparator.comparing(Finding::severity).reversed()
            .thenComparing(Finding::rule).thenComparing(Finding::resource);

    private final AwsClients aws;
    private final String region;

    public Auditor(AwsClients aws, String region) {
        this.aws = aws;
        this.region = region;
    }

    /**
     * The project's function at its stage's alias, its lamb.toml, and its package (see {@link LocalPackage}: nothing is
     * built). A function, or a stage's alias, not deployed yet leaves the local checks only.
     */
    public AuditReport project(ProjectConfig config, Path toml, LocalDate today) {
        String alias = DeployNames.of(config, region).alias();
        LocalPackage.Scan pack = LocalPackage.scan(config, toml);
        List<Finding> findings = new ArrayList<>(SecretRules.project(toml, pack.matches()));
        DeployedFunction fn = new FunctionReads(aws, config.function().name(), alias).read();
        if (fn != null) {
            findings.addAll(deployed(fn, Optional.of(everyStagesSecrets(config)), today));
        }
        List<String> notChecked = pack.notChecked() == null ? List.of() : List.of(pack.notChecked());
        return report(config.function().name(), fn != null, config.dir().toString(), findings, notChecked);
    }

    /**
     * The secrets every stage of lamb.toml references: the stages share the role, and so lamb-secrets, whose statements
     * for the other stages are no less referenced. The stage audited wins a name both use.
     */
    private static Map<String, SecretReference> everyStagesSecrets(ProjectConfig config) {
        Map<String, SecretReference> all = new LinkedHashMap<>();
        for (String stage : config.stages().declared()) {
            config.stages().of(stage).secrets().forEach((name, ref) -> all.put(stage + "/" + name, ref));
        }
        config.function().secrets().forEach(all::put);
        return all;
    }

    /** A function outside a project, by name: exit 4 when it does not exist. */
    public AuditReport function(String name, LocalDate today) {
        DeployedFunction fn = new FunctionReads(aws, name, "").read();
        if (fn == null) {
            throw new LambException(ExitCode.NOT_FOUND, "function " + name + " does not exist in " + region
                    + ": check the name (aws lambda list-functions) and --region");
        }
        return report(name, true, null, deployed(fn, Optional.empty(), today), List.of());
    }

    private static List<Finding> deployed(DeployedFunction fn, Optional<Map<String, SecretReference>> secrets, LocalDate today) {
        List<Finding> out = new ArrayList<>();
        out.addAll(RoleRules.check(fn));
        out.addAll(ResourcePolicyRules.check(fn));
        out.addAll(ConfigurationRules.check(fn, today));
        out.addAll(SecretsPolicyRules.check(fn, secrets));
        out.addAll(SecretRules.environment(fn));
        return out;
    }

    private AuditReport report(String function, boolean deployed, String project, List<Finding> findings, List<String> notChecked) {
        List<Finding> sorted = findings.stream().distinct().sorted(MOST_SEVERE_FIRST).toList();
        return new AuditReport(function, region, deployed, project, sorted, aws.calls().reads(), notChecked);
    }
}
