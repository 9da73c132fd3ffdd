package dev.mmsb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the kernel says about this process: resident memory and mappings, from /proc/self. */
public final class ProcSelf {
    private ProcSelf() {
    }

    /** {@code VmRSS} from /proc/self/status, in bytes. */
    public static long rssBytes() {
        return statusKiB("VmRSS:") * 1024;
    }

    /** {@code VmHWM} (peak RSS) from /proc/self/status, in bytes. */
    public static long peakRssBytes() {
        return statusKiB("VmHWM:") * 1024;
    }

    /** Number of lines in /proc/self/maps: one per mapping (or per part of one that differs in protection). */
    public static long mappingCount() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long statusKiB(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(key + " not in /proc/self/status");
    }
}
