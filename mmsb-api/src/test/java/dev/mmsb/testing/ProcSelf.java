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

    /**
     * The sum of {@code field} (e.g. {@code "Rss:"}, {@code "AnonHugePages:"}) over the mappings in /proc/self/smaps
     * that overlap {@code [address, address + length)}, in bytes. A mapping that only partly overlaps the range counts
     * whole, so give ranges that are whole mappings (a reservation's committed part is one).
     */
    public static long smapsBytes(long address, long length, String field) {
        long end = address + length;
        long sumKiB = 0;
        boolean inRange = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                if (dash > 0 && space > dash && isHex(line, 0, dash) && isHex(line, dash + 1, space)) {
                    long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                    long stop = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                    inRange = Long.compareUnsigned(start, end) < 0 && Long.compareUnsigned(address, stop) < 0;
                } else if (inRange && line.startsWith(field)) {
                    sumKiB += Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sumKiB * 1024;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return to > from;
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
