package dev.mmsb.queue;

import dev.mmsb.memory.Backend;
import dev.mmsb.testing.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A producer thread and a consumer thread pass {@code mmsb.spsc.stressElements} elements (default 2^30, over 1 G) per
 * backend through a bounded {@link MappedLongSpscQueue} of small chunks, with random batch sizes, random operations
 * and random pauses on both sides. Element {@code n} is {@code mix(n)}, a bijection, so the consumer checks every
 * element is complete (both halves belong to one value) and that nothing was lost, duplicated or reordered; both
 * sides also keep a checksum. A third thread, and both roles after every operation, check that the committed bytes
 * never exceed the documented bound for the queue's capacity.
 */
class MappedSpscQueueStressTest {
    private static final long ELEMENTS = Long.getLong("mmsb.spsc.stressElements", 1L << 30);
    private static final int CAPACITY = 100_000;
    /** 64 KiB chunks of 8192 longs: a boundary every few batches, and chunks reused and released all the time. */
    private static final SpscQueueOptions OPTIONS =
            SpscQueueOptions.defaults().withChunkBytes(64 << 10).withMaxCapacityElements(CAPACITY);

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    static long mix(long n) {
        return n * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void oneGigaElementsPassInOrder(Backend backend) throws Exception {
        MappedLongSpscQueue q = MappedLongSpscQueue.create(backend, OPTIONS);
        long bound = q.committedBound(CAPACITY);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong producerSum = new AtomicLong();
        AtomicLong consumerSum = new AtomicLong();
        AtomicLong maxCommitted = new AtomicLong();
        long start = System.nanoTime();

        Thread producer = new Thread(() -> {
            SplittableRandom rnd = new SplittableRandom(1);
            long[] batch = new long[4096];
            long n = 0;
            long sum = 0;
            try {
                while (n < ELEMENTS && failure.get() == null) {
                    int op = rnd.nextInt(100);
                    if (op < 10) {
                        if (q.offerLong(mix(n))) {
                            sum += mix(n++);
                        }
                    } else if (op < 12) {
                        q.putLong(mix(n), IdleStrategy.backoff(100, 10, 1000));
                        sum += mix(n++);
                    } else {
                        int k = (int) Math.min(1 + rnd.nextInt(batch.length), ELEMENTS - n);
                        for (int j = 0; j < k; j++) {
                            batch[j] = mix(n + j);
                        }
                        int took = q.offer(batch, 0, k);
                        for (int j = 0; j < took; j++) {
                            sum += batch[j];
                        }
                        n += took;
                    }
                    pause(rnd);
                    check(q, bound, maxCommitted);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            producerSum.set(sum);
        }, "spsc-producer");

        Thread consumer = new Thread(() -> {
            SplittableRandom rnd = new SplittableRandom(2);
            long[] buf = new long[4096];
            long[] state = {0, 0}; // next expected, checksum
            try {
                while (state[0] < ELEMENTS && failure.get() == null) {
                    int op = rnd.nextInt(100);
                    if (op < 10) {
                        long v = q.pollLong(Long.MIN_VALUE);
                        if (v != Long.MIN_VALUE) {
                            expect(state, v);
                        }
                    } else if (op < 12) {
                        long peeked = q.peekLong(Long.MIN_VALUE);
                        if (peeked != Long.MIN_VALUE) {
                            assertEquals(mix(state[0]), peeked, "peek at " + state[0]);
                        }
                    } else if (op < 55) {
                        int got = q.drainTo(buf, 0, 1 + rnd.nextInt(buf.length));
                        for (int j = 0; j < got; j++) {
                            expect(state, buf[j]);
                        }
                    } else {
                        q.drain(v -> expect(state, v), 1 + rnd.nextInt(4096));
                    }
                    pause(rnd);
                    check(q, bound, maxCommitted);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                q.close(); // a producer waiting in put gets IllegalStateException rather than waiting forever
            }
            consumerSum.set(state[1]);
        }, "spsc-consumer");

        Thread monitor = new Thread(() -> {
            while (!done.get()) {
                try {
                    check(q, bound, maxCommitted);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }, "spsc-monitor");

        monitor.start();
        producer.start();
        consumer.start();
        producer.join();
        consumer.join();
        done.set(true);
        monitor.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %,d elements in %.1f s (%.0f M/s), %d chunks reserved, %d released, max committed %d"
                        + " of bound %d%n", backend.name(), ELEMENTS, seconds, ELEMENTS / seconds / 1e6,
                q.chunksReserved(), q.chunksReleased(), maxCommitted.get(), bound);
        assertNull(failure.get(), () -> "failed: " + failure.get());
        assertEquals(producerSum.get(), consumerSum.get(), "checksum");
        assertTrue(q.isEmpty());
        assertTrue(q.committedBytes() <= q.committedBound(0), q.toString());
        q.close();
        assertEquals(0, q.committedBytes());
    }

    private static void expect(long[] state, long v) {
        long want = mix(state[0]);
        if (v != want) {
            throw new AssertionError("element " + state[0] + ": got " + Long.toHexString(v) + ", want "
                    + Long.toHexString(want));
        }
        state[0]++;
        state[1] += v;
    }

    private static void check(MappedLongSpscQueue q, long bound, AtomicLong max) {
        long committed = q.committedBytes();
        if (committed > bound) {
            throw new AssertionError("committed " + committed + " > bound " + bound + ": " + q);
        }
        if (committed > max.get()) {
            max.accumulateAndGet(committed, Math::max);
        }
    }

    /** Now and then one side stops for a while, so that the queue runs both full and empty. */
    private static void pause(SplittableRandom rnd) {
        int p = rnd.nextInt(10_000);
        if (p < 3) {
            LockSupport.parkNanos(rnd.nextInt(200_000));
        } else if (p < 30) {
            Thread.yield();
        }
    }
}
