package dev.mmsb.bench.jmh;

import dev.mmsb.bench.ForkFlags;
import dev.mmsb.memory.Backends;
import dev.mmsb.queue.MappedIntSpscQueue;
import dev.mmsb.queue.SpscQueueOptions;
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
 * What one chunk costs the SPSC queue when it is not reused: one chunk's worth of ints (1024, a 4 KiB chunk) offered
 * and drained as arrays, with {@code spares} 0 (every chunk reserved, committed, faulted in and released: on Panama the
 * release closes the chunk's shared arena, a handshake with every thread) or 2 (the spare ring hands the chunk back:
 * no paging call at all). The difference is the price the spare ring amortises. One thread; ns per chunk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.NATIVE_ACCESS, ForkFlags.UNSAFE_ACCESS, ForkFlags.GUICE})
public class SpscChunkBenchmark {
    @Param({"panama", "unsafe"})
    public String impl;

    @Param({"0", "2"})
    public int spares;

    private MappedIntSpscQueue queue;
    private final int[] chunk = new int[1024];

    @Setup(Level.Trial)
    public void setUp() {
        queue = MappedIntSpscQueue.create(Backends.load(impl),
                SpscQueueOptions.defaults().withChunkBytes(4096).withSpareChunks(spares));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        queue.close();
    }

    @Benchmark
    public int chunkThrough() {
        queue.offer(chunk, 0, chunk.length);
        return queue.drainTo(chunk, 0, chunk.length);
    }
}
