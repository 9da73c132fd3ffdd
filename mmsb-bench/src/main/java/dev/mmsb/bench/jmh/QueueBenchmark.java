package dev.mmsb.bench.jmh;

import dev.mmsb.bench.ForkFlags;
import dev.mmsb.bench.subject.IntFifo;
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
 * MappedIntQueue against ArrayDeque&lt;Integer&gt; and fastutil's primitive ring buffer {@code IntArrayFIFOQueue}.
 * Scores are ns per element that goes in and comes out (one offer plus one poll).
 *
 * <p>Three forks, not two. Until the ring's first lap became its floor, each fork compiled an MMSB queue's
 * steady-state loop in one of two forms, with or without the call to the lap's slow path, depending on whether the
 * profiled code saw the growth at the first measured offer (about 1.7 ns per offer+poll without; 2.4-3.1 on Unsafe
 * and 4.0 on Panama with; docs/BENCHMARKS.md, "The queue's two speeds"). This queue now stays within its first lap,
 * so the loop compiles without the call; three forks keep the median on the common form should a fork still differ.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {ForkFlags.NATIVE_ACCESS, ForkFlags.UNSAFE_ACCESS, ForkFlags.GUICE})
public class QueueBenchmark {
    /** Elements the steady-state queue holds: it never empties, so its head and tail keep moving through memory. */
    static final int BACKLOG = 1024;
    static final int STEADY_OPS = 1 << 16;
    /** A burst: 1 M ints, 4 MiB. */
    static final int BURST = 1 << 20;

    @Param({"panama", "unsafe", "IntArrayFIFOQueue", "ArrayDeque"})
    public String impl;

    private IntFifo queue;

    @Setup(Level.Trial)
    public void setUp() {
        queue = IntFifo.create(impl);
        for (int i = 0; i < BACKLOG; i++) {
            queue.offer(i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        queue.close();
    }

    /** Offer one, poll one, with {@value #BACKLOG} elements queued: a queue in steady state. */
    @Benchmark
    @OperationsPerInvocation(STEADY_OPS)
    public long offerPollSteady() {
        IntFifo q = queue;
        long sum = 0;
        for (int i = 0; i < STEADY_OPS; i++) {
            q.offer(i);
            sum += q.poll();
        }
        return sum;
    }

    /**
     * Offer {@value #BURST} elements, then poll them all: an MMSB queue commits as it fills and decommits as it
     * drains.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long burstFillDrain() {
        IntFifo q = queue;
        for (int i = 0; i < BURST; i++) {
            q.offer(i);
        }
        long sum = 0;
        for (int i = 0; i < BURST; i++) {
            sum += q.poll();
        }
        return sum;
    }
}
