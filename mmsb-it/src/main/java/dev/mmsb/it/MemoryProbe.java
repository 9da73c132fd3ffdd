package dev.mmsb.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's resident set ({@code VmRSS}) and the container's cgroup memory usage. */
final class MemoryProbe {
    /** cgroup v1 memory controller, as Docker mounts it inside a container. */
    static final Path CGROUP_V1 = Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes");
    /** cgroup v2 unified hierarchy. */
    static final Path CGROUP_V2 = Path.of("/sys/fs/cgroup/memory.current");

    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe() {
    }

    /** The cgroup usage file this container has: v1 or v2, whichever exists; null if neither. */
    static Path cgroupFile() {
        if (Files.isReadable(CGROUP_V1)) {
            return CGROUP_V1;
        }
        return Files.isReadable(CGROUP_V2) ? CGROUP_V2 : null;
    }

    /** The container's memory usage in bytes, or -1 if no cgroup file is readable. */
    static long cgroupBytes() {
        Path file = cgroupFile();
        if (file == null) {
            return -1;
        }
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This process's VmRSS in bytes, or -1 if {@code /proc/self/status} has none. */
    static long vmRssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // always in kB
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
