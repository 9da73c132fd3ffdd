package dev.mmsb.bench.jmh;

import dev.mmsb.bench.ForkFlags;
import dev.mmsb.bench.subject.IntList;
import dev.mmsb.vector.ShrinkPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * MappedVector against the lists people use today, {@value #N} ints at a time: {@code panama} / {@code unsafe} is
 * {@code MappedIntVector}, {@code -codec} the generic {@code MappedVector<Integer>} with {@code Codecs.INT}; peers are
 * fastutil's {@code IntArrayList} (int[] growth by copying) and {@code ArrayList<Integer>}. Scores are ns per element.
 *
 * <p>{@link #pushSteady} and {@link #popAllNoShrink} run on a second list, {@link NoShrink}: for MMSB a vector with
 * {@link ShrinkPolicy#NEVER}, whose pages, once committed and touched, stay so. {@code popAll - popAllNoShrink} is
 * then what the default policy's shrinking (its decommit syscalls and bookkeeping) costs per popped element; the
 * refill before each invocation, with its commits and page faults, is untimed in both.
 *
 * <p>Three forks, as for the queue: now and then a JVM compiles {@link #iterate} with a call left in its loop (2-5 ns
 * an element instead of 0.08). -XX:+LogCompilation showed why in a Panama fork: C2 did not inline the JDK's own
 * {@code Unsafe.getIntUnaligned(Object, long, boolean)} inside {@code ScopedMemoryAccess} ("low call site frequency"),
 * because that method's profile was not mature yet when C2 compiled the loop (JDK-8325681). The median of three forks
 * reports the common form; docs/BENCHMARKS.md gives the per-fork figures when they split.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {ForkFlags.NATIVE_ACCESS, ForkFlags.UNSAFE_ACCESS, ForkFlags.GUICE})
public class VectorBenchmark {
    /** 1 M ints: 4 MiB, past the L2 cache and over a thousand pages, small enough for millisecond invocations. */
    static final int N = 1 << 20;

    @Param({"panama", "unsafe", "panama-codec", "unsafe-codec", "IntArrayList", "ArrayList"})
    public String impl;

    /** Holds {@value #N} elements between invocations. */
    private IntList full;

    @Setup(Level.Trial)
    public void setUp() {
        full = IntList.create(impl);
        fill(full);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        full.close();
    }

    static void fill(IntList list) {
        for (int i = 0; i < N; i++) {
            list.push(i);
        }
    }

    /** A new, empty structure grown to N by pushes, then dropped (an MMSB vector is closed: its memory is unmapped). */
    @Benchmark
    @OperationsPerInvocation(N)
    public int pushNew() {
        try (IntList list = IntList.create(impl)) {
            fill(list);
            return list.size();
        }
    }

    /** Reads every element by index, in order. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long getByIndex() {
        IntList list = full;
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += list.get(i);
        }
        return sum;
    }

    /** Reads every element through the structure's own iterator. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long iterate() {
        return full.iterateSum();
    }

    /** Writes every element by index, in order (for ArrayList a boxed Integer each). */
    @Benchmark
    @OperationsPerInvocation(N)
    public void setByIndex() {
        IntList list = full;
        for (int i = 0; i < N; i++) {
            list.set(i, i);
        }
    }

    /** Sums every element through the structure's own forEach (unboxed where it has one). */
    @Benchmark
    @OperationsPerInvocation(N)
    public long forEachSum() {
        return full.forEachSum();
    }

    /**
     * Pushes N into a list emptied with its capacity kept, so nothing grows, commits or faults in the loop: an MMSB
     * vector with {@link ShrinkPolicy#NEVER}, whose N elements' pages the trial's fill committed and touched; the Java
     * lists cleared, which keeps their arrays.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public int pushSteady(Emptied emptied) {
        IntList list = emptied.list;
        fill(list);
        return list.size();
    }

    /** Pops all N elements; an MMSB vector decommits as it shrinks. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long popAll(Refilled refilled) {
        IntList list = full;
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += list.pop();
        }
        return sum;
    }

    /**
     * Pops all N elements without any decommit: an MMSB vector with {@link ShrinkPolicy#NEVER}. Against
     * {@link #popAll}, the difference is the default policy's decommit cost. (The Java lists never shrink: the same
     * as popAll for them.)
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long popAllNoShrink(RefilledNoShrink refilled) {
        IntList list = refilled.list;
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += list.pop();
        }
        return sum;
    }

    /**
     * The seed's cycle: clear (an MMSB vector gives its pages back), then push N again (and commits and faults them
     * anew; the Java lists keep their arrays).
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public int clearAndRepush() {
        IntList list = full;
        list.clear();
        fill(list);
        return list.size();
    }

    /** Before {@link #popAll}: the list full again. */
    @State(Scope.Benchmark)
    public static class Refilled {
        @Setup(Level.Invocation)
        public void refill(VectorBenchmark bench) {
            if (bench.full.size() == 0) {
                fill(bench.full);
            }
        }
    }

    /**
     * A second list of the same impl that never gives memory back: for MMSB {@link ShrinkPolicy#NEVER}. Filled to N once
     * per trial, so that its capacity for N is committed and its pages touched before any measurement.
     */
    @State(Scope.Benchmark)
    public static class NoShrink {
        IntList list;

        @Setup(Level.Trial)
        public void setUp(VectorBenchmark bench) {
            list = IntList.create(bench.impl, ShrinkPolicy.NEVER);
            fill(list);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            list.close();
        }
    }

    /** Before {@link #pushSteady}: the {@link NoShrink} list empty, its capacity kept. */
    @State(Scope.Benchmark)
    public static class Emptied {
        IntList list;

        @Setup(Level.Invocation)
        public void empty(NoShrink noShrink) {
            list = noShrink.list;
            list.clear();
        }
    }

    /** Before {@link #popAllNoShrink}: the {@link NoShrink} list full again (pushes into committed pages). */
    @State(Scope.Benchmark)
    public static class RefilledNoShrink {
        IntList list;

        @Setup(Level.Invocation)
        public void refill(NoShrink noShrink) {
            list = noShrink.list;
            if (list.size() == 0) {
                fill(list);
            }
        }
    }
}
