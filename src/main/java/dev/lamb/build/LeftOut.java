package dev.lamb.build;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a package left out of the zip, and why: files that hold secrets, and files deleted between
 * listing and reading. The project's '!' lines in .lambignore include a secret on purpose.
 */
final class LeftOut {
    private final IgnoreRules onPurpose;
    private final List<PackageResult.Omitted> omitted = new ArrayList<>();

    /** {@code onPurpose}: the project's own rules, whose '!' lines ship a secret anyway; null screens nothing. */
    LeftOut(IgnoreRules onPurpose) {
        this.onPurpose = onPurpose;
    }

    /** Whether files at this path are checked for secrets: screening is on and no '!' line includes the path. */
    boolean screens(String path, boolean directory) {
        return onPurpose != null && !onPurpose.includes(path, directory);
    }

    synchronized void secret(String path, String holds) {
        omitted.add(new PackageResult.Omitted(path, holds + "; a line '!" + path + "' in .lambignore ships it on purpose"));
    }

    synchronized void vanished(String path) {
        omitted.add(new PackageResult.Omitted(path, "deleted while lamb was packaging"));
    }

    /** In name order, so the listing is the same on every run. */
    synchronized List<PackageResult.Omitted> all() {
        return omitted.stream().sorted(Comparator.comparing(PackageResult.Omitted::path)).toList();
    }
}
