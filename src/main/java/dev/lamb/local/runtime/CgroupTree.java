package dev.lamb.local.runtime;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * lamb's parent group in one cgroup hierarchy (`.../lamb`), which holds one group per instance, and the
 * controllers (memory, cpu) this hierarchy gives those groups.
 */
final class CgroupTree {
    static final String PARENT = "lamb";

    private final int version;
    private final Path parent;
    private final Set<String> controllers;

    CgroupTree(int version, Path parent, Set<String> controllers) {
        this.version = version;
        this.parent = parent;
        this.controllers = Set.copyOf(controllers);
    }

    int version() {
        return version;
    }

    /** The `lamb` directory the instance groups go in. */
    Path parent() {
        return parent;
    }

    boolean has(String controller) {
        return controllers.contains(controller);
    }

    Set<String> controllers() {
        return controllers;
    }

    /**
     * Finds where lamb may make groups in the hierarchy for the controllers: beneath this process's own
     * group first (so that the limits nest inside whatever limits lamb itself runs under), else at the
     * hierarchy's root. Each place is tried for real: a probe group is made, limited and removed.
     *
     * @throws IOException saying why no place worked
     */
    static CgroupTree prepare(CgroupMounts.Hierarchy hierarchy, Set<String> controllers) throws IOException {
        if (hierarchy.readOnly()) {
            throw new IOException(hierarchy.mountPoint() + " is mounted read-only");
        }
        Set<Path> bases = new LinkedHashSet<>();
        bases.add(hierarchy.ownDir());
        bases.add(hierarchy.mountPoint());
        IOException first = null;
        for (Path base : bases) {
            try {
                CgroupTree tree = hierarchy.version() == 2 ? prepareV2(base, hierarchy.mountPoint(), controllers)
                        : new CgroupTree(1, ensureDir(base.resolve(PARENT)), controllers);
                tree.probe();
                return tree;
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    private static CgroupTree prepareV2(Path base, Path root, Set<String> controllers) throws IOException {
        // v2 gives a group's children only the controllers the group lists in cgroup.subtree_control, and a
        // group other than the root that has processes may list none: so lamb's own group is used only when
        // it already delegates them (or is the root).
        enableSubtree(base, controllers, !base.equals(root));
        Path parent = ensureDir(base.resolve(PARENT));
        enableSubtree(parent, controllers, false);
        return new CgroupTree(2, parent, controllers);
    }

    private static void enableSubtree(Path group, Set<String> controllers, boolean onlyIfAlready) throws IOException {
        Path file = group.resolve("cgroup.subtree_control");
        Set<String> enabled = Set.of(Files.readString(file).trim().split("\\s+"));
        for (String controller : controllers) {
            if (!enabled.contains(controller)) {
                if (onlyIfAlready) {
                    throw new IOException(group + " does not delegate the " + controller + " controller");
                }
                try {
                    CgroupFiles.write(file, "+" + controller);
                } catch (IOException e) {
                    throw new IOException("could not enable the " + controller + " controller in " + group + " ("
                            + CgroupFiles.why(e, file) + ")", e);
                }
            }
        }
    }

    private static Path ensureDir(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // made earlier, by this or another lamb
        } catch (IOException e) {
            throw new IOException(CgroupFiles.why(e, dir), e);
        }
        return dir;
    }

    /** Makes, limits and removes a group, as each instance will. */
    private void probe() throws IOException {
        Path group = create(CgroupFiles.pidNamespace() + "-" + ProcessHandle.current().pid() + "-0-probe-"
                + System.nanoTime());
        try {
            limit(group, 128);
        } finally {
            remove(group);
        }
    }

    /** Makes an instance's group. */
    Path create(String name) throws IOException {
        Path group = parent.resolve(name);
        try {
            Files.createDirectory(group);
        } catch (IOException e) {
            throw new IOException(CgroupFiles.why(e, group), e);
        }
        return group;
    }

    /**
     * Sets Lambda's limits on a group: memory at the memory size with no swap, so that going over kills
     * rather than pages, and CPU time in proportion to memory.
     */
    void limit(Path group, int memoryMb) throws IOException {
        long bytes = memoryMb * 1024L * 1024L;
        if (has("memory")) {
            if (version == 1) {
                write(group.resolve("memory.limit_in_bytes"), Long.toString(bytes));
                // memsw limits memory plus swap; equal to the memory limit it means no swap. Without swap
                // accounting the file is absent and swappiness 0 is the best there is.
                if (!CgroupFiles.tryWrite(group.resolve("memory.memsw.limit_in_bytes"), Long.toString(bytes))) {
                    CgroupFiles.tryWrite(group.resolve("memory.swappiness"), "0");
                }
            } else {
                write(group.resolve("memory.max"), Long.toString(bytes));
                CgroupFiles.tryWrite(group.resolve("memory.swap.max"), "0");
            }
        }
        if (has("cpu")) {
            long period = CgroupLimits.CPU_PERIOD_US;
            long quota = CgroupLimits.cpuQuotaMicros(memoryMb, period);
            if (version == 1) {
                CgroupFiles.tryWrite(group.resolve("cpu.cfs_period_us"), Long.toString(period));
                write(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
            } else {
                write(group.resolve("cpu.max"), quota + " " + period);
            }
        }
    }

    private static void write(Path file, String value) throws IOException {
        try {
            CgroupFiles.write(file, value);
        } catch (IOException e) {
            throw new IOException(CgroupFiles.why(e, file), e);
        }
    }

    /**
     * Removes a group: kills what is left in it (processes the function left behind), waits for them to
     * leave, then removes the directory. Returns false when it could not within a few seconds.
     */
    static boolean remove(Path group) {
        if (!Files.isDirectory(group)) {
            return true;
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        boolean groupKillTried = false;
        while (true) {
            List<Long> pids = CgroupFiles.pids(group);
            if (!pids.isEmpty()) {
                // v2 (5.14+) kills the whole group at once, processes forking as it goes included.
                if (groupKillTried || !CgroupFiles.tryWrite(group.resolve("cgroup.kill"), "1")) {
                    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                }
                groupKillTried = true;
            }
            try {
                Files.delete(group);
                return true;
            } catch (NoSuchFileException e) {
                return true;
            } catch (IOException e) {
                // busy: its processes are still exiting
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static final Pattern OURS = Pattern.compile("(\\d+)-(\\d+)-\\d+-.*");

    /**
     * Removes groups left behind by lamb processes that are gone (killed before they could clean up),
     * in this pid namespace only; groups that still hold processes stay.
     */
    void sweep(long pidNamespace) {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> children = Files.list(parent)) {
            children.filter(Files::isDirectory).forEach(child -> {
                Matcher m = OURS.matcher(child.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) == pidNamespace) {
                    Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(m.group(2)));
                    if (owner.isEmpty() && CgroupFiles.pids(child).isEmpty()) {
                        stale.add(child);
                    }
                }
            });
        } catch (IOException | NumberFormatException e) {
            return;
        }
        for (Path group : stale) {
            try {
                Files.delete(group);
            } catch (IOException e) {
                // busy or already gone
            }
        }
    }

    @Override
    public String toString() {
        return "cgroup v" + version + " " + controllers + " at " + parent;
    }
}
