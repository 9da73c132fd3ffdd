package dev.mmsb.bench.peak;

import dev.mmsb.bench.MachineInfo;
import dev.mmsb.bench.subject.IntList;

import java.nio.file.Path;

/**
 * Grows one list to {@value #ELEMENTS} ints by pushes and prints, as one JSON line, the time it took and the
 * process's peak resident memory (VmHWM). Meant to run alone in a fresh JVM ({@link PeakRssDriver} does that), so
 * the peak is this list's and nothing else's. Usage: {@code PeakRss panama|unsafe|IntArrayList|ArrayList}.
 */
public final class PeakRss {
    static final int ELEMENTS = 100_000_000;

    private PeakRss() {
    }

    public static void main(String[] args) {
        String variant = args[0];
        long startKiB = kib("VmRSS");
        long start = System.nanoTime();
        try (IntList list = IntList.create(variant)) {
            for (int i = 0; i < ELEMENTS; i++) {
                list.push(i);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long peakKiB = kib("VmHWM");
            System.out.printf("{\"variant\": \"%s\", \"elements\": %d, \"growMillis\": %d, \"peakRssKiB\": %d, "
                    + "\"startRssKiB\": %d, \"size\": %d}%n", variant, ELEMENTS, millis, peakKiB, startKiB,
                    list.size());
        }
    }

    /** A {@code /proc/self/status} field in KiB, or -1. */
    static long kib(String field) {
        String value = MachineInfo.field(Path.of("/proc/self/status"), field);
        return value == null ? -1 : Long.parseLong(value.replace("kB", "").trim());
    }
}
