package dev.mmsb.bench.jmh;

import dev.mmsb.bench.ForkFlags;
import dev.mmsb.bench.peak.PeakRss;
import dev.mmsb.bench.subject.IntList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The time to grow a fresh list to {@value PeakRss#ELEMENTS} ints by pushes, the growth whose peak RSS
 * {@link PeakRss} measures: one shot per iteration, a fork per variant with {@code -Xmx8g}. Each iteration starts
 * from a new, empty list on a collected heap (the previous list is closed and dropped, and {@code System.gc()} runs
 * before the shot, outside it), so every shot pays for all the growing, copying and boxing, and for the collections
 * that its own garbage causes. One warmup shot, then the median of three. {@code ArrayList<Integer>} takes about 10 s
 * a shot, the others 1–2 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.NATIVE_ACCESS, ForkFlags.UNSAFE_ACCESS, ForkFlags.GUICE, "-Xmx8g"})
public class GrowBenchmark {
    /**
     * MMSB ({@code panama}, {@code unsafe}: huge pages and populate steps, the defaults; {@code panama-4k},
     * {@code unsafe-4k}: both off), the growth floors over raw downcalls ({@code syscall-panama-4k},
     * {@code syscall-panama-huge}, {@code syscall-panama-huge-populate}, see {@code FloorIntList}), and the peers.
     */
    @Param({"panama", "unsafe", "IntArrayList", "ArrayList", "panama-4k", "unsafe-4k", "syscall-panama-4k",
            "syscall-panama-huge", "syscall-panama-huge-populate"})
    public String impl;

    private IntList list;

    @Setup(Level.Iteration)
    public void freshList() {
        System.gc();
        list = IntList.create(impl);
    }

    @TearDown(Level.Iteration)
    public void dropList() {
        list.close();
        list = null;
    }

    /** Pushes {@value PeakRss#ELEMENTS} ints into the empty list. */
    @Benchmark
    public int push100M() {
        IntList l = list;
        for (int i = 0; i < PeakRss.ELEMENTS; i++) {
            l.push(i);
        }
        return l.size();
    }
}
