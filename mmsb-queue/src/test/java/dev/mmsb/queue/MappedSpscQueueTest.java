package dev.mmsb.queue;

import dev.mmsb.codec.Codecs;
import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;
import dev.mmsb.testing.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SPSC queues' single-call contract: order across chunks, bounds, batches, spares, close and misuse. */
class MappedSpscQueueTest {
    /** 4 KiB chunks: 1024 ints, so every test crosses many chunk boundaries. */
    private static final SpscQueueOptions SMALL = SpscQueueOptions.defaults().withChunkBytes(4096);

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void fifoAcrossChunksWithEveryOperation(Backend backend) {
        try (MappedIntSpscQueue q = MappedIntSpscQueue.create(backend, SMALL)) {
            int next = 0;
            int expect = 0;
            int[] batch = new int[3000];
            int[] out = new int[3000];
            for (int round = 0; round < 50; round++) {
                for (int k = 0; k < 700; k++) {
                    assertTrue(q.offerInt(next++));
                }
                for (int k = 0; k < batch.length; k++) {
                    batch[k] = next++;
                }
                assertEquals(batch.length, q.offer(batch, 0, batch.length));
                assertEquals(3700, q.size());
                assertEquals(expect, q.peekInt(-1));
                for (int k = 0; k < 500; k++) {
                    assertEquals(expect++, q.pollInt(-1));
                }
                assertEquals(2000, q.drainTo(out, 0, 2000));
                for (int k = 0; k < 2000; k++) {
                    assertEquals(expect++, out[k]);
                }
                int[] want = {expect};
                assertEquals(1200, q.drain(v -> assertEquals(want[0]++, v), 5000));
                expect = want[0];
                assertTrue(q.isEmpty());
                assertEquals(-1, q.pollInt(-1));
            }
            assertEquals(next, expect);
            // Level at most 3700 elements: 4 chunks in the chain, 2 spares; nothing more ever stayed committed.
            assertTrue(q.committedBytes() <= q.committedBound(3700), q.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void boundedRefusesWhenFullAndTakesAgainAfterPolls(Backend backend) {
        try (MappedLongSpscQueue q = MappedLongSpscQueue.create(backend, SMALL.withMaxCapacityElements(1000))) {
            long[] src = new long[1500];
            for (int i = 0; i < src.length; i++) {
                src[i] = i * 3L;
            }
            assertEquals(1000, q.offer(src, 0, src.length));
            assertFalse(q.offerLong(7));
            assertEquals(0, q.offer(src, 0, 10));
            assertEquals(0L, q.pollLong(-1));
            assertTrue(q.offerLong(7));
            assertFalse(q.offerLong(8));
            assertEquals(1000, q.size());
            assertEquals(1000, q.capacity());
        }
    }

    /** A queue at a steady level reuses its spare chunks: no reservation, no release, however much passes. */
    @ParameterizedTest
    @MethodSource("backends")
    void steadyLevelMakesNoPagingCall(Backend backend) {
        try (MappedIntSpscQueue q = MappedIntSpscQueue.create(backend, SMALL)) {
            for (int i = 0; i < 5000; i++) {
                q.offerInt(i);
            }
            for (int i = 0; i < 20_000; i++) { // warm: the spare ring fills
                q.offerInt(i);
                q.pollInt(-1);
            }
            long reserved = q.chunksReserved();
            long released = q.chunksReleased();
            long committed = q.committedBytes();
            for (int i = 0; i < 2_000_000; i++) {
                q.offerInt(i);
                q.pollInt(-1);
            }
            assertEquals(reserved, q.chunksReserved());
            assertEquals(released, q.chunksReleased());
            assertEquals(committed, q.committedBytes());
        }
    }

    /** Draining gives the chunks back: all but the current one and the spares. */
    @ParameterizedTest
    @MethodSource("backends")
    void drainGivesChunksBack(Backend backend) {
        try (MappedLongSpscQueue q = MappedLongSpscQueue.create(backend, SMALL)) {
            for (long i = 0; i < 512 * 100; i++) {
                assertTrue(q.offerLong(i));
            }
            assertEquals(100 * 4096L, q.committedBytes());
            long[] sum = {0};
            assertEquals(512 * 100, q.drain(v -> sum[0] += v, Long.MAX_VALUE));
            assertEquals(512L * 100 * (512 * 100 - 1) / 2, sum[0]);
            assertTrue(q.committedBytes() <= q.committedBound(0), q.toString());
            assertEquals(3 * 4096L, q.committedBound(0));
        }
        // After close nothing stays committed.
        MappedLongSpscQueue q = MappedLongSpscQueue.create(backend, SMALL);
        q.offerLong(1);
        q.close();
        assertEquals(0, q.committedBytes());
        assertThrows(IllegalStateException.class, () -> q.offerLong(2));
        assertThrows(IllegalStateException.class, () -> q.pollLong(0));
        q.close();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void noAllocationOnOfferAndPoll(Backend backend) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (MappedLongSpscQueue q = MappedLongSpscQueue.create(backend, SMALL)) {
            long[] buf = new long[256];
            Runnable round = () -> {
                for (int i = 0; i < 100_000; i++) {
                    q.offerLong(i);
                    q.offer(buf, 0, 3);
                    q.pollLong(0);
                    q.drainTo(buf, 0, 3);
                }
            };
            round.run(); // warm, and fill the spare ring
            long before = mx.getCurrentThreadAllocatedBytes();
            round.run();
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 4096, "allocated " + allocated + " bytes in 800k operations");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void genericQueueKeepsOrderAndRefusesNull(Backend backend) {
        ElementCodec<Long> codec = Codecs.LONG;
        try (MappedSpscQueue<Long> q = MappedSpscQueue.create(backend, codec, SMALL.withMaxCapacityElements(2000))) {
            Long[] src = new Long[1500];
            for (int i = 0; i < src.length; i++) {
                src[i] = (long) i;
            }
            assertEquals(1500, q.offer(src, 0, 1500));
            assertEquals(500, q.offer(src, 0, 1500));
            assertFalse(q.offer(9L));
            assertThrows(NullPointerException.class, () -> q.offer((Long) null));
            assertEquals(0L, q.peek());
            List<Long> got = new ArrayList<>();
            assertEquals(2000, q.drain(got::add, 5000));
            for (int i = 0; i < 2000; i++) {
                assertEquals(i < 1500 ? i : i - 1500, got.get(i));
            }
            assertNull(q.poll());
        }
    }

    /** A sink that calls back into its role, or closes the queue, gets an exception; nothing reaches memory. */
    @ParameterizedTest
    @MethodSource("backends")
    void reentryIsRefusedAndCloseFromASinkStopsTheDrain(Backend backend) {
        MappedIntSpscQueue q = MappedIntSpscQueue.create(backend, SMALL);
        for (int i = 0; i < 5000; i++) {
            q.offerInt(i);
        }
        assertThrows(ConcurrentModificationException.class, () -> q.drain(v -> q.pollInt(0), 10));
        assertEquals(0, q.peekInt(-1)); // the element whose sink threw stays at the head
        int[] seen = {0};
        assertThrows(IllegalStateException.class, () -> q.drain(v -> {
            seen[0]++;
            if (v == 10) {
                q.close();
            }
        }, 100));
        assertEquals(11, seen[0]);
        assertTrue(q.isClosed());
        assertEquals(0, q.committedBytes()); // the drain, the last role to leave, released the chunks
    }

    /** A second producer overlapping the first gets ConcurrentModificationException, not a corrupted queue. */
    @ParameterizedTest
    @MethodSource("backends")
    void overlappingProducerIsDetected(Backend backend) throws Exception {
        try (MappedIntSpscQueue q = MappedIntSpscQueue.create(backend, SMALL);
             MappedSpscQueue<Long> g = MappedSpscQueue.create(backend, blockingCodec(), SMALL)) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            BLOCK.set(new CountDownLatch[] {inside, release});
            Thread producer = new Thread(() -> g.offer(1L));
            producer.start();
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            assertThrows(ConcurrentModificationException.class, () -> g.offer(2L));
            release.countDown();
            producer.join();
            assertEquals(1, g.size());
            assertEquals(1L, g.poll());
            assertTrue(q.offerInt(1));
        }
    }

    /** close() from another thread while a codec runs: the operation fails, the last role to leave releases. */
    @ParameterizedTest
    @MethodSource("backends")
    void closeWhileAnOperationRunsMakesItFail(Backend backend) throws Exception {
        MappedSpscQueue<Long> g = MappedSpscQueue.create(backend, blockingCodec(), SMALL);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BLOCK.set(new CountDownLatch[] {inside, release});
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                g.offer(1L);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        producer.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        g.close();
        assertTrue(g.committedBytes() > 0, "released while the producer was inside");
        release.countDown();
        producer.join();
        assertInstanceOf(IllegalStateException.class, failure.get());
        assertEquals(0, g.committedBytes());
    }

    private static final AtomicReference<CountDownLatch[]> BLOCK = new AtomicReference<>();

    /** A long codec whose write of 1 waits until the test lets it go. */
    private static ElementCodec<Long> blockingCodec() {
        return ElementCodec.of(8, b -> b.getLong(0), (b, v) -> {
            CountDownLatch[] latches = BLOCK.get();
            if (v == 1L && latches != null) {
                latches[0].countDown();
                try {
                    latches[1].await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            b.putLong(0, v);
        });
    }
}
