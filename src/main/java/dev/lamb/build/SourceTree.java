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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;

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

    /**
     * Folders down to this depth are walked as tasks of their own, on the pool's threads and the caller's, so that a
     * tree of many files is listed on every core; below it, by the task that found them.
     */
    private static final int FORKED_ABOVE_DEPTH = 2;

    private final Path root;
    private final Path realRoot;
    private final String describedAs;
    private final IgnoreRules rules;
    private final LeftOut leftOut;
    private final Set<Object> skipped;
    private final ExecutorService pool;

    private SourceTree(Path root, String describedAs, IgnoreRules rules, LeftOut leftOut, Set<Object> skipped,
                       ExecutorService pool) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
        this.describedAs = describedAs;
        this.rules = rules;
        this.leftOut = leftOut;
        this.skipped = skipped;
        this.pool = pool;
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
            int helpers = Runtime.getRuntime().availableProcessors() - 1;
            ExecutorService pool = helpers > 0 ? Workers.pool(helpers, "lamb-walk") : null;
            try {
                SourceTree tree = new SourceTree(root, describedAs, rules, leftOut, skipped, pool);
                Set<Object> parents = new HashSet<>();
                BasicFileAttributes rootAttributes = Files.readAttributes(root, BasicFileAttributes.class);
                parents.add(key(rootAttributes, tree.realRoot));
                return joined(tree.walk(root, prefix, "", parents, true, 0));
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder being walked by a task: its files take its place in the walk's order. */
    private record Forked(Future<List<Object>> walk) {}

    /**
     * The files of a walk's parts (files, and folders walked by tasks) in the order a walk on one thread finds them,
     * and that walk's first failure: the tasks' failures are thrown in that order. The tasks no thread has started yet
     * are walked here first, so this thread works instead of waiting.
     */
    private static List<ZipSource> joined(List<Object> parts) throws IOException {
        for (Object part : parts) {
            if (part instanceof Forked forked && forked.walk instanceof RunnableFuture<?> task) {
                task.run(); // a no-op once another thread has started it
            }
        }
        List<ZipSource> files = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Forked forked) {
                files.addAll(joined(Workers.await(forked.walk, "listing the files to zip")));
            } else {
                files.add((ZipSource) part);
            }
        }
        return files;
    }

    /**
     * The parts of the folder, in order: its files, and its folders' parts (or the tasks walking them). {@code screen}:
     * whether secrets are looked for here; a folder included with a '!' line includes all it holds.
     */
    private List<Object> walk(Path dir, String prefix, String relativeDir, Set<Object> parents, boolean screen, int depth)
            throws IOException {
        List<Object> parts = new ArrayList<>();
        try {
            walk(dir, prefix, relativeDir, parents, screen, depth, parts);
        } catch (IOException | RuntimeException e) {
            // One thread would have met a failure in the folders forked before this one first: that one wins.
            joined(parts);
            throw e;
        }
        return parts;
    }

    private void walk(Path dir, String prefix, String relativeDir, Set<Object> parents, boolean screen, int depth,
                      List<Object> parts) throws IOException {
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
                if (pool != null && depth < FORKED_ABOVE_DEPTH) {
                    Set<Object> branch = new HashSet<>(parents);
                    String folder = relative + "/";
                    parts.add(new Forked(pool.submit(() -> walk(child, prefix, folder, branch, screened, depth + 1))));
                } else {
                    walk(child, prefix, relative + "/", parents, screened, depth + 1, parts);
                }
                parents.remove(directoryKey);
            } else if (attributes.isRegularFile()) {
                ZipSource file = ZipSource.file(prefix + relative, child, attributes.size(), ownerExecutable(attributes));
                parts.add(screened ? file.screen() : file);
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
