package dev.mmsb.bench.peak;

import dev.mmsb.bench.MachineInfo;
import dev.mmsb.bench.subject.IntList;

import java.nio.file.Path;

/**
 * Grows one list to {@value #ELEMENTS} ints by pushes and prints, as one JSON line, the process's peak resident memory
 * (VmHWM). Meant to run alone in a fresh JVM ({@link PeakRssDriver} does that), so the peak is this list's and nothing
 * else's. A memory measurement only: the time the same growth takes is {@code GrowBenchmark}'s, in JMH. Usage:
 * {@code PeakRss panama|unsafe|IntArrayList|ArrayList}.
 */
public final class PeakRss {
    /** 100 M ints: 400 MB of data. */
    public static final int ELEMENTS = 100_000_000;

    private PeakRss() {
    }

    public static void main(String[] args) {
        String variant = args[0];
        long startKiB = kib("VmRSS");
        try (IntList list = IntList.create(variant)) {
            for (int i = 0; i < ELEMENTS; i++) {
                list.push(i);
            }
            long peakKiB = kib("VmHWM");
            System.out.printf("{\"variant\": \"%s\", \"elements\": %d, \"peakRssKiB\": %d, \"startRssKiB\": %d, "
                    + "\"size\": %d}%n", variant, ELEMENTS, peakKiB, startKiB, list.size());
        }
    }

    /** A {@code /proc/self/status} field in KiB, or -1. */
    static long kib(String field) {
        String value = MachineInfo.field(Path.of("/proc/self/status"), field);
        return value == null ? -1 : Long.parseLong(value.replace("kB", "").trim());
    }
}
