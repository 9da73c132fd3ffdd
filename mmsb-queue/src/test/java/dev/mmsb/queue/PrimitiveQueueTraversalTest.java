package dev.mmsb.queue;

import dev.mmsb.memory.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.ConcurrentModificationException;
import java.util.PrimitiveIterator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** forEachInt/forEachLong, stream() and toArray() on the primitive queues, as the primitive vectors have them. */
class PrimitiveQueueTraversalTest {
    private static final String BACKENDS = "dev.mmsb.testing.TestBackends#all";

    /** The elements in order, also when they wrap round the end of the lap, by all four routes. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void traversalsSeeTheElementsHeadFirstAlsoWhenWrapped(Backend backend) {
        try (MappedIntQueue ints = MappedIntQueue.create(backend);
             MappedLongQueue longs = MappedLongQueue.create(backend)) {
            assertEquals(0, ints.toArray().length);
            assertEquals(0, ints.stream().count());
            // Fill the lap, drain half and add a quarter: the elements wrap past its end without the lap changing.
            ints.offerInt(0);
            longs.offerLong(0);
            int next = 1;
            while (ints.size() < ints.ring().slots) {
                ints.offerInt(next++);
            }
            for (long k = ints.ring().slots / 2; k > 0; k--) {
                ints.pollInt(-1);
            }
            for (long k = ints.ring().slots / 4; k > 0; k--) {
                ints.offerInt(next++);
            }
            long nextLong = 1;
            while (longs.size() < longs.ring().slots) {
                longs.offerLong(nextLong++);
            }
            for (long k = longs.ring().slots / 2; k > 0; k--) {
                longs.pollLong(-1);
            }
            for (long k = longs.ring().slots / 4; k > 0; k--) {
                longs.offerLong(nextLong++);
            }
            assertTrue(ints.ring().tailOff < ints.ring().headOff, "wrapped: " + ints.ring());
            assertTrue(longs.ring().tailOff < longs.ring().headOff, "wrapped: " + longs.ring());
            int[] expected = new int[(int) ints.size()];
            PrimitiveIterator.OfInt it = ints.iterator();
            for (int i = 0; i < expected.length; i++) {
                expected[i] = it.nextInt();
            }
            assertArrayEquals(expected, ints.toArray());
            assertArrayEquals(expected, ints.stream().toArray());
            assertEquals(IntStream.of(expected).asLongStream().sum(), ints.stream().parallel().asLongStream().sum());
            IntStream.Builder seen = IntStream.builder();
            ints.forEachInt(seen::add);
            assertArrayEquals(expected, seen.build().toArray());

            long[] expectedLongs = new long[(int) longs.size()];
            PrimitiveIterator.OfLong lit = longs.iterator();
            for (int i = 0; i < expectedLongs.length; i++) {
                expectedLongs[i] = lit.nextLong();
            }
            assertArrayEquals(expectedLongs, longs.toArray());
            assertArrayEquals(expectedLongs, longs.stream().toArray());
            LongStream.Builder seenLongs = LongStream.builder();
            longs.forEachLong(seenLongs::add);
            assertArrayEquals(expectedLongs, seenLongs.build().toArray());
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void aParallelStreamOfManyElementsSplits(Backend backend) {
        try (MappedLongQueue q = MappedLongQueue.create(backend)) {
            for (long i = 0; i < 1_000_000; i++) {
                q.offerLong(i);
            }
            assertTrue(q.stream().spliterator().trySplit() != null);
            assertEquals(999_999L * 1_000_000 / 2, q.stream().parallel().sum());
            assertArrayEquals(LongStream.range(0, 1_000_000).toArray(), q.stream().parallel().toArray());
        }
    }

    /** Fail-fast: a change during a traversal is a ConcurrentModificationException, a close IllegalStateException. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void changesDuringATraversalFailFast(Backend backend) {
        try (MappedIntQueue q = MappedIntQueue.create(backend)) {
            for (int i = 0; i < 10; i++) {
                q.offerInt(i);
            }
            assertThrows(ConcurrentModificationException.class, () -> q.forEachInt(x -> q.offerInt(x)));
            assertThrows(ConcurrentModificationException.class, () -> q.forEachInt(x -> q.pollInt(-1)));
            assertThrows(ConcurrentModificationException.class, () -> q.stream().forEach(x -> q.clear()));
            for (int i = 0; i < 10; i++) {
                q.offerInt(i);
            }
            IntStream stale = q.stream();
            q.pollInt(-1);
            assertThrows(ConcurrentModificationException.class, stale::sum);
            assertThrows(IllegalStateException.class, () -> q.forEachInt(x -> q.close()));
        }
        MappedLongQueue closed = MappedLongQueue.create(backend);
        closed.offerLong(1);
        closed.close();
        assertThrows(IllegalStateException.class, closed::toArray);
        assertThrows(IllegalStateException.class, closed::stream);
        assertThrows(IllegalStateException.class, () -> closed.forEachLong(x -> { }));
    }

    /** forEachInt reads the lap directly: no chunk buffer, no boxing. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void forEachAllocatesNothing(Backend backend) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (MappedIntQueue q = MappedIntQueue.create(backend)) {
            for (int i = 0; i < 100_000; i++) {
                q.offerInt(i);
            }
            long[] sum = {0};
            java.util.function.IntConsumer add = x -> sum[0] += x;
            for (int warm = 0; warm < 20; warm++) {
                q.forEachInt(add);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            q.forEachInt(add);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 1_024, "forEachInt over 100,000 elements allocated " + allocated + " bytes");
            assertEquals(21L * (99_999L * 100_000 / 2), sum[0]);
        }
    }
}
