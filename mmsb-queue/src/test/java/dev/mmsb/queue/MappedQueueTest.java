package dev.mmsb.queue;

import dev.mmsb.codec.Codecs;
import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contracts one by one, on both backends. */
class MappedQueueTest {
    private static final String BACKENDS = "dev.mmsb.testing.TestBackends#all";

    static final class Point {
        final int x;
        final long y;

        Point(int x, long y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point && ((Point) o).x == x && ((Point) o).y == y;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(31L * x + y);
        }
    }

    static final ElementCodec<Point> POINT = ElementCodec.of(12,
            e -> new Point(e.getInt(0), e.getLong(4)),
            (e, p) -> {
                e.putInt(0, p.x);
                e.putLong(4, p.y);
            });

    // ---- options and construction -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void optionsRefuseBadValues(Backend backend) {
        assertThrows(IllegalArgumentException.class, () -> QueueOptions.defaults().withMaxCapacityElements(0));
        assertThrows(IllegalArgumentException.class, () -> QueueOptions.defaults().withMaxCapacityElements(-1));
        assertThrows(IllegalArgumentException.class, () -> QueueOptions.defaults().withSlackBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> QueueOptions.defaults().withReservationBytes(0));
        QueueOptions o = QueueOptions.defaults().withMaxCapacityElements(10).withSlackBytes(5).withReservationBytes(1 << 20);
        assertEquals(10, o.maxCapacityElements().getAsLong());
        assertFalse(o.withoutMaxCapacity().maxCapacityElements().isPresent());
        assertEquals(5, o.slackBytes());
        assertEquals(1 << 20, o.reservationBytes().getAsLong());
        assertTrue(o.toString().contains("maxCapacityElements=10"), o.toString());
        assertEquals(o, QueueOptions.defaults().withSlackBytes(5).withReservationBytes(1 << 20)
                .withMaxCapacityElements(10), "options are values");
        assertFalse(QueueOptions.defaults().maxCapacityElements().isPresent());
        assertFalse(QueueOptions.defaults().reservationBytes().isPresent());

        assertThrows(NullPointerException.class, () -> MappedQueue.create(backend, null));
        assertThrows(NullPointerException.class, () -> MappedQueue.create(backend, Codecs.LONG, null));
        assertThrows(NullPointerException.class, () -> MappedIntQueue.create(null, QueueOptions.defaults()));
        long page = backend.pageSize();
        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class,
                () -> MappedLongQueue.create(backend, QueueOptions.defaults().withReservationBytes(page)));
        assertTrue(tiny.getMessage().contains("cannot hold"), tiny.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> MappedLongQueue.create(
                backend, QueueOptions.defaults().withMaxCapacityElements(10_000).withReservationBytes(4 * page)));
        assertTrue(small.getMessage().contains("fewer than maxCapacity=10000"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MappedLongQueue.create(backend,
                QueueOptions.defaults().withMaxCapacityElements(Long.MAX_VALUE / 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void reservationFollowsTheBoundAndNothingIsCommittedUpFront(Backend backend) {
        long page = backend.pageSize();
        try (MappedQueue<Point> bounded = MappedQueue.create(backend, POINT,
                QueueOptions.defaults().withMaxCapacityElements(1000));
             MappedIntQueue unbounded = MappedIntQueue.create(backend, QueueOptions.defaults())) {
            assertEquals(1000, bounded.capacity());
            assertTrue(bounded.reservedBytes() <= 1000 * 12 + 3 * page, "reserved " + bounded.reservedBytes());
            assertEquals(0, bounded.committedBytes());
            assertEquals(12, bounded.elementSize());
            assertEquals(Ring.INITIAL_RESERVATION_BYTES, unbounded.reservedBytes(), "reserves modestly at first");
            assertEquals((QueueOptions.DEFAULT_RESERVATION_BYTES - page) / 4, unbounded.capacity());
            assertEquals(0, unbounded.committedBytes());
            unbounded.addInt(1);
            assertEquals(QueueOptions.DEFAULT_SLACK_BYTES, unbounded.committedBytes(),
                    "the first lap: the floor, the slack that an empty queue keeps anyway");
            bounded.add(new Point(1, 2L));
            assertEquals(bounded.reservedBytes(), bounded.committedBytes(),
                    "a bound within the slack: the first lap is the whole reservation");
        }
    }

    // ---- Queue contract -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void boundedQueueRefusesWhenFullLikeArrayBlockingQueue(Backend backend) {
        try (MappedQueue<Point> q = MappedQueue.create(backend, POINT, QueueOptions.defaults().withMaxCapacityElements(3))) {
            for (int i = 0; i < 3; i++) {
                assertTrue(q.offer(new Point(i, -i)));
            }
            assertEquals(0, q.remainingCapacity());
            assertFalse(q.offer(new Point(9, 9)));
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> q.add(new Point(9, 9)));
            assertTrue(full.getMessage().contains("full"), full.getMessage());
            assertThrows(IllegalStateException.class, () -> q.addAll(List.of(new Point(7, 7))));
            assertEquals(3, q.size());
            assertEquals(new Point(0, 0), q.poll());
            assertTrue(q.offer(new Point(3, -3)));
            assertEquals(List.of(new Point(1, -1), new Point(2, -2), new Point(3, -3)), new ArrayList<>(q));
        }
        try (MappedIntQueue q = MappedIntQueue.create(backend, QueueOptions.defaults().withMaxCapacityElements(2))) {
            q.addInt(1);
            assertTrue(q.offerInt(2));
            assertFalse(q.offerInt(3));
            assertThrows(IllegalStateException.class, () -> q.addInt(3));
            assertEquals(1, q.removeInt());
            q.addInt(3);
            assertEquals(2, q.size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void unboundedQueueStopsAtItsReservation(Backend backend) {
        long page = backend.pageSize();
        try (MappedLongQueue q = MappedLongQueue.create(backend, QueueOptions.defaults().withReservationBytes(4 * page))) {
            long cap = q.capacity();
            assertEquals(3 * page / 8, cap);
            for (long round = 0; round < 5; round++) {
                for (long i = 0; i < cap; i++) {
                    q.addLong(i);
                }
                assertFalse(q.offerLong(-1));
                assertThrows(IllegalStateException.class, () -> q.addLong(-1));
                for (long i = 0; i < cap; i++) {
                    assertEquals(i, q.pollLong(-1));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void emptyQueueSignalsAsQueueSays(Backend backend) {
        try (MappedQueue<Long> q = MappedQueue.create(backend, Codecs.LONG);
             MappedIntQueue ints = MappedIntQueue.create(backend, QueueOptions.defaults());
             MappedLongQueue longs = MappedLongQueue.create(backend, QueueOptions.defaults())) {
            assertNull(q.poll());
            assertNull(q.peek());
            assertThrows(NoSuchElementException.class, q::element);
            assertThrows(NoSuchElementException.class, q::remove);
            assertTrue(q.isEmpty());
            assertEquals(-5, ints.pollInt(-5));
            assertEquals(-6, ints.peekInt(-6));
            assertThrows(NoSuchElementException.class, ints::removeInt);
            assertThrows(NoSuchElementException.class, ints::elementInt);
            assertEquals(-5, longs.pollLong(-5));
            assertEquals(-6, longs.peekLong(-6));
            assertThrows(NoSuchElementException.class, longs::removeLong);
            assertThrows(NoSuchElementException.class, longs::elementLong);
            ints.addInt(Integer.MIN_VALUE);
            assertEquals(Integer.MIN_VALUE, ints.elementInt());
            assertEquals(Integer.MIN_VALUE, ints.peekInt(0));
            assertEquals(1, ints.size());
            longs.addLong(Long.MAX_VALUE);
            assertEquals(Long.MAX_VALUE, longs.removeLong());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void nullsAndRefusedBatchesLeaveTheQueueUnchanged(Backend backend) {
        try (MappedQueue<Point> q = MappedQueue.create(backend, POINT)) {
            q.add(new Point(1, 1));
            NullPointerException npe = assertThrows(NullPointerException.class, () -> q.offer(null));
            assertTrue(npe.getMessage().contains("element"), npe.getMessage());
            assertThrows(NullPointerException.class, () -> q.add(null));
            assertThrows(NullPointerException.class, () -> q.addAll(Arrays.asList(new Point(2, 2), null)));
            assertThrows(IllegalArgumentException.class, () -> q.addAll(q));
            assertEquals(List.of(new Point(1, 1)), new ArrayList<>(q));
            assertTrue(q.addAll(List.of(new Point(2, 2), new Point(3, 3))));
            assertFalse(q.addAll(List.of()));
            assertEquals(3, q.size());
        }
    }

    /**
     * A refused offer or addAll changes nothing, committed bytes included: a fresh queue keeps nothing committed,
     * and a queue with elements and passed pages keeps exactly what it had, whether the codec fails before writing,
     * part-way through an element, or many pages into a batch.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void refusedOffersAndBatchesGiveBackWhatTheyCommitted(Backend backend) {
        // Writes the long, then refuses POISON: a failure part-way through the element.
        ElementCodec<Long> partWay = ElementCodec.of(16, e -> e.getLong(0), (e, v) -> {
            e.putLong(0, v);
            if (v == Subject.POISON) {
                throw new IllegalArgumentException("poison");
            }
            e.putLong(8, ~v);
        });
        List<Long> batch = new ArrayList<>();
        for (long i = 0; i < 100_000; i++) {
            batch.add(i);
        }
        List<Long> poisoned = new ArrayList<>(batch);
        poisoned.add(Subject.POISON);
        List<Long> withNull = new ArrayList<>(batch);
        withNull.add(null);
        List<Long> shortPoisoned = new ArrayList<>(batch.subList(0, 10_000)); // more than a 64 KiB chunk
        shortPoisoned.add(Subject.POISON);
        for (ElementCodec<Long> codec : List.of(Subject.checkedCodec(12), partWay)) {
            try (MappedQueue<Long> q = MappedQueue.create(backend, codec)) {
                assertThrows(IllegalArgumentException.class, () -> q.offer(Subject.POISON));
                assertEquals(0, q.committedBytes(), "a refused first offer");
                assertThrows(IllegalArgumentException.class, () -> q.addAll(poisoned));
                assertEquals(0, q.committedBytes(), "a refused first batch");
                assertThrows(NullPointerException.class, () -> q.addAll(withNull));
                assertEquals(0, q.committedBytes(), "a batch with a null");
                assertTrue(q.isEmpty());

                // Elements, passed pages behind the head, and the tail moving through two pages.
                ArrayDeque<Long> model = new ArrayDeque<>(batch);
                q.addAll(batch);
                for (int i = 0; i < 30_000; i++) {
                    assertEquals(model.poll(), q.poll());
                }
                for (int step = 0; step < 2 * backend.pageSize() / codec.size(); step += 7) {
                    long committed = q.committedBytes();
                    assertThrows(IllegalArgumentException.class, () -> q.offer(Subject.POISON));
                    assertEquals(committed, q.committedBytes(), "a refused offer");
                    assertThrows(IllegalArgumentException.class, () -> q.addAll(shortPoisoned));
                    assertEquals(committed, q.committedBytes(), "a refused batch");
                    for (int i = 0; i < 7; i++) {
                        q.offer(q.poll());
                        model.add(model.poll());
                    }
                }
                assertEquals(new ArrayList<>(model), new ArrayList<>(q));
            }
        }
        try (MappedQueue<Long> bounded = MappedQueue.create(backend, Subject.checkedCodec(12),
                QueueOptions.defaults().withMaxCapacityElements(50_000))) {
            bounded.add(-1L);
            long committed = bounded.committedBytes();
            assertEquals("MappedQueue is full: capacity=50000",
                    assertThrows(IllegalStateException.class, () -> bounded.addAll(batch)).getMessage());
            assertEquals(committed, bounded.committedBytes(), "a batch that does not fit");
            assertEquals(List.of(-1L), new ArrayList<>(bounded));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void collectionMethodsWorkThroughTheIterator(Backend backend) {
        long page = backend.pageSize();
        // A small ring so the contents wrap around its end.
        try (MappedQueue<Long> q = MappedQueue.create(backend, Codecs.LONG,
                QueueOptions.defaults().withReservationBytes(3 * page))) {
            long cap = q.capacity();
            assertEquals(2 * page / 8, cap);
            for (long i = 0; i < cap / 2; i++) {
                q.add(i);
            }
            for (long i = 0; i < 3 * cap; i++) { // head and tail go round the ring three times
                q.add(cap / 2 + i);
                q.remove();
            }
            List<Long> expected = new ArrayList<>();
            for (long i = 3 * cap; i < 3 * cap + cap / 2; i++) {
                expected.add(i);
            }
            assertEquals(expected, new ArrayList<>(q));
            assertEquals(expected.toString(), q.toString());
            assertArrayEquals(expected.toArray(), q.toArray());
            assertTrue(q.contains(3 * cap + 7));
            assertFalse(q.contains(-1L));
            assertFalse(q.contains(null));
            assertTrue(q.remove(3 * cap + 7));
            assertFalse(q.remove(3 * cap + 7));
            expected.remove(3 * cap + 7);
            assertTrue(q.removeIf(v -> v % 3 == 0));
            expected.removeIf(v -> v % 3 == 0);
            assertEquals(expected, new ArrayList<>(q));
            assertEquals(expected.size(), q.size());
            assertEquals(expected.get(0), q.peek());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void iteratorsAreFailFast(Backend backend) {
        try (MappedQueue<Long> q = MappedQueue.create(backend, Codecs.LONG);
             MappedIntQueue ints = MappedIntQueue.create(backend, QueueOptions.defaults())) {
            q.add(1L);
            q.add(2L);
            Iterator<Long> it = q.iterator();
            assertThrows(IllegalStateException.class, it::remove);
            assertEquals(1L, it.next());
            q.add(3L);
            assertThrows(ConcurrentModificationException.class, it::next);
            assertThrows(ConcurrentModificationException.class, it::remove);

            Iterator<Long> second = q.iterator();
            assertEquals(1L, second.next());
            second.remove();
            assertThrows(IllegalStateException.class, second::remove);
            assertEquals(2L, second.next());
            assertEquals(3L, second.next());
            assertFalse(second.hasNext());
            assertThrows(NoSuchElementException.class, second::next);
            assertEquals(List.of(2L, 3L), new ArrayList<>(q));

            for (int i = 0; i < 5000; i++) {
                ints.addInt(i);
            }
            PrimitiveIterator.OfInt ii = ints.iterator();
            int expected = 0;
            while (ii.hasNext()) {
                int v = ii.nextInt();
                assertEquals(expected++, v);
                if (v % 2 == 1) {
                    ii.remove();
                }
            }
            assertEquals(2500, ints.size());
            for (int i = 0; i < 2500; i++) {
                assertEquals(2 * i, ints.pollInt(-1));
            }
            PrimitiveIterator.OfInt stale = ints.iterator();
            ints.addInt(1);
            assertThrows(ConcurrentModificationException.class, stale::nextInt);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void drainHandsOverInOrderAndKeepsWhatTheSinkRefused(Backend backend) {
        try (MappedQueue<Long> q = MappedQueue.create(backend, Codecs.LONG);
             MappedLongQueue longs = MappedLongQueue.create(backend, QueueOptions.defaults())) {
            for (long i = 0; i < 10; i++) {
                q.add(i);
                longs.addLong(i);
            }
            List<Long> got = new ArrayList<>();
            assertEquals(0, q.drain(got::add, 0));
            assertEquals(4, q.drain(got::add, 4));
            assertEquals(List.of(0L, 1L, 2L, 3L), got);
            assertThrows(IllegalArgumentException.class, () -> q.drain(got::add, -1));
            assertThrows(NullPointerException.class, () -> q.drain(null, 1));
            RuntimeException boom = new RuntimeException("boom");
            assertSame(boom, assertThrows(RuntimeException.class, () -> q.drain(v -> {
                if (v == 6) {
                    throw boom;
                }
            }, 100)));
            assertEquals(6L, q.peek());
            assertThrows(ConcurrentModificationException.class, () -> q.drain(v -> q.poll(), 1));
            assertEquals(List.of(7L, 8L, 9L), new ArrayList<>(q)); // the sink's poll took 6
            q.drain(v -> q.offer(v + 100), 2);
            assertEquals(List.of(9L, 107L, 108L), new ArrayList<>(q));

            long[] sum = {0};
            assertEquals(10, longs.drain(v -> sum[0] += v, Long.MAX_VALUE));
            assertEquals(45, sum[0]);
            assertTrue(longs.isEmpty());
        }
    }

    /** A sink that closes the queue gets the queue's closed state, not the released reservation's complaint. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void drainWhoseSinkClosesTheQueueSaysClosed(Backend backend) {
        MappedQueue<Long> q = MappedQueue.create(backend, Codecs.LONG);
        MappedIntQueue ints = MappedIntQueue.create(backend, QueueOptions.defaults());
        MappedLongQueue longs = MappedLongQueue.create(backend, QueueOptions.defaults());
        for (int i = 0; i < 10; i++) {
            q.add((long) i);
            ints.addInt(i);
            longs.addLong(i);
        }
        List<Long> seen = new ArrayList<>();
        assertEquals("MappedQueue is closed", assertThrows(IllegalStateException.class, () -> q.drain(v -> {
            seen.add(v);
            q.close();
        }, 10)).getMessage());
        assertEquals("MappedIntQueue is closed", assertThrows(IllegalStateException.class,
                () -> ints.drain(v -> ints.close(), 10)).getMessage());
        assertEquals("MappedLongQueue is closed", assertThrows(IllegalStateException.class,
                () -> longs.drain(v -> longs.close(), 10)).getMessage());
        assertEquals(List.of(0L), seen);
        assertTrue(q.isClosed() && ints.isClosed() && longs.isClosed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void elementsLargerThanAPageAndOddSizesRoundTrip(Backend backend) {
        int size = (int) (3 * backend.pageSize() + 5);
        ElementCodec<Long> codec = Subject.checkedCodec(size);
        try (MappedQueue<Long> q = MappedQueue.create(backend, codec, QueueOptions.defaults().withSlackBytes(0)
                .withReservationBytes(8L * size))) {
            long next = 0;
            long expected = 0;
            for (int round = 0; round < 200; round++) {
                while (q.offer(next)) {
                    next++;
                }
                for (int i = 0; i < 1 + round % 5 && !q.isEmpty(); i++) {
                    assertEquals(expected++, q.poll());
                }
                long live = q.longSize() * size;
                long page = backend.pageSize();
                // The documented bound: the smallest lap (four elements, rounded up to pages, within the
                // reservation) or four times the live bytes.
                long minLap = Math.min((4L * size + page - 1) / page * page, q.reservedBytes());
                assertTrue(q.committedBytes() <= Math.max(minLap, 4 * live), "committed " + q.committedBytes());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void aSmallRingReusesItsPagesForever(Backend backend) {
        long page = backend.pageSize();
        try (MappedIntQueue q = MappedIntQueue.create(backend, QueueOptions.defaults().withMaxCapacityElements(10_000))) {
            int next = 0;
            int expected = 0;
            for (int i = 0; i < 5000; i++) {
                q.addInt(next++);
            }
            long committed = q.committedBytes();
            for (int i = 0; i < 1_000_000; i++) {
                q.addInt(next++);
                assertEquals(expected++, q.pollInt(-1));
            }
            assertTrue(q.committedBytes() <= Math.max(committed, q.reservedBytes()), "committed");
            assertTrue(q.committedBytes() <= 10_000 * 4 + 3 * page);
        }
    }

    /**
     * A lap that the element size does not divide into whole slots, with the elements wrapping around its end at every
     * head slot: growing moves one part of them and shrinking the other, the order survives both, and the committed
     * bytes are the lap, within the documented bound.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void wrappedElementsKeepTheirOrderWhenTheLapGrowsAndShrinks(Backend backend) {
        long page = backend.pageSize();
        int size = (int) page + 40;
        try (MappedQueue<Long> q = MappedQueue.create(backend, Subject.checkedCodec(size),
                QueueOptions.defaults().withMaxCapacityElements(500).withSlackBytes(page))) {
            Ring ring = q.ring();
            q.offer(-1L);
            long lap = ring.lapBytes;
            long slots = ring.slots;
            assertTrue(ring.ringBytes < lap, ring.state());
            for (long start = 0; start < slots; start++) {
                q.clear();
                assertEquals(lap, q.committedBytes(), "an empty queue keeps the floor lap");
                while (ring.headOff != start * size) {
                    q.offer(-1L);
                    q.poll();
                }
                long n = 3 * slots + 1;   // two growths
                for (long i = 0; i < n; i++) {
                    q.offer(i);
                }
                assertTrue(ring.lapBytes > lap, ring.state());
                assertTrue(q.committedBytes() <= 4 * n * size, "committed " + q.committedBytes());
                for (long i = 0; i < n; i++) {
                    assertEquals(i, (long) q.peek(), "element " + i + " with the head first at slot " + start);
                    assertEquals(i, (long) q.poll());
                    long live = (n - i - 1) * size;
                    assertEquals(ring.lapBytes, q.committedBytes());
                    assertTrue(q.committedBytes() <= Math.max(lap, 4 * live), "committed " + q.committedBytes()
                            + " with " + live + " live bytes: " + ring.state());
                }
                assertEquals(lap, q.committedBytes(), "drained");
            }
        }
    }

    // ---- clear and close ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void clearEmptiesAndGivesBackMemory(Backend backend) {
        try (MappedQueue<Point> q = MappedQueue.create(backend, POINT, QueueOptions.defaults().withSlackBytes(0))) {
            for (int i = 0; i < 100_000; i++) {
                q.add(new Point(i, i));
            }
            assertTrue(q.committedBytes() >= 100_000 * 12);
            q.clear();
            assertTrue(q.isEmpty());
            assertTrue(q.committedBytes() <= backend.pageSize(), "committed " + q.committedBytes());
            q.add(new Point(5, 5));
            assertEquals(new Point(5, 5), q.element());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void closedQueuesRefuseEverythingButClose(Backend backend) {
        MappedQueue<Long> q = MappedQueue.create(backend, Codecs.LONG);
        MappedIntQueue ints = MappedIntQueue.create(backend, QueueOptions.defaults());
        MappedLongQueue longs = MappedLongQueue.create(backend, QueueOptions.defaults());
        q.add(1L);
        ints.addInt(1);
        longs.addLong(1);
        Iterator<Long> it = q.iterator();
        // Over an empty queue an iterator's counters do not change on close: it must still notice.
        MappedQueue<Long> empty = MappedQueue.create(backend, Codecs.LONG);
        Iterator<Long> emptyIt = empty.iterator();
        MappedIntQueue emptyIntQueue = MappedIntQueue.create(backend, QueueOptions.defaults());
        PrimitiveIterator.OfInt emptyInts = emptyIntQueue.iterator();
        empty.close();
        emptyIntQueue.close();
        q.close();
        ints.close();
        longs.close();
        q.close();
        assertTrue(q.isClosed() && ints.isClosed() && longs.isClosed());
        assertEquals(0, q.committedBytes());
        assertEquals(0, ints.committedBytes());
        assertEquals("MappedQueue[closed]", q.toString());
        assertEquals("MappedIntQueue[closed]", ints.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.offer(2L));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, q::poll);
        assertThrows(IllegalStateException.class, q::peek);
        assertThrows(IllegalStateException.class, q::remove);
        assertThrows(IllegalStateException.class, q::size);
        assertThrows(IllegalStateException.class, q::isEmpty);
        assertThrows(IllegalStateException.class, q::clear);
        assertThrows(IllegalStateException.class, q::iterator);
        assertThrows(IllegalStateException.class, it::next);
        assertEquals("MappedQueue is closed", assertThrows(IllegalStateException.class, emptyIt::hasNext).getMessage());
        assertEquals("MappedQueue is closed", assertThrows(IllegalStateException.class, emptyIt::next).getMessage());
        assertEquals("MappedIntQueue is closed", assertThrows(IllegalStateException.class, emptyInts::hasNext)
                .getMessage());
        assertEquals("MappedIntQueue is closed", assertThrows(IllegalStateException.class, emptyInts::nextInt)
                .getMessage());
        assertThrows(IllegalStateException.class, () -> q.addAll(List.of(1L)));
        assertThrows(IllegalStateException.class, () -> ints.offerInt(1));
        assertThrows(IllegalStateException.class, () -> ints.pollInt(0));
        assertThrows(IllegalStateException.class, ints::removeInt);
        assertThrows(IllegalStateException.class, ints::elementInt);
        assertThrows(IllegalStateException.class, () -> ints.peekInt(0));
        assertThrows(IllegalStateException.class, () -> longs.addLong(1));
        assertThrows(IllegalStateException.class, () -> longs.pollLong(0));
        assertThrows(IllegalStateException.class, longs::size);
        assertThrows(IllegalStateException.class, () -> longs.drain(v -> { }, 1));
    }
}
