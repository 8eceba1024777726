package dev.lamb.audit.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.lamb.LambException;
import dev.lamb.audit.scan.SecretMatch.Kind;
import dev.lamb.build.SecretFiles;

/**
 * Secrets inside the package lamb would deploy, a zip or a folder, at file:line: .env files, credentials files, private
 * key blocks and credentials of a known format ({@link CredentialFormats}, {@link TextScan}). Unlike a variable, a file is
 * not searched for high-entropy strings or secret-named assignments: a package's libraries are full of hashes, lockfile
 * digests, minified code and test fixtures, which would bury the findings that matter.
 *
 * <p>Binary files are skipped as git judges them (a NUL byte in the first 8000 bytes, xdiff's buffer_is_binary), and only
 * the first {@link #DEFAULT_BYTES_PER_FILE} bytes of a file are read: bench/secret-scan.sh scans 200 MB in 20,000 files
 * in about a second of CPU, and Lambda's 250 MB unzipped limit bounds the rest.
 * Archives inside the package (a Java function's lib/*.jar) are binary and not opened.
 */
public final class PackageScanner {
    /**
     * Bytes read of each file: the whole of a Node function's esbuild or webpack bundle (commonly 1 to 4 MB, where a key
     * inlined at build time can sit anywhere), and only the start of a larger data file.
     */
    public static final int DEFAULT_BYTES_PER_FILE = 4 << 20;
    /** git's FIRST_FEW_BYTES: how far a NUL byte is looked for to call a file binary. */
    static final int BINARY_PROBE = 8000;

    /** What a scan found, and how much it read: files looked at, binary files skipped, files read only in part. */
    public record Result(List<SecretMatch> matches, int files, int binary, int truncated) {}

    /** .env files made to be committed: they show the variables a project needs, with placeholders for values. */
    private static final Set<String> ENV_TEMPLATES = Set.of("example", "sample", "template", "dist", "defaults");
    /** npm's auth settings (docs.npmjs.com, "npmrc": _authToken, _auth, _password), bare or scoped to a registry. */
    private static final Pattern NPMRC_AUTH = Pattern.compile("(?m)^\\s*(?:\\S*:)?(_authToken|_auth|_password)\\s*=\\s*(\\S+)");
    /** PyPA's .pypirc: a password (or an API token) under an index server. */
    private static final Pattern PYPIRC_PASSWORD = Pattern.compile("(?m)^\\s*(password)\\s*[=:]\\s*(\\S+)");

    private final int bytesPerFile;

    public PackageScanner() {
        this(DEFAULT_BYTES_PER_FILE);
    }

    public PackageScanner(int bytesPerFile) {
        this.bytesPerFile = Math.max(bytesPerFile, BINARY_PROBE);
    }

    /** The secrets in a zip, each at its entry's path in the zip. */
    public Result scanZip(Path zip) {
        Tally tally = new Tally();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory()) {
                    try (InputStream in = file.getInputStream(entry)) {
                        scanFile(entry.getName(), in, tally);
                    }
                }
            }
        } catch (IOException e) {
            throw LambException.io("could not read the package " + zip, e);
        }
        return tally.result();
    }

    /** The secrets in a folder's files, each at its path relative to the folder; links are not followed. */
    public Result scanTree(Path root) {
        Tally tally = new Tally();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile()) {
                        try (InputStream in = Files.newInputStream(file)) {
                            scanFile(root.relativize(file).toString().replace('\\', '/'), in, tally);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw LambException.io("could not read " + root, e);
        }
        return tally.result();
    }

    /** The secrets in the files {@code names} (relative to {@code root}, '/'-separated), each at its name. */
    public Result scanFiles(Path root, List<String> names) {
        Tally tally = new Tally();
        for (String name : names) {
            try (InputStream in = Files.newInputStream(root.resolve(name))) {
                scanFile(name, in, tally);
            } catch (IOException e) {
                throw LambException.io("could not read " + root.resolve(name), e);
            }
        }
        return tally.result();
    }

    private void scanFile(String path, InputStream in, Tally tally) throws IOException {
        tally.files++;
        String base = path.substring(path.lastIndexOf('/') + 1);
        byName(path, base).ifPresent(tally.matches::add);
        byte[] head = in.readNBytes(BINARY_PROBE);
        for (byte b : head) {
            if (b == 0) {
                tally.binary++;
                return;
            }
        }
        byte[] rest = head.length < BINARY_PROBE ? new byte[0] : in.readNBytes(bytesPerFile - head.length);
        if (rest.length == bytesPerFile - head.length && in.read() >= 0) {
            tally.truncated++;
        }
        byte[] bytes = new byte[head.length + rest.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(rest, 0, bytes, head.length, rest.length);
        // ISO-8859-1 maps each byte to one char, so offsets stay byte offsets and no input is malformed.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        SecretFiles.byContent(path, bytes).filter(what -> !what.equals("a private key")).ifPresent(what ->
                tally.matches.add(new SecretMatch(Kind.CREDENTIALS_FILE, path, 0, "", what)));
        if (base.equals(".npmrc")) {
            settings(path, text, NPMRC_AUTH, "an npm registry credential", tally.matches);
        } else if (base.equals(".pypirc")) {
            settings(path, text, PYPIRC_PASSWORD, "a package index password", tally.matches);
        }
        for (TextScan.Hit hit : TextScan.scan(text, true)) {
            tally.matches.add(new SecretMatch(hit.kind(), path, hit.line(), "", hit.hint()));
        }
    }

    /** A .env file, or a file in a folder or of a name that only ever holds credentials (.ssh/, .netrc, .git-credentials). */
    private static Optional<SecretMatch> byName(String path, String base) {
        if (base.equals(".env") || base.startsWith(".env.") && !ENV_TEMPLATES.contains(base.substring(".env.".length()))) {
            return Optional.of(new SecretMatch(Kind.ENV_FILE, path, 0, "", "a .env file's variables, readable by anyone who may "
                    + "download the function's code"));
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (SecretFiles.byName(path.substring(0, slash), true).isPresent()) {
                return Optional.of(new SecretMatch(Kind.CREDENTIALS_FILE, path, 0, "", "a file of an SSH keys folder"));
            }
        }
        return SecretFiles.byName(path, false).map(what -> new SecretMatch(Kind.CREDENTIALS_FILE, path, 0, "", what));
    }

    /** Each line of a settings file that sets a credential to a literal (not ${VAR}), by the setting's name. */
    private static void settings(String path, String text, Pattern setting, String what, List<SecretMatch> matches) {
        Matcher m = setting.matcher(text);
        while (m.find()) {
            if (!LiteralValues.isReference(m.group(2))) {
                int line = (int) text.substring(0, m.start(1)).chars().filter(c -> c == '\n').count() + 1;
                matches.add(new SecretMatch(Kind.CREDENTIALS_FILE, path, line, m.group(1), what + " written out ("
                        + m.group(2).length() + " characters)"));
            }
        }
    }

    private static final class Tally {
        final List<SecretMatch> matches = new ArrayList<>();
        int files;
        int binary;
        int truncated;

        Result result() {
            return new Result(List.copyOf(matches), files, binary, truncated);
        }
    }
}
