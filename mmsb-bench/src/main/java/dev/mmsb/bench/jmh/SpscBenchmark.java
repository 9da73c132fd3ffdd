package dev.mmsb.bench.jmh;

import dev.mmsb.bench.ForkFlags;
import dev.mmsb.memory.Backends;
import dev.mmsb.queue.MappedIntSpscQueue;
import dev.mmsb.queue.SpscQueueOptions;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.SpscArrayQueue;
import org.jctools.queues.SpscUnboundedArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One producer thread and one consumer thread ({@code @Group}) passing ints through MappedIntSpscQueue and its peers:
 * JCTools' SpscArrayQueue&lt;Integer&gt; and SpscUnboundedArrayQueue&lt;Integer&gt;, Agrona's OneToOneRingBuffer
 * with 4-byte messages (tryClaim/commit, read one at a time), and ArrayBlockingQueue&lt;Integer&gt;. Every queue holds
 * at most 65,536 elements. The score that counts is the aux counter {@code polled}: elements per second that went in
 * and came out; failed offers and polls (full, empty) are counted apart and are not elements. The boxed queues offer
 * one preallocated Integer, so the producer allocates nothing and the B/op from {@code -prof gc} is the queue's own.
 * Run pinned to two cores: {@code taskset -c 0,1 java -jar mmsb-bench.jar SpscBenchmark -f 1 -wi 3 -i 5 -prof gc}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Agrona 2 reads jdk.internal.misc.Unsafe.
@Fork(value = 1, jvmArgsAppend = {ForkFlags.NATIVE_ACCESS, ForkFlags.UNSAFE_ACCESS, ForkFlags.GUICE,
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SpscBenchmark {
    static final int CAPACITY = 1 << 16;
    private static final Integer BOXED = 42;

    @Param({"panama", "unsafe", "panama-batch", "unsafe-batch", "SpscArrayQueue", "SpscUnboundedArrayQueue",
            "OneToOneRingBuffer", "ArrayBlockingQueue"})
    public String impl;

    private MappedIntSpscQueue mmsb;
    private boolean batch;
    private Queue<Integer> boxed;
    private OneToOneRingBuffer ring;
    private UnsafeBuffer ringBuffer;
    private final int[] out = new int[256];
    private final int[] in = new int[256];
    private int lastRead;
    private final MessageHandler handler = (type, buffer, index, length) -> lastRead = buffer.getInt(index);

    @Setup(Level.Trial)
    public void setUp() {
        switch (impl) {
            case "panama", "unsafe", "panama-batch", "unsafe-batch" -> {
                mmsb = MappedIntSpscQueue.create(Backends.load(impl.replace("-batch", "")),
                        SpscQueueOptions.defaults().withMaxCapacityElements(CAPACITY));
                batch = impl.endsWith("-batch");
            }
            case "SpscArrayQueue" -> boxed = new SpscArrayQueue<>(CAPACITY);
            case "SpscUnboundedArrayQueue" -> boxed = new SpscUnboundedArrayQueue<>(1024);
            case "ArrayBlockingQueue" -> boxed = new ArrayBlockingQueue<>(CAPACITY);
            case "OneToOneRingBuffer" -> {
                // 4-byte messages take 16 bytes each (8-byte header, aligned to 8): 1 MiB holds 65,536.
                ringBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect((16 * CAPACITY)
                        + RingBufferDescriptor.TRAILER_LENGTH));
                ring = new OneToOneRingBuffer(ringBuffer);
            }
            default -> throw new IllegalArgumentException(impl);
        }
    }

    /**
     * After the run: drain, then print what each queue still holds: MMSB's committed bytes, measured; the peers'
     * footprints, from their sizes (their arrays and buffers stay allocated whatever they hold).
     */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (mmsb != null) {
            while (mmsb.drainTo(out, 0, out.length) > 0) {
                // drain
            }
            System.out.println("\n[memory after drain] " + impl + ": committedBytes=" + mmsb.committedBytes());
            mmsb.close();
            System.out.println("[memory after close] " + impl + ": committedBytes=" + mmsb.committedBytes());
        } else if (boxed != null) {
            boxed.clear();
            System.out.println("\n[memory after drain] " + impl + ": reference array kept (not measured here)");
        } else {
            System.out.println("\n[memory after drain] " + impl + ": " + ringBuffer.capacity() + " bytes direct, kept");
        }
    }

    /** Successful and failed operations per second, per thread; {@code polled} is the element rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long offered;
        public long offerFailed;
        public long polled;
        public long pollFailed;
    }

    @Benchmark
    @Group("spsc")
    @GroupThreads(1)
    public void offer(Counters c) {
        int n;
        if (mmsb != null) {
            n = batch ? mmsb.offer(in, 0, in.length) : (mmsb.offerInt(7) ? 1 : 0);
        } else if (boxed != null) {
            n = boxed.offer(BOXED) ? 1 : 0;
        } else {
            int index = ring.tryClaim(1, Integer.BYTES);
            if (index > 0) {
                ringBuffer.putInt(index, 7);
                ring.commit(index);
                n = 1;
            } else {
                n = 0;
            }
        }
        if (n > 0) {
            c.offered += n;
        } else {
            c.offerFailed++;
        }
    }

    @Benchmark
    @Group("spsc")
    @GroupThreads(1)
    public int poll(Counters c) {
        int n;
        int v = 0;
        if (mmsb != null) {
            if (batch) {
                n = mmsb.drainTo(out, 0, out.length);
                v = out[0];
            } else {
                v = mmsb.pollInt(Integer.MIN_VALUE);
                n = v == Integer.MIN_VALUE ? 0 : 1;
            }
        } else if (boxed != null) {
            Integer e = boxed.poll();
            n = e == null ? 0 : 1;
            v = n == 0 ? 0 : e;
        } else {
            n = ring.read(handler, 1);
            v = lastRead;
        }
        if (n > 0) {
            c.polled += n;
        } else {
            c.pollFailed++;
        }
        return v;
    }
}
