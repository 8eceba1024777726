package dev.lamb.local.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where this process's cgroups are: the mounted cgroup hierarchies (v1, one per controller or set of
 * controllers, and v2, the unified one) read from /proc/self/mountinfo, and the group of this process
 * in each, read from /proc/self/cgroup.
 */
final class CgroupMounts {
    /**
     * One mounted hierarchy. {@code mountRoot} is the hierarchy path the mount shows (not "/" in a
     * container that bind-mounts its own group); {@code ownPath} is this process's group in the hierarchy.
     */
    record Hierarchy(int version, Path mountPoint, String mountRoot, boolean readOnly, Set<String> controllers,
            String ownPath) {

        /** The directory of this process's own group, or the mount point when the group lies outside it. */
        Path ownDir() {
            if (ownPath == null) {
                return mountPoint;
            }
            String root = mountRoot.endsWith("/") ? mountRoot : mountRoot + "/";
            String relative;
            if (ownPath.equals(mountRoot)) {
                relative = "";
            } else if (ownPath.startsWith(root)) {
                relative = ownPath.substring(root.length());
            } else if (mountRoot.equals("/")) {
                relative = ownPath.substring(1);
            } else {
                return mountPoint;
            }
            if (relative.isEmpty() || relative.contains("..")) {
                return mountPoint;
            }
            return mountPoint.resolve(relative);
        }

        boolean has(String controller) {
            return controllers.contains(controller);
        }
    }

    private final List<Hierarchy> hierarchies;

    CgroupMounts(List<Hierarchy> hierarchies) {
        this.hierarchies = List.copyOf(hierarchies);
    }

    /** This process's view, from /proc. */
    static CgroupMounts ofThisProcess() throws IOException {
        return read(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"));
    }

    /**
     * Reads mountinfo and the process's cgroup file. The controllers of a v2 hierarchy are those its root
     * lists in cgroup.controllers (the ones no v1 hierarchy holds), read from the mounted file system.
     */
    static CgroupMounts read(Path mountinfo, Path procCgroup) throws IOException {
        List<String> cgroupLines = Files.exists(procCgroup) ? Files.readAllLines(procCgroup) : List.of();
        return parse(Files.readAllLines(mountinfo), cgroupLines, mountPoint -> {
            Path file = mountPoint.resolve("cgroup.controllers");
            try {
                return Files.isReadable(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** Parses mountinfo and /proc/self/cgroup lines; {@code v2Controllers} reads a v2 mount's cgroup.controllers. */
    static CgroupMounts parse(List<String> mountinfo, List<String> procCgroup,
            Function<Path, String> v2Controllers) {
        List<Hierarchy> found = new ArrayList<>();
        for (String line : mountinfo) {
            String[] dash = line.split(" - ", 2);
            if (dash.length < 2) {
                continue;
            }
            String[] left = dash[0].trim().split(" ");
            String[] right = dash[1].trim().split(" ");
            if (left.length < 6 || right.length < 3) {
                continue;
            }
            String fsType = right[0];
            if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) {
                continue;
            }
            String mountRoot = unescape(left[3]);
            Path mountPoint = Path.of(unescape(left[4]));
            boolean readOnly = Arrays.asList(left[5].split(",")).contains("ro")
                    || Arrays.asList(right[2].split(",")).contains("ro");
            if (fsType.equals("cgroup")) {
                Set<String> controllers = new LinkedHashSet<>();
                for (String option : right[2].split(",")) {
                    if (!option.equals("rw") && !option.equals("ro") && !option.contains("=")
                            && !option.equals("noprefix") && !option.equals("xattr") && !option.equals("clone_children")
                            && !option.equals("cpuset_v2_mode") && !option.equals("favordynmods")) {
                        controllers.add(option);
                    }
                }
                if (controllers.isEmpty()) {
                    continue; // a named hierarchy such as name=systemd: no resource controllers
                }
                found.add(new Hierarchy(1, mountPoint, mountRoot, readOnly, Set.copyOf(controllers),
                        ownPathV1(procCgroup, controllers)));
            } else {
                Set<String> controllers = new LinkedHashSet<>(
                        Arrays.asList(v2Controllers.apply(mountPoint).trim().split("\\s+")));
                controllers.remove("");
                found.add(new Hierarchy(2, mountPoint, mountRoot, readOnly, Set.copyOf(controllers), ownPathV2(procCgroup)));
            }
        }
        return new CgroupMounts(found);
    }

    List<Hierarchy> hierarchies() {
        return hierarchies;
    }

    /**
     * The hierarchy that holds a controller: a v1 hierarchy mounted with it, else the v2 hierarchy when it
     * offers it. Of several mounts of one hierarchy, a writable one that shows this process's group wins.
     */
    Optional<Hierarchy> forController(String controller) {
        Optional<Hierarchy> v1 = hierarchies.stream().filter(h -> h.version() == 1 && h.has(controller))
                .min(CgroupMounts::preference);
        if (v1.isPresent()) {
            return v1;
        }
        return hierarchies.stream().filter(h -> h.version() == 2 && h.has(controller)).min(CgroupMounts::preference);
    }

    private static int preference(Hierarchy a, Hierarchy b) {
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(Hierarchy h) {
        return (h.readOnly() ? 2 : 0) + (h.ownDir().equals(h.mountPoint()) && !h.mountRoot().equals("/") ? 1 : 0);
    }

    private static String ownPathV1(List<String> procCgroup, Set<String> controllers) {
        for (String line : procCgroup) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && !parts[0].equals("0")) {
                Set<String> listed = Set.of(parts[1].split(","));
                if (listed.containsAll(controllers) || controllers.stream().anyMatch(listed::contains)) {
                    return parts[2];
                }
            }
        }
        return null;
    }

    private static String ownPathV2(List<String> procCgroup) {
        for (String line : procCgroup) {
            if (line.startsWith("0::")) {
                return line.substring(3);
            }
        }
        return null;
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                s.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
