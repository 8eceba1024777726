package dev.lamb.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import dev.lamb.FileTrees;

/**
 * boto3 and its packages with bytecode compiled for one Python version, in the user's cache folder
 * ($XDG_CACHE_HOME/lamb/python-sdk, else ~/.cache/lamb/python-sdk), as Lambda's runtimes ship theirs compiled.
 * Without it a function on another Python than the one boto3 was installed with compiles boto3 at every cold
 * start (functions run with PYTHONDONTWRITEBYTECODE): some 0.35 s of CPU, seconds under a small size's CPU share.
 *
 * One folder per interpreter and boto3 copy, made once, in the background (until then functions get the plain
 * copy), by that interpreter's compileall in a temporary folder renamed into place (compile_sdk.py): readers see
 * all of it or nothing, and of two processes racing one wins. It cannot change what a function does: Python uses a compiled
 * file only while its source's time and size match, else compiles the source as it would without the cache;
 * and a folder whose files no longer match the list it was made with is set aside, never used.
 *
 * The cache's bytecode runs in every Python function, so it is used only when no one else could have written it: the
 * folder and each one above it up to the cache's root must be the current user's and not group- or world-writable
 * (a root made here is 0700). Otherwise (a shared XDG_CACHE_HOME, say) functions get the plain copy, and notice says so once.
 */
final class PythonSdkCache {
    private static final String LIST = "compiled.txt";
    private static final Duration ABANDONED = Duration.ofHours(1);
    /** One maker for every engine of this process, so that two engines never compile the same folder at once. */
    private static final ExecutorService MAKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lamb-python-sdk-cache");
        t.setDaemon(true);
        return t;
    });
    /** Folders this process has set out to make: tried once, so that a cache that cannot be made costs once. */
    private static final Set<Path> attempted = ConcurrentHashMap.newKeySet();
    private static UserPrincipal currentUser;

    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private final Path root;
    private final Consumer<String> notice;
    private final AtomicBoolean told = new AtomicBoolean();

    PythonSdkCache(Path root, Consumer<String> notice) {
        this.root = root;
        this.notice = notice;
    }

    /** The cache of the user lamb runs as, as {@code machine} (lamb's environment) names the user's cache folder. */
    static PythonSdkCache forUser(Map<String, String> machine, Consumer<String> notice) {
        String xdg = machine.get("XDG_CACHE_HOME");
        String home = machine.getOrDefault("HOME", System.getProperty("user.home"));
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache");
        return new PythonSdkCache(cache.resolve("lamb").resolve("python-sdk"), notice);
    }

    /**
     * The folder of boto3's packages compiled for {@code python}, when it is made and intact; else empty, and it
     * is made in the background for the next cold starts.
     */
    Optional<Path> compiled(Sdk boto3, Interpreter python) {
        Path folder = root.resolve(name(boto3, python));
        Optional<String> unsafe = Files.exists(root, LinkOption.NOFOLLOW_LINKS) ? unsafe(folder) : Optional.empty();
        if (unsafe.isPresent()) {
            if (told.compareAndSet(false, true)) {
                notice.accept("boto3's compiled cache is not used (" + unsafe.get() + "); functions get the plain copy");
            }
            return Optional.empty();
        }
        if (Files.isDirectory(folder)) {
            if (intact(folder)) {
                return Optional.of(folder);
            }
            setAside(folder);
        }
        if (attempted.add(folder)) {
            MAKER.execute(() -> make(boto3, python, folder));
        }
        return Optional.empty();
    }

    /**
     * Why the folder, or one above it up to the root, could hold another user's files: one not the current user's, a
     * link, or one group- or world-writable; empty when none could.
     */
    private Optional<String> unsafe(Path folder) {
        try {
            UserPrincipal me = currentUser();
            for (Path dir = folder; dir != null && dir.startsWith(root); dir = dir.getParent()) {
                if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(me)) {
                    return Optional.of(dir + " is not a folder of the current user");
                }
                if (Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null
                        && Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).stream().anyMatch(OTHERS_WRITE::contains)) {
                    return Optional.of(dir + " is group- or world-writable");
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(root + " cannot be checked: " + e.getMessage());
        }
    }

    /** The owner of a file this process makes: Java names no user id otherwise. */
    private static synchronized UserPrincipal currentUser() throws IOException {
        if (currentUser == null) {
            Path probe = Files.createTempFile("lamb-owner-", "");
            try {
                currentUser = Files.getOwner(probe);
            } finally {
                Files.deleteIfExists(probe);
            }
        }
        return currentUser;
    }

    /** The runtime, boto3's version, and a digest of both paths: another copy or interpreter is another folder. */
    static String name(Sdk boto3, Interpreter python) {
        CRC32 crc = new CRC32();
        crc.update((boto3.path() + "\n" + python.path()).getBytes(StandardCharsets.UTF_8));
        return python.runtime() + "-boto3-" + boto3.version() + "-" + Long.toHexString(crc.getValue());
    }

    /** By compile_sdk.py, run by {@code python} itself, which completes even when this process exits first. */
    private void make(Sdk boto3, Interpreter python, Path folder) {
        try (InputStream in = PythonSdkCache.class.getResourceAsStream("compile_sdk.py")) {
            createRoot();
            if (unsafe(folder).isPresent()) {
                return;
            }
            dropAbandoned();
            List<String> command = new ArrayList<>(List.of(python.path().toString(), "-I", "-c",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), boto3.path().toString(), folder.toString()));
            command.addAll(FunctionSdks.BOTO3_PACKAGES);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.waitFor(5, TimeUnit.MINUTES);
        } catch (IOException e) {
            // no cache this time: functions keep the plain copy
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The root and the folders above it that are missing, 0700 where the file system has POSIX permissions. */
    private void createRoot() throws IOException {
        if (!root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(root);
        } else {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
        }
    }

    /** Each compiled file's checksum and path (as compile_sdk.py writes them in compiled.txt). */
    private static Set<String> list(Path folder) throws IOException {
        Set<String> lines = new HashSet<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(f -> f.getFileName().toString().endsWith(".pyc")).toList()) {
                CRC32 crc = new CRC32();
                crc.update(Files.readAllBytes(file));
                lines.add(Long.toHexString(crc.getValue()) + " " + folder.relativize(file));
            }
        }
        return lines;
    }

    /** Whether every compiled file is as it was made (a damaged one could fail an import: Python trusts its header). */
    private static boolean intact(Path folder) {
        try {
            return new HashSet<>(Files.readAllLines(folder.resolve(LIST))).equals(list(folder));
        } catch (IOException e) {
            return false;
        }
    }

    /** Renamed first (atomic, so no reader takes it while it goes), then deleted. */
    private void setAside(Path folder) {
        try {
            Path aside = root.resolve(".broken-" + folder.getFileName() + "-" + System.nanoTime());
            Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.deleteQuietly(aside);
        } catch (IOException e) {
            // another process set it aside first, or it cannot go: it is not used either way
        }
    }

    /** What makers killed halfway left: an hour old is long past any compile. */
    private void dropAbandoned() throws IOException {
        Instant before = Instant.now().minus(ABANDONED);
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.filter(e -> e.getFileName().toString().startsWith(".")).toList()) {
                if (Files.getLastModifiedTime(entry).toInstant().isBefore(before)) {
                    FileTrees.deleteQuietly(entry);
                }
            }
        }
    }
}
