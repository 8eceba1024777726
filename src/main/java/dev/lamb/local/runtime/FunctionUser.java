package dev.lamb.local.runtime;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.lamb.FileTrees;
import dev.lamb.LambException;

/**
 * Who function processes run as. Lambda runs functions as an unprivileged sandbox user; when lamb runs
 * as root, so do its functions here: uid and gid {@value #LAMBDAS_ID} (Lambda's sbx_user1051 has that
 * uid) unless this machine gives it to a user or group already, switched to by util-linux's setpriv,
 * since Java cannot change a child's user itself. What they
 * need (the task root, the runtime's files) is given to that group alone, read-only; each instance gets
 * a private temporary folder. Otherwise functions run as lamb's own user, and only the instance's
 * temporary folder is made private (its task root is in lamb's data or project folder).
 */
final class FunctionUser {
    static final int LAMBDAS_ID = 993;
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private final Path runtimeDir;
    private final Path setpriv;
    private final int id;
    private final Consumer<String> notice;
    private final Map<Path, Path> copies = new ConcurrentHashMap<>();
    private final Map<Path, Path> links = new ConcurrentHashMap<>();
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private final AtomicInteger copied = new AtomicInteger();

    private FunctionUser(Path runtimeDir, Path setpriv, int id, Consumer<String> notice) {
        this.runtimeDir = runtimeDir;
        this.setpriv = setpriv;
        this.id = id;
        this.notice = notice;
    }

    /** lamb's own user, which reaches everything lamb does. */
    static FunctionUser lambsOwn(Path runtimeDir, Consumer<String> notice) {
        return new FunctionUser(runtimeDir, null, -1, notice);
    }

    /** The sandbox user when lamb runs as root and setpriv is there to switch to it; else lamb's own user. */
    static FunctionUser forThisMachine(Path runtimeDir, Consumer<String> notice) {
        if (!runsAsRoot()) {
            return lambsOwn(runtimeDir, notice);
        }
        Optional<Path> setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv").map(Path::of).filter(Files::isExecutable).findFirst();
        if (setpriv.isEmpty()) {
            notice.accept("lamb runs as root and setpriv (util-linux) is missing: functions run as root too");
            return lambsOwn(runtimeDir, notice);
        }
        int id = unusedId();
        try {
            // The runtime's files (bootstraps, the Java client's jars, task roots) are the sandbox group's to read.
            setOwner(runtimeDir, 0, id);
            Files.setPosixFilePermissions(runtimeDir, PosixFilePermissions.fromString("rwxr-x---"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FunctionUser(runtimeDir, setpriv.get(), id, notice);
    }

    /**
     * Lambda's uid when no user or group of this machine has it, else the first free one from 60999 down:
     * functions must not run as a user that owns anything here.
     */
    private static int unusedId() {
        Set<Integer> taken = new HashSet<>();
        for (String file : List.of("/etc/passwd", "/etc/group")) {
            try {
                for (String line : Files.readAllLines(Path.of(file))) {
                    String[] fields = line.split(":");
                    if (fields.length > 2 && fields[2].matches("\\d+")) {
                        taken.add(Integer.parseInt(fields[2]));
                    }
                }
            } catch (IOException e) {
                // no such database here: nothing is taken that lamb can know of
            }
        }
        if (!taken.contains(LAMBDAS_ID)) {
            return LAMBDAS_ID;
        }
        int candidate = 60999;
        while (taken.contains(candidate)) {
            candidate--;
        }
        return candidate;
    }

    boolean switches() {
        return setpriv != null;
    }

    /**
     * The command as the function's user runs it: under setpriv when switching, its program found on
     * {@code path} among those that user can reach.
     */
    List<String> command(List<String> command, String path) {
        if (!switches()) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + id, "--regid=" + id,
                "--clear-groups", "--no-new-privs", "--"));
        out.add(program(command.get(0), path));
        out.addAll(command.subList(1, command.size()));
        return out;
    }

    /**
     * The task root or a runtime file itself when the function's user can read it; else a copy that it
     * can, read-only, in the engine's runtime folder, made once per engine.
     */
    Path readable(Path source) {
        if (!switches() || reachable(source, false) && !Files.isDirectory(source)) {
            return source;
        }
        return copies.computeIfAbsent(source, s -> {
            // Under a folder of its own, so that the name, which the Java client's jars are found by, stays.
            Path target = runtimeDir.resolve("shared").resolve(Integer.toString(copied.incrementAndGet())).resolve(s.getFileName());
            try {
                Files.createDirectories(target.getParent());
                for (Path dir = target.getParent(); !dir.equals(runtimeDir); dir = dir.getParent()) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
                    setOwner(dir, 0, id);
                }
                groupReadableCopy(s, target, false);
            } catch (IOException e) {
                throw LambException.io("could not give " + s + " to the functions' user (uid " + id + ")", e);
            }
            return target;
        });
    }

    /**
     * A path by which the function's user reaches source (an installation of an interpreter, a package
     * folder): source itself when it can, else a tree of hard links to it in the engine's runtime folder,
     * made once per engine. Links cost no copy and reach files in folders closed to others (pyenv's under
     * /root); a file others may not read, or one on another file system, is copied for the sandbox group.
     */
    Path reachable(Path source) {
        if (!switches() || reachable(source, false)) {
            return source;
        }
        return links.computeIfAbsent(source, s -> {
            Path target = runtimeDir.resolve("linked").resolve(Integer.toString(copied.incrementAndGet())).resolve(s.getFileName());
            try {
                groupFolders(target.getParent());
                if (!linkedByCp(s, target)) {
                    FileTrees.deleteQuietly(target);
                    groupReadableCopy(s, target, true);
                }
            } catch (IOException e) {
                throw LambException.io("could not give " + s + " to the functions' user (uid " + id + ")", e);
            }
            return target;
        });
    }

    /**
     * GNU cp's {@code -al}: the tree of hard links in one native process, some 50 times less CPU than
     * walking it from Java (a Python installation is ~9,000 files). False where it fails (another file
     * system, no GNU cp); its folders keep their modes, behind the sandbox group's own folder.
     */
    private static boolean linkedByCp(Path source, Path target) {
        try {
            Process cp = new ProcessBuilder("cp", "-al", "--", source.toString(), target.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return cp.waitFor(60, TimeUnit.SECONDS) && cp.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A folder of the runtime folder that the function's user may read, made on first use. */
    Path sharedDir(String name) {
        Path dir = runtimeDir.resolve(name);
        try {
            if (switches()) {
                groupFolders(dir);
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw LambException.io("could not make " + dir, e);
        }
        return dir;
    }

    private void groupFolders(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Path d = dir; !d.equals(runtimeDir); d = d.getParent()) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-x---"));
            setOwner(d, 0, id);
        }
    }

    private static boolean link(Path link, Path existing) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A new folder only the function's process can use: its /tmp (TMPDIR) and HOME. */
    Path privateDir(String name) {
        try {
            Path dir = Files.createDirectories(runtimeDir.resolve("instances")).resolve(name);
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            if (switches()) {
                setOwner(dir, id, id);
            }
            return dir;
        } catch (IOException e) {
            throw LambException.io("could not make the instance's private folder", e);
        }
    }

    private String program(String name, String path) {
        List<Path> candidates = new ArrayList<>();
        if (name.contains("/")) {
            candidates.add(Path.of(name));
        } else {
            for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    candidates.add(candidate);
                }
            }
        }
        for (Path candidate : candidates) {
            if (reachable(candidate, true)) {
                if (candidate != candidates.get(0) && told.add(name)) {
                    notice.accept(name + " at " + candidates.get(0) + " is out of reach of the functions' user (uid "
                            + id + "), in a folder closed to other users: functions run " + candidate);
                }
                return candidate.toString();
            }
        }
        throw LambException.failed("functions run as uid " + id + " since lamb runs as root, and no " + name
                + (candidates.isEmpty() ? " is on PATH" : " it can run is on PATH (" + candidates.get(0)
                        + " is in a folder closed to other users)")
                + ": install one system-wide (such as /usr/bin/" + Path.of(name).getFileName() + "), or run lamb as another user");
    }

    /** Whether the sandbox user, as neither owner nor in the group unless it is the sandbox group, can read (or run) it. */
    private boolean reachable(Path file, boolean execute) {
        try {
            Path real = file.toRealPath();
            for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
                if (!allows(dir, PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.GROUP_EXECUTE)) {
                    return false;
                }
            }
            return allows(real, PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_READ)
                    && (!execute || allows(real, PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.GROUP_EXECUTE));
        } catch (IOException e) {
            return false;
        }
    }

    private boolean allows(Path path, PosixFilePermission others, PosixFilePermission group) throws IOException {
        Set<PosixFilePermission> mode = Files.readAttributes(path, PosixFileAttributes.class).permissions();
        return mode.contains(others) || mode.contains(group) && ((Integer) Files.getAttribute(path, "unix:gid")) == id;
    }

    /**
     * A copy owned by root and the sandbox group: folders rwxr-x---, files rw-r----- (rwxr-x--- if
     * executable); with {@code link}, files others may read are hard links instead, where the file system allows.
     */
    private void groupReadableCopy(Path source, Path target, boolean link) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path from : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-x---"));
                } else if (Files.isSymbolicLink(from)) {
                    Files.copy(from, to, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.REPLACE_EXISTING);
                    continue;
                } else if (link && Files.readAttributes(from, PosixFileAttributes.class).permissions()
                        .contains(PosixFilePermission.OTHERS_READ) && link(to, from)) {
                    continue;
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(
                            Files.isExecutable(from) ? "rwxr-x---" : "rw-r-----"));
                }
                setOwner(to, 0, id);
            }
        }
    }

    private static void setOwner(Path path, int uid, int gid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /** The effective uid, from /proc: Java has no call for it. */
    private static boolean runsAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            // not Linux, or no /proc: assume the ordinary case
        }
        return false;
    }
}
