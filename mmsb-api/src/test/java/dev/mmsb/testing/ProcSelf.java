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

    /** Lines of /proc/self/maps that overlap {@code [address, address + size)}: the kernel mappings in that range. */
    public static long mappingsIn(long address, long size) {
        long end = address + size;
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                long stop = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                return Long.compareUnsigned(start, end) < 0 && Long.compareUnsigned(stop, address) > 0;
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether some mapping in /proc/self/maps covers {@code address}. */
    public static boolean isMapped(long address) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.anyMatch(line -> {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
            });
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
