package dev.lamb.build;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.lamb.LambException;

/**
 * The files of a folder that go into the zip: a walk that skips what the ignore rules exclude
 * (never descending into an excluded folder, so nothing below it can come back, as in git) and
 * checks every symbolic link it would include.
 *
 * <p>Symlinks: one that resolves outside the walked folder is refused, because the zip would carry
 * a file the project does not contain (or, stored as a link, one Lambda cannot resolve). One that
 * stays inside is followed and its target's content stored under the link's name, as Lambda
 * unpacks regular files only reliably; a link to a folder is walked like a folder, and a link back
 * to one of its own parents is refused as a loop. Ignore rules see a followed link as what it points
 * to (git would see a link), so "docs/" also ignores a link to a folder named docs.
 */
final class SourceTree {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;
    private final Path realRoot;
    private final String describedAs;
    private final IgnoreRules rules;
    private final LeftOut leftOut;
    private final Set<Object> skipped;
    private final List<ZipSource> files = new ArrayList<>();

    private SourceTree(Path root, String describedAs, IgnoreRules rules, LeftOut leftOut, Set<Object> skipped)
            throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
        this.describedAs = describedAs;
        this.rules = rules;
        this.leftOut = leftOut;
        this.skipped = skipped;
    }

    /**
     * The files under {@code root} that {@code rules} keep, named relative to it with {@code prefix}
     * in front. {@code skip} lists paths never to include whatever the rules say (the output zip,
     * the build folder); {@code describedAs} names the folder in errors ("the project").
     */
    static List<ZipSource> collect(Path root, String prefix, String describedAs, IgnoreRules rules, Set<Path> skip) {
        return collect(root, prefix, describedAs, rules, skip, new LeftOut(null));
    }

    /**
     * As above, also leaving out what holds secrets by name, marking the other files for a check of
     * their content where {@code leftOut} screens them, and noting files deleted since the folder was listed.
     */
    static List<ZipSource> collect(Path root, String prefix, String describedAs, IgnoreRules rules, Set<Path> skip,
                                   LeftOut leftOut) {
        try {
            Set<Object> skipped = new HashSet<>();
            for (Path path : skip) {
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    skipped.add(key(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), path));
                }
            }
            SourceTree tree = new SourceTree(root, describedAs, rules, leftOut, skipped);
            Set<Object> parents = new HashSet<>();
            BasicFileAttributes rootAttributes = Files.readAttributes(root, BasicFileAttributes.class);
            parents.add(key(rootAttributes, tree.realRoot));
            tree.walk(root, prefix, "", parents, true);
            return tree.files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code screen}: whether secrets are looked for here; a folder included with a '!' line includes all it holds. */
    private void walk(Path dir, String prefix, String relativeDir, Set<Object> parents, boolean screen) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        for (Path child : children) {
            String relative = relativeDir + child.getFileName().toString();
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, attributeType(), LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                leftOut.vanished(prefix + relative);
                continue;
            }
            if (skipped.contains(key(attributes, child))) {
                continue;
            }
            if (attributes.isSymbolicLink()) {
                attributes = followLink(child, relative);
                if (attributes == null) {
                    continue;
                }
            }
            if (rules.isIgnored(relative, attributes.isDirectory())) {
                continue;
            }
            boolean screened = screen && leftOut.screens(relative, attributes.isDirectory());
            Optional<String> secret = screened ? SecretFiles.byName(relative, attributes.isDirectory()) : Optional.empty();
            if (secret.isPresent()) {
                leftOut.secret(prefix + relative + (attributes.isDirectory() ? "/" : ""), secret.get());
                continue;
            }
            if (attributes.isDirectory()) {
                Object directoryKey = key(attributes, child);
                if (!parents.add(directoryKey)) {
                    throw LambException.usage("symlink " + root.resolve(relative) + " points back to one of its own "
                            + "folders (" + Files.readSymbolicLink(child) + "), which would never end: remove it or "
                            + "add it to .lambignore");
                }
                walk(child, prefix, relative + "/", parents, screened);
                parents.remove(directoryKey);
            } else if (attributes.isRegularFile()) {
                ZipSource file = ZipSource.file(prefix + relative, child, attributes.size(), ownerExecutable(attributes));
                files.add(screened ? file.screen() : file);
            } else {
                throw LambException.usage(root.resolve(relative) + " is not a regular file (a pipe, socket or device): "
                        + "add it to .lambignore");
            }
        }
    }

    /** The link target's attributes, null when the link is ignored; refuses links that leave the root. */
    private BasicFileAttributes followLink(Path link, String relative) throws IOException {
        Path target = Files.readSymbolicLink(link);
        Path real;
        try {
            real = link.toRealPath();
        } catch (NoSuchFileException e) {
            if (rules.isIgnored(relative, false)) {
                return null;
            }
            throw LambException.usage("symlink " + root.resolve(relative) + " points to " + target
                    + ", which does not exist: fix or remove the link, or add it to .lambignore");
        }
        BasicFileAttributes attributes = Files.readAttributes(real, attributeType());
        if (!real.startsWith(realRoot)) {
            if (rules.isIgnored(relative, attributes.isDirectory())) {
                return null;
            }
            throw LambException.usage("symlink " + root.resolve(relative) + " points outside " + describedAs
                    + " (to " + target + "), and lamb only packages files inside it: copy the file in, "
                    + "or add the link to .lambignore");
        }
        String targetRelative = realRoot.relativize(real).toString().replace(File.separatorChar, '/');
        if (!targetRelative.isEmpty() && rules.isExcluded(targetRelative, attributes.isDirectory())) {
            if (rules.isIgnored(relative, attributes.isDirectory())) {
                return null;
            }
            throw LambException.usage("symlink " + root.resolve(relative) + " points to " + targetRelative
                    + ", which is excluded from the zip (.lambignore or lamb's defaults); following the link "
                    + "would package it anyway: remove the link, or add it to .lambignore too");
        }
        return attributes;
    }

    private static Class<? extends BasicFileAttributes> attributeType() {
        return POSIX ? PosixFileAttributes.class : BasicFileAttributes.class;
    }

    private static boolean ownerExecutable(BasicFileAttributes attributes) {
        return attributes instanceof PosixFileAttributes posix
                && posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
    }

    /** Identifies a file across different spellings of its path: the inode where the system has one. */
    private static Object key(BasicFileAttributes attributes, Path path) throws IOException {
        Object key = attributes.fileKey();
        return key != null ? key : path.toRealPath();
    }
}
