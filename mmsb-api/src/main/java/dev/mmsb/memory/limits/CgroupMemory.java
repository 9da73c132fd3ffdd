package dev.mmsb.memory.limits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory this process may use: its cgroup's limit (v2 {@code memory.max}, v1 {@code memory.limit_in_bytes}, the
 * smallest along the path from the process's cgroup up to the mount's root), else the machine's physical memory
 * ({@code MemTotal} in {@code /proc/meminfo}). What a percentage budget ({@code -Dmmsb.budget=75%}) is a share of.
 *
 * <p>The process's cgroup comes from {@code /proc/self/cgroup}: the v2 line {@code 0::/path}, or the v1 line whose
 * controllers include {@code memory}. Inside a container with its own cgroup namespace the path is {@code /}, and the
 * container's files are at the mount's root; where the path does not exist under the mount (a v1 container sees the
 * host's path), the mount's root is read instead, as the JDK's own container support does.
 */
final class CgroupMemory {
    /** v1 reports "no limit" as a page-rounded {@code Long.MAX_VALUE}; anything this large is no limit. */
    static final long V1_UNLIMITED = 1L << 62;

    private final Path mount;
    private final Path procSelfCgroup;
    private final Path meminfo;

    CgroupMemory(Path mount, Path procSelfCgroup, Path meminfo) {
        this.mount = mount;
        this.procSelfCgroup = procSelfCgroup;
        this.meminfo = meminfo;
    }

    /** This machine's files. */
    static CgroupMemory system() {
        return new CgroupMemory(Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"), Path.of("/proc/meminfo"));
    }

    /** A limit and the file it came from. */
    static final class Limit {
        /** Bytes, or -1 if nothing could be read. */
        final long bytes;
        /** "cgroup v2 /sys/fs/cgroup/memory.max", "cgroup v1 ...", "physical memory (/proc/meminfo)" or "unknown". */
        final String source;

        Limit(long bytes, String source) {
            this.bytes = bytes;
            this.source = source;
        }

        @Override
        public String toString() {
            return bytes + " bytes from " + source;
        }
    }

    /** The cgroup's limit, else physical memory; bytes -1 if neither can be read. */
    Limit limit() {
        Limit cgroup = cgroupLimit();
        if (cgroup != null) {
            return cgroup;
        }
        long total = parseMemTotal(read(meminfo));
        return total > 0 ? new Limit(total, "physical memory (" + meminfo + ")") : new Limit(-1, "unknown");
    }

    /** The cgroup's memory limit, or null if there is none (or no cgroup file to say so). */
    Limit cgroupLimit() {
        String cgroups = read(procSelfCgroup);
        String v2Path = null;
        String v1Path = null;
        if (cgroups != null) {
            for (String line : cgroups.split("\n")) {
                String[] parts = line.split(":", 3);
                if (parts.length < 3) {
                    continue;
                }
                if (parts[0].equals("0") && parts[1].isEmpty()) {
                    v2Path = parts[2].trim();
                } else {
                    for (String controller : parts[1].split(",")) {
                        if (controller.equals("memory")) {
                            v1Path = parts[2].trim();
                        }
                    }
                }
            }
        }
        // A v2 mount has memory.max at its root only when the memory controller is there (not in hybrid mode).
        if (Files.exists(mount.resolve("cgroup.controllers"))) {
            Limit v2 = smallestAlong(mount, v2Path == null ? "/" : v2Path, "memory.max", 2);
            if (v2 != null) {
                return v2;
            }
        }
        Path v1Mount = mount.resolve("memory");
        if (Files.isDirectory(v1Mount)) {
            return smallestAlong(v1Mount, v1Path == null ? "/" : v1Path, "memory.limit_in_bytes", 1);
        }
        return null;
    }

    /**
     * The smallest limit in {@code file} from {@code mount + path} up to {@code mount}; if that directory does not
     * exist, the mount's own file.
     */
    private static Limit smallestAlong(Path mount, String path, String file, int version) {
        Path dir = mount.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
        if (!dir.startsWith(mount) || !Files.isDirectory(dir)) {
            dir = mount;
        }
        Limit best = null;
        for (Path d = dir; d != null && d.startsWith(mount); d = d.getParent()) {
            Path f = d.resolve(file);
            String text = read(f);
            if (text != null) {
                long bytes = version == 2 ? parseV2Max(text) : parseV1Limit(text);
                if (bytes > 0 && (best == null || bytes < best.bytes)) {
                    best = new Limit(bytes, "cgroup v" + version + " " + f);
                }
            }
            if (d.equals(mount)) {
                break;
            }
        }
        return best;
    }

    /** cgroup v2 {@code memory.max}: a number of bytes, or {@code max} (no limit, -1); -1 for anything else. */
    static long parseV2Max(String text) {
        String value = text == null ? "" : text.trim();
        if (value.equals("max")) {
            return -1;
        }
        return parseBytes(value);
    }

    /** cgroup v1 {@code memory.limit_in_bytes}: a number of bytes; -1 for no limit (about 2^63) or anything else. */
    static long parseV1Limit(String text) {
        long bytes = parseBytes(text == null ? "" : text.trim());
        return bytes >= V1_UNLIMITED ? -1 : bytes;
    }

    /** {@code MemTotal} from {@code /proc/meminfo} in bytes ("MemTotal:  16303928 kB"), or -1. */
    static long parseMemTotal(String text) {
        if (text == null) {
            return -1;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring(9).trim().split("\\s+");
                long kib = parseBytes(parts[0]);
                return kib < 0 ? -1 : kib * 1024;
            }
        }
        return -1;
    }

    private static long parseBytes(String digits) {
        if (digits.isEmpty() || digits.length() > 19) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1; // past Long.MAX_VALUE
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return null;
        }
    }
}
