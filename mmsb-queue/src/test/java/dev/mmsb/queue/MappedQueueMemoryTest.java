package dev.mmsb.queue;

import dev.mmsb.codec.Codecs;
import dev.mmsb.memory.Backend;
import dev.mmsb.testing.ProcSelf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Memory follows the live size: against the reservation's count and the kernel's VmRSS, on both backends. */
class MappedQueueMemoryTest {
    private static final long MIB = 1 << 20;

    // ---- fill 100 MiB, drain ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void drainingByPollGivesTheMemoryBack(Backend backend) {
        long n = 100 * MIB / Long.BYTES;
        try (MappedLongQueue q = MappedLongQueue.create(backend, QueueOptions.defaults())) {
            long rss0 = ProcSelf.rssBytes();
            for (long i = 0; i < n; i++) {
                if (!q.offerLong(i)) {
                    fail("offer refused at " + i);
                }
            }
            long committedFull = q.committedBytes();
            long rssFull = ProcSelf.rssBytes();
            for (long i = 0; i < n; i++) {
                long v = q.pollLong(-1);
                if (v != i) {
                    fail("polled " + v + " expected " + i);
                }
            }
            assertTrue(q.isEmpty());
            report(backend, "poll", q.committedBytes(), committedFull, rss0, rssFull, ProcSelf.rssBytes(),
                    backend.pageSize());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void drainingThroughDrainGivesTheMemoryBack(Backend backend) {
        long n = 100 * MIB / Long.BYTES;
        try (MappedQueue<Long> q = MappedQueue.create(backend, Codecs.LONG)) {
            long rss0 = ProcSelf.rssBytes();
            for (long i = 0; i < n; i++) {
                q.add(i);
            }
            long committedFull = q.committedBytes();
            long rssFull = ProcSelf.rssBytes();
            long[] next = {0};
            long drained = 0;
            while (!q.isEmpty()) {
                drained += q.drain(v -> {
                    if (v != next[0]++) {
                        fail("drained " + v + " expected " + (next[0] - 1));
                    }
                }, 1 << 20);
            }
            assertEquals(n, drained);
            report(backend, "drain", q.committedBytes(), committedFull, rss0, rssFull, ProcSelf.rssBytes(),
                    backend.pageSize());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void clearGivesTheMemoryBack(Backend backend) {
        long n = 100 * MIB / Integer.BYTES;
        try (MappedIntQueue q = MappedIntQueue.create(backend, QueueOptions.defaults())) {
            long rss0 = ProcSelf.rssBytes();
            for (long i = 0; i < n; i++) {
                q.addInt((int) i);
            }
            long committedFull = q.committedBytes();
            long rssFull = ProcSelf.rssBytes();
            q.clear();
            assertEquals(0, q.size());
            report(backend, "clear", q.committedBytes(), committedFull, rss0, rssFull, ProcSelf.rssBytes(),
                    backend.pageSize());
        }
    }

    private static void report(Backend backend, String how, long committedDrained, long committedFull, long rss0,
                               long rssFull, long rssDrained, long pageSize) {
        long slack = QueueOptions.DEFAULT_SLACK_BYTES;
        System.out.printf("fill 100 MiB, %s, %s: committed full=%.1f MiB drained=%d KiB; VmRSS before=%.1f MiB "
                        + "full=%.1f MiB drained=%.1f MiB (freed %.1f MiB)%n", how, backend.name(),
                committedFull / (double) MIB, committedDrained >> 10, rss0 / (double) MIB, rssFull / (double) MIB,
                rssDrained / (double) MIB, (rssFull - rssDrained) / (double) MIB);
        assertTrue(committedFull >= 100 * MIB, "committed when full: " + committedFull);
        assertTrue(committedDrained <= slack + pageSize, "committed after draining: " + committedDrained);
        assertTrue(rssFull - rssDrained >= 80 * MIB, "VmRSS freed: " + (rssFull - rssDrained));
    }

    // ---- streaming ----------------------------------------------------------------------------------------------

    /** 2 GiB through a queue that holds between a few and 16 MiB, never empty: the window slides forever. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void streamingKeepsCommittedBytesBoundedByTheLiveSize(Backend backend) {
        stream(backend, false);
    }

    /** 2 GiB in bursts of up to 16 MiB, each drained to empty: the queue reuses its slack and gives the rest back. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void burstsKeepCommittedBytesBoundedByTheLiveSize(Backend backend) {
        stream(backend, true);
    }

    private static void stream(Backend backend, boolean drainToEmpty) {
        long total = (2048 * MIB) / Long.BYTES;
        long maxHeld = 16 * MIB / Long.BYTES;
        long slack = QueueOptions.DEFAULT_SLACK_BYTES;
        SplittableRandom rnd = new SplittableRandom(42);
        long started = System.nanoTime();
        long rss0 = ProcSelf.rssBytes();
        try (MappedLongQueue q = MappedLongQueue.create(backend, QueueOptions.defaults())) {
            long produced = 0;
            long consumed = 0;
            long maxCommitted = 0;
            long maxSize = 0;
            while (consumed < total) {
                long high = drainToEmpty ? maxHeld : maxHeld / 2 + rnd.nextLong(maxHeld / 2 + 1);
                while (produced - consumed < high && produced < total) {
                    if (!q.offerLong(produced++)) {
                        fail("offer refused");
                    }
                    long c = q.committedBytes();
                    if (c > maxCommitted) {
                        maxCommitted = c;
                    }
                }
                maxSize = Math.max(maxSize, q.size());
                long low = drainToEmpty || produced == total ? 0 : 1 + rnd.nextLong(maxHeld / 4);
                while (produced - consumed > low) {
                    long v = q.pollLong(-1);
                    if (v != consumed++) {
                        fail("polled " + v + " expected " + (consumed - 1));
                    }
                }
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            long rssGrowth = ProcSelf.rssBytes() - rss0;
            System.out.printf("stream 2 GiB (%s) on %s: %d ms, max size %.1f MiB, max committed %.2f MiB "
                            + "(bound 16 MiB + slack = %.2f MiB), committed at end %d KiB, VmRSS growth %.1f MiB%n",
                    drainToEmpty ? "bursts drained to empty" : "sliding", backend.name(), ms,
                    maxSize * 8 / (double) MIB, maxCommitted / (double) MIB, (16 * MIB + slack) / (double) MIB,
                    q.committedBytes() >> 10, rssGrowth / (double) MIB);
            assertTrue(maxSize * Long.BYTES <= 16 * MIB);
            assertTrue(maxCommitted <= 16 * MIB + slack, "max committed " + maxCommitted);
            assertTrue(q.committedBytes() <= slack, "committed at end " + q.committedBytes());
            assertTrue(rssGrowth < 64 * MIB, "VmRSS grew by " + rssGrowth);
        }
    }
}
