package dev.mmsb.queue;

import dev.mmsb.codec.Codecs;
import dev.mmsb.memory.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defects a new user found by using queues wrongly (issue 12); each test failed before its fix. */
class QueueMisuseTest {
    private static final String BACKENDS = "dev.mmsb.testing.TestBackends#all";

    /** An iterator made before close() said hasNext() == true afterwards. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void iteratorMadeBeforeCloseSaysClosed(Backend backend) {
        MappedQueue<Long> generic = MappedQueue.create(backend, Codecs.LONG);
        MappedIntQueue ints = MappedIntQueue.create(backend);
        MappedLongQueue longs = MappedLongQueue.create(backend);
        generic.offer(1L);
        ints.offerInt(1);
        longs.offerLong(1);
        Iterator<Long> g = generic.iterator();
        PrimitiveIterator.OfInt i = ints.iterator();
        PrimitiveIterator.OfLong l = longs.iterator();
        generic.close();
        ints.close();
        longs.close();
        for (Iterator<?> it : new Iterator<?>[] {g, i, l}) {
            IllegalStateException closed = assertThrows(IllegalStateException.class, it::hasNext);
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
            assertThrows(IllegalStateException.class, it::next);
        }
    }

    /** element() and remove() on an empty MappedQueue threw NoSuchElementException with no message. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void elementAndRemoveOnAnEmptyQueueSaySo(Backend backend) {
        try (MappedQueue<Long> q = MappedQueue.create(backend, Codecs.LONG)) {
            assertEquals("MappedQueue is empty", assertThrows(NoSuchElementException.class, q::element).getMessage());
            assertEquals("MappedQueue is empty", assertThrows(NoSuchElementException.class, q::remove).getMessage());
            q.offer(5L);
            assertEquals(5L, q.element());
            assertEquals(5L, q.remove());
            assertEquals(0, q.longSize());
            q.close();
            assertThrows(IllegalStateException.class, q::element);
            assertThrows(IllegalStateException.class, q::remove);
        }
    }

    /**
     * The too-small-reservation message said "needs at least elementSize + 2 * pageSize = 8196" while 4,097 bytes
     * worked. Now the message names the least size that works, and that size works and one byte less does not.
     */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void tooSmallReservationNamesTheLeastSizeThatWorks(Backend backend) {
        long page = backend.pageSize();
        for (int es : new int[] {1, 4, 8, 12, 1000, 4095, 4096, 4097, 10_000}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> MappedQueue.create(
                    backend, Codecs.LONG.size() == es ? Codecs.LONG : sized(es),
                    QueueOptions.defaults().withReservationBytes(1)));
            Matcher m = Pattern.compile("needs at least (\\d+) bytes").matcher(refused.getMessage());
            assertTrue(m.find(), refused.getMessage());
            long least = Long.parseLong(m.group(1));
            try (MappedQueue<Long> q = MappedQueue.create(backend, sized(es),
                    QueueOptions.defaults().withReservationBytes(least))) {
                assertTrue(q.offer(7L), "es=" + es);
                assertEquals(7L, q.poll());
            }
            assertThrows(IllegalArgumentException.class, () -> MappedQueue.create(backend, sized(es),
                    QueueOptions.defaults().withReservationBytes(least - 1)), "es=" + es + " least=" + least);
        }
        // The case the issue reported, both sides of its boundary.
        try (MappedIntQueue q = MappedIntQueue.create(backend, QueueOptions.defaults().withReservationBytes(page + 1))) {
            assertTrue(q.offerInt(1));
        }
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> MappedIntQueue.create(backend, QueueOptions.defaults().withReservationBytes(page)));
        assertTrue(one.getMessage().contains("needs at least " + (page + 1) + " bytes"), one.getMessage());
    }

    /** A codec of {@code es} bytes that stores a long in its first bytes (or fewer, zero-extended). */
    private static dev.mmsb.codec.ElementCodec<Long> sized(int es) {
        return dev.mmsb.codec.ElementCodec.of(es,
                e -> es >= 8 ? e.getLong(0) : (long) e.getByte(0),
                (e, v) -> {
                    if (es >= 8) {
                        e.putLong(0, v);
                    } else {
                        e.putByte(0, (byte) (long) v);
                    }
                });
    }
}
