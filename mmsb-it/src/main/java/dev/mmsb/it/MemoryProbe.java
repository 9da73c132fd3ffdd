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

    /** The most the container has used since it started: v1 and v2 (kernel 5.19+). */
    static final Path PEAK_V1 = Path.of("/sys/fs/cgroup/memory/memory.max_usage_in_bytes");
    static final Path PEAK_V2 = Path.of("/sys/fs/cgroup/memory.peak");

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

    /** The container's peak memory usage in bytes, or -1 if the kernel keeps none. */
    static long cgroupPeakBytes() {
        Path file = Files.isReadable(PEAK_V1) ? PEAK_V1 : Files.isReadable(PEAK_V2) ? PEAK_V2 : null;
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
