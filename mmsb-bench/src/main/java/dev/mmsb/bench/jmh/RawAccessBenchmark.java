package dev.mmsb.bench.jmh;

import dev.mmsb.bench.ForkFlags;
import dev.mmsb.bench.subject.Impl;
import dev.mmsb.memory.Reservation;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Typed access to a committed 64 MiB region: sequential and random {@code int} and {@code long} reads and writes, and
 * bulk copies from a {@code byte[]}. Peer {@code array}: the same loops over Java arrays, the JVM's best case. Scores
 * are ns per element (per MiB for the bulk copy). Every loop has the same shape, an int index scaled to a byte offset,
 * because the loop's shape, not the backend, decides whether C2 vectorises it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {ForkFlags.NATIVE_ACCESS, ForkFlags.UNSAFE_ACCESS, ForkFlags.GUICE})
public class RawAccessBenchmark {
    static final int REGION = 64 << 20;
    static final int INTS = REGION / Integer.BYTES;
    static final int LONGS = REGION / Long.BYTES;
    static final int RANDOM = 1 << 20;
    static final int CHUNK = 1 << 20;
    static final int CHUNKS = REGION / CHUNK;

    /**
     * MMSB on a backend, or the {@code array} peer; {@code panama-huge} / {@code unsafe-huge}: the region advised
     * {@code MADV_HUGEPAGE} before it is committed and touched, so it is backed by 2 MiB pages and random access misses
     * the TLB far less (64 MiB is 32 huge-page TLB entries, against 16,384 small ones).
     */
    @Param({"panama", "unsafe", "array", "panama-huge", "unsafe-huge"})
    public String impl;

    private boolean array;
    private Reservation memory;
    private int[] ints;
    private long[] longs;
    private byte[] bytes;
    private final byte[] chunk = new byte[CHUNK];
    /** Random element indices; the reservation loops turn them into byte offsets as they go. */
    private int[] intIndices;
    private int[] longIndices;

    @Setup(Level.Trial)
    public void setUp() {
        array = impl.equals("array");
        if (array) {
            ints = new int[INTS];
            longs = new long[LONGS];
            bytes = new byte[REGION];
        } else {
            memory = Impl.backend(impl).reserve(REGION);
            if ("huge".equals(Impl.flavour(impl)) && !memory.adviseHugePages(0, REGION)) {
                throw new IllegalStateException("the kernel refused MADV_HUGEPAGE; " + impl + " would measure 4 KiB"
                        + " pages");
            }
            memory.commit(0, REGION);
            memory.fill(0, REGION, (byte) 1); // fault every page in before measuring
        }
        SplittableRandom random = new SplittableRandom(42);
        intIndices = random.ints(RANDOM, 0, INTS).toArray();
        longIndices = random.ints(RANDOM, 0, LONGS).toArray();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (memory != null) {
            memory.release();
        }
    }

    @Benchmark
    @OperationsPerInvocation(INTS)
    public int seqGetInt() {
        int sum = 0;
        if (array) {
            for (int i = 0; i < INTS; i++) {
                sum += ints[i];
            }
        } else {
            Reservation m = memory;
            for (int i = 0; i < INTS; i++) {
                sum += m.getInt((long) i * Integer.BYTES);
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(INTS)
    public void seqPutInt() {
        if (array) {
            for (int i = 0; i < INTS; i++) {
                ints[i] = i;
            }
        } else {
            Reservation m = memory;
            for (int i = 0; i < INTS; i++) {
                m.putInt((long) i * Integer.BYTES, i);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(LONGS)
    public long seqGetLong() {
        long sum = 0;
        if (array) {
            for (int i = 0; i < LONGS; i++) {
                sum += longs[i];
            }
        } else {
            Reservation m = memory;
            for (int i = 0; i < LONGS; i++) {
                sum += m.getLong((long) i * Long.BYTES);
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(LONGS)
    public void seqPutLong() {
        if (array) {
            for (int i = 0; i < LONGS; i++) {
                longs[i] = i;
            }
        } else {
            Reservation m = memory;
            for (int i = 0; i < LONGS; i++) {
                m.putLong((long) i * Long.BYTES, i);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(RANDOM)
    public int randomGetInt() {
        int sum = 0;
        if (array) {
            for (int index : intIndices) {
                sum += ints[index];
            }
        } else {
            Reservation m = memory;
            for (int index : intIndices) {
                sum += m.getInt((long) index * Integer.BYTES);
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RANDOM)
    public void randomPutInt() {
        if (array) {
            for (int index : intIndices) {
                ints[index] = index;
            }
        } else {
            Reservation m = memory;
            for (int index : intIndices) {
                m.putInt((long) index * Integer.BYTES, index);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(RANDOM)
    public long randomGetLong() {
        long sum = 0;
        if (array) {
            for (int index : longIndices) {
                sum += longs[index];
            }
        } else {
            Reservation m = memory;
            for (int index : longIndices) {
                sum += m.getLong((long) index * Long.BYTES);
            }
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RANDOM)
    public void randomPutLong() {
        if (array) {
            for (int index : longIndices) {
                longs[index] = index;
            }
        } else {
            Reservation m = memory;
            for (int index : longIndices) {
                m.putLong((long) index * Long.BYTES, index);
            }
        }
    }

    /** Copies a 1 MiB {@code byte[]} into each MiB of the region. */
    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void bulkPutBytes() {
        for (int i = 0; i < CHUNKS; i++) {
            if (array) {
                System.arraycopy(chunk, 0, bytes, i * CHUNK, CHUNK);
            } else {
                memory.put((long) i * CHUNK, chunk, 0, CHUNK);
            }
        }
    }
}
