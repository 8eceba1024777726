package dev.lamb.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import dev.lamb.LambException;
import dev.lamb.audit.scan.PackageScanner;
import dev.lamb.audit.scan.SecretMatch;
import dev.lamb.build.PackageRequest;
import dev.lamb.build.Packager;
import dev.lamb.config.ProjectConfig;

/**
 * The package lamb would deploy, as lamb audit reads it without building (audit makes read calls only, and a build that
 * fails must not look like a finding): the zip lamb package or deploy left at .lamb/NAME.zip when no file it takes, nor
 * lamb.toml, changed since; else the project's files the packager would take. When neither can be read, the reason.
 */
final class LocalPackage {
    /** The matches, or none and why the package was not checked. */
    record Scan(List<SecretMatch> matches, String notChecked) {}

    private LocalPackage() {}

    static Scan scan(ProjectConfig config, Path toml) {
        PackageRequest request = PackageRequest.of(config);
        try {
            List<String> files = new Packager().projectFiles(request);
            PackageScanner scanner = new PackageScanner();
            return new Scan(current(request.output(), config.dir(), files, toml) ? scanner.scanZip(request.output()).matches()
                    : scanner.scanFiles(config.dir(), files).matches(), null);
        } catch (LambException e) {
            return new Scan(List.of(), "the package was not checked: " + e.getMessage());
        }
    }

    /** Whether the zip is newer than lamb.toml and than each file it takes. */
    private static boolean current(Path zip, Path dir, List<String> files, Path toml) {
        try {
            if (!Files.isRegularFile(zip)) {
                return false;
            }
            FileTime built = Files.getLastModifiedTime(zip);
            List<Path> inputs = new ArrayList<>(List.of(toml));
            files.forEach(f -> inputs.add(dir.resolve(f)));
            for (Path input : inputs) {
                if (Files.getLastModifiedTime(input).compareTo(built) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
