package dev.mmsb.vector;

import dev.mmsb.codec.Codecs;
import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The List-like contract: operations, bad input, capacity limits, close. */
class MappedVectorApiTest {

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void listOperations(Backend backend) {
        try (MappedIntVector v = MappedIntVector.create(backend)) {
            assertTrue(v.isEmpty());
            assertTrue(v.add(1));
            v.push(2);
            v.push(4);
            v.insert(2, 3);
            v.insert(0, 0);
            v.insert(5, 5);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, v.toArray());
            assertEquals(3, v.set(3, 30));
            assertEquals(30, v.get(3));
            assertEquals(0, v.remove(0));
            assertEquals(5, v.remove(4));
            assertArrayEquals(new int[] {1, 2, 30, 4}, v.toArray());
            assertEquals(4, v.pop());
            assertEquals(3, v.size());
            assertEquals(backend.name(), v.backend());
            assertEquals(4, v.elementSize());
            v.clear();
            assertEquals(0, v.size());
            assertThrows(NoSuchElementException.class, v::pop);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void iteration(Backend backend) {
        try (MappedIntVector ints = MappedIntVector.create(backend);
             MappedLongVector longs = MappedLongVector.create(backend);
             MappedDoubleVector doubles = MappedDoubleVector.create(backend);
             MappedVector<String> strings = MappedVector.create(backend, ASCII8)) {
            for (int i = 0; i < 5_000; i++) {
                ints.push(i);
                longs.push(i);
                doubles.push(i);
            }
            long expected = 4_999L * 5_000 / 2;
            assertEquals(expected, ints.stream().asLongStream().sum());
            assertEquals(expected, longs.stream().sum());
            assertEquals(expected, doubles.stream().sum());
            assertEquals(expected, ints.stream().parallel().asLongStream().sum());
            long[] sum = new long[3];
            ints.forEachInt(x -> sum[0] += x);
            longs.forEachLong(x -> sum[1] += x);
            doubles.forEachDouble(x -> sum[2] += (long) x);
            assertArrayEquals(new long[] {expected, expected, expected}, sum);
            long boxedSum = 0;
            for (int x : ints) {
                boxedSum += x;
            }
            assertEquals(expected, boxedSum);
            PrimitiveIterator.OfLong it = longs.iterator();
            for (long i = 0; i < 5_000; i++) {
                assertEquals(i, it.nextLong());
            }
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::nextLong);
            assertEquals(5_000, longs.toArray().length);
            assertEquals(4_999.0, doubles.toArray()[4_999]);

            strings.push("alpha");
            strings.push("beta");
            strings.push("gamma");
            assertEquals(List.of("alpha", "beta", "gamma"), strings.stream().collect(Collectors.toList()));
            List<String> seen = new ArrayList<>();
            strings.forEach(seen::add);
            for (String s : strings) {
                seen.add(s);
            }
            assertEquals(List.of("alpha", "beta", "gamma", "alpha", "beta", "gamma"), seen);
            Iterator<String> its = strings.iterator();
            its.next();
            assertThrows(UnsupportedOperationException.class, its::remove);

            // Traversals may nest; one that outlives a shrink fails cleanly instead of reading stale memory.
            long[] pairs = new long[1];
            MappedIntVector small = ints;
            small.forEachInt(x -> {
                if (x < 3) {
                    small.forEachInt(y -> pairs[0]++);
                }
            });
            assertEquals(3 * 5_000, pairs[0]);
            IndexOutOfBoundsException shrank = assertThrows(IndexOutOfBoundsException.class,
                    () -> longs.forEachLong(x -> {
                        if (x == 0) {
                            longs.clear();
                        }
                    }));
            assertTrue(shrank.getMessage().contains("shrank"), shrank.getMessage());
            java.util.stream.DoubleStream lateStream = doubles.stream();
            doubles.clear();
            assertThrows(IndexOutOfBoundsException.class, lateStream::sum);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void indexOutOfRangeNamesIndexAndSizeAndChangesNothing(Backend backend) {
        try (MappedLongVector v = MappedLongVector.create(backend);
             MappedVector<Integer> boxed = MappedVector.create(backend, Codecs.INT)) {
            for (int i = 0; i < 10; i++) {
                v.push(i);
                boxed.push(i);
            }
            assertOutOfBounds("get: index=10 size=10", () -> v.get(10));
            assertOutOfBounds("get: index=-1 size=10", () -> v.get(-1));
            assertOutOfBounds("set: index=10 size=10", () -> v.set(10, 0));
            assertOutOfBounds("insert: index=11 size=10", () -> v.insert(11, 0));
            assertOutOfBounds("insert: index=-1 size=10", () -> v.insert(-1, 0));
            assertOutOfBounds("remove: index=10 size=10", () -> v.remove(10));
            assertOutOfBounds("get: index=" + Long.MIN_VALUE + " size=10", () -> v.get(Long.MIN_VALUE));
            assertOutOfBounds("get: index=10 size=10", () -> boxed.get(10));
            assertOutOfBounds("set: index=-5 size=10", () -> boxed.set(-5, 1));
            assertOutOfBounds("insert: index=12 size=10", () -> boxed.insert(12, 1));
            assertOutOfBounds("remove: index=10 size=10", () -> boxed.remove(10));
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, v.toArray());
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), boxed.stream().collect(Collectors.toList()));
        }
    }

    private static void assertOutOfBounds(String message, Executable call) {
        assertEquals(message, assertThrows(IndexOutOfBoundsException.class, call).getMessage());
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void nullValueIsRefusedAndChangesNothingNotEvenCapacity(Backend backend) {
        try (MappedVector<Long> v = MappedVector.create(backend, Codecs.LONG)) {
            v.push(1L);
            while (v.size() < v.capacity()) {
                v.push(v.size() + 1);
            }
            long size = v.size();
            long capacity = v.capacity();
            long committed = v.committedBytes();
            // At capacity: push and insert must commit to write, and must give the pages back when the codec refuses.
            assertEquals("value", assertThrows(NullPointerException.class, () -> v.push(null)).getMessage());
            assertEquals("value", assertThrows(NullPointerException.class, () -> v.insert(3, null)).getMessage());
            assertEquals("value", assertThrows(NullPointerException.class, () -> v.set(3, null)).getMessage());
            assertEquals("value", assertThrows(NullPointerException.class, () -> v.add(null)).getMessage());
            assertEquals(size, v.size());
            assertEquals(capacity, v.capacity());
            assertEquals(committed, v.committedBytes());
            assertEquals(committed, v.memory().committedBytes());
            for (long i = 0; i < size; i++) {
                assertEquals(i + 1, v.get(i));
            }
            v.pop();
            assertEquals("value", assertThrows(NullPointerException.class, () -> v.insert(0, null)).getMessage());
            assertEquals(size - 1, v.size());
            assertEquals(1L, v.get(0));
        }
    }

    /** Two longs, the second boxed: a null second field fails in the second put, after the first was written. */
    private record Pair(long a, Long b) {
        static final ElementCodec<Pair> CODEC = ElementCodec.of(16,
                e -> new Pair(e.getLong(0), e.getLong(8)),
                (e, p) -> {
                    e.putLong(0, p.a());
                    e.putLong(8, p.b());
                });
        static final Pair HALF = new Pair(999, null);
    }

    /**
     * A codec that fails after writing part of the element: set, push and insert leave contents, size, capacity and
     * committed bytes as they were, both when the vector has room and when it must grow to write.
     */
    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void codecFailingPartWayChangesNothing(Backend backend) {
        try (MappedVector<Pair> v = MappedVector.create(backend, Pair.CODEC)) {
            for (int i = 0; i < 10; i++) {
                v.push(new Pair(i, (long) -i));
            }
            assertTrue(v.size() < v.capacity());
            failsPartWayAndChangesNothing(v);
            // The free slot past the end holds the first field of the refused value: the codec did fail part-way.
            assertEquals(Pair.HALF.a(), v.memory().getLong(v.size() * 16));

            while (v.size() < v.capacity()) {
                v.push(new Pair(v.size(), -v.size()));
            }
            failsPartWayAndChangesNothing(v);

            long n = v.size();
            v.push(new Pair(n, -n));
            v.insert(0, new Pair(-1, 1L));
            assertEquals(new Pair(3, -3L), v.set(4, new Pair(33, -33L)));
            assertEquals(n + 2, v.size());
            assertEquals(new Pair(-1, 1L), v.get(0));
            assertEquals(new Pair(33, -33L), v.get(4));
            assertEquals(new Pair(n, -n), v.get(n + 1));
        }
    }

    private static void failsPartWayAndChangesNothing(MappedVector<Pair> v) {
        List<Pair> contents = v.stream().collect(Collectors.toList());
        long size = v.size();
        long capacity = v.capacity();
        long committed = v.committedBytes();
        List<Executable> calls = List.of(() -> v.set(3, Pair.HALF), () -> v.set(size - 1, Pair.HALF),
                () -> v.push(Pair.HALF), () -> v.add(Pair.HALF), () -> v.insert(0, Pair.HALF),
                () -> v.insert(5, Pair.HALF), () -> v.insert(size, Pair.HALF));
        for (Executable call : calls) {
            assertThrows(NullPointerException.class, call);
            assertEquals(contents, v.stream().collect(Collectors.toList()));
            assertEquals(size, v.size());
            assertEquals(capacity, v.capacity());
            assertEquals(committed, v.committedBytes());
            assertEquals(committed, v.memory().committedBytes());
        }
    }

    /** A codec that fails part-way twice in a row: set cannot restore, and says so as a suppressed exception. */
    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void failedRestoreIsSuppressed(Backend backend) {
        int[] failures = {0};
        ElementCodec<Long> flaky = ElementCodec.of(16, e -> e.getLong(0), (e, x) -> {
            e.putLong(0, x);
            if (failures[0] > 0) {
                failures[0]--;
                throw new IllegalStateException("failure " + failures[0]);
            }
            e.putLong(8, x);
        });
        try (MappedVector<Long> v = MappedVector.create(backend, flaky)) {
            v.push(1L);
            v.push(2L);
            failures[0] = 1;
            assertEquals("failure 0", assertThrows(IllegalStateException.class, () -> v.set(1, 20L)).getMessage());
            assertEquals(2L, v.get(1));
            failures[0] = 2;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.set(0, 10L));
            assertEquals("failure 1", e.getMessage());
            assertEquals(1, e.getSuppressed().length);
            assertEquals("failure 0", e.getSuppressed()[0].getMessage());
            assertEquals(2, v.size());
        }
    }

    @Test
    void nullArgumentsAreNamed() {
        Backend backend = dev.mmsb.testing.TestBackends.all().findFirst().orElseThrow();
        assertEquals("backend", assertThrows(NullPointerException.class, () -> MappedIntVector.create(null))
                .getMessage());
        assertEquals("options", assertThrows(NullPointerException.class, () -> MappedIntVector.create(backend, null))
                .getMessage());
        assertEquals("codec", assertThrows(NullPointerException.class, () -> MappedVector.create(backend, null))
                .getMessage());
        assertEquals("policy", assertThrows(NullPointerException.class,
                () -> VectorOptions.defaults().withShrinkPolicy(null)).getMessage());
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void fullReservationIsAClearExceptionAndChangesNothing(Backend backend) {
        try (MappedIntVector v = MappedIntVector.create(backend, VectorOptions.defaults().withMaxCapacityElements(1_000))) {
            assertEquals(1_000, v.maxCapacity());
            for (int i = 0; i < 1_000; i++) {
                v.push(i);
            }
            assertEquals(1_000, v.capacity());
            long committed = v.committedBytes();
            CapacityExceededException e = assertThrows(CapacityExceededException.class, () -> v.push(1_000));
            assertEquals(1_001, e.requestedSize());
            assertEquals(1_000, e.maxCapacity());
            assertTrue(e.getMessage().contains("1001") && e.getMessage().contains("1000"), e.getMessage());
            assertThrows(CapacityExceededException.class, () -> v.insert(0, -1));
            assertEquals(1_005, assertThrows(CapacityExceededException.class, () -> v.ensureCapacity(1_005))
                    .requestedSize());
            assertThrows(CapacityExceededException.class, () -> v.ensureCapacity(Long.MAX_VALUE));
            assertThrows(IllegalArgumentException.class, () -> v.ensureCapacity(-1));
            assertEquals(1_000, v.size());
            assertEquals(committed, v.committedBytes());
            for (int i = 0; i < 1_000; i++) {
                assertEquals(i, v.get(i));
            }
            v.ensureCapacity(0);
            v.ensureCapacity(1_000); // already there: nothing to do
            assertEquals(999, v.pop());
            v.push(999);
        }
        try (MappedVector<Point> v = MappedVector.create(backend, Point.CODEC,
                VectorOptions.defaults().withMaxCapacityElements(1_000))) {
            for (int i = 0; i < 1_000; i++) {
                v.push(Point.of(i));
            }
            assertThrows(CapacityExceededException.class, () -> v.push(Point.of(0)));
            assertEquals(999, v.get(999).value());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void initialCapacityEnsureCapacityAndTrimToSize(Backend backend) {
        long page = backend.pageSize();
        try (MappedIntVector v = MappedIntVector.create(backend, VectorOptions.defaults().withInitialCapacityElements(10_000))) {
            assertEquals(roundUp(40_000, page), v.committedBytes());
            assertTrue(v.capacity() >= 10_000);
            for (int i = 0; i < 100_000; i++) {
                v.push(i);
            }
            v.clear();
            assertEquals(roundUp(40_000, page), v.committedBytes(), "clear keeps the initial capacity");
            v.ensureCapacity(1_000_000);
            assertTrue(v.capacity() >= 1_000_000);
            assertEquals(0, v.committedBytes() % page);
            try (PagingLog log = new PagingLog(v)) {
                for (int i = 0; i < 1_000_000; i++) {
                    v.push(i);
                }
                assertEquals(0, log.total(), "pushes within reserved capacity must not page");
            }
            for (int i = 0; i < 999_000; i++) {
                v.pop();
            }
            v.trimToSize();
            assertEquals(page, v.committedBytes(), "trimToSize goes below the initial capacity");
            assertEquals(999, v.get(999));
            v.clear();
            v.trimToSize();
            assertEquals(0, v.committedBytes());
            assertEquals(0, v.memory().committedBytes());
            v.push(7);
            assertEquals(7, v.get(0));
        }
    }

    /** As reserve's Javadoc says: the next removal may give reserved room back, unless the policy never shrinks. */
    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void reservedRoomIsSubjectToTheNextRemoval(Backend backend) {
        try (MappedIntVector shrinking = MappedIntVector.create(backend);
             MappedIntVector never = MappedIntVector.create(backend,
                     VectorOptions.defaults().withShrinkPolicy(ShrinkPolicy.NEVER))) {
            for (MappedIntVector v : List.of(shrinking, never)) {
                v.push(1);
                v.push(2);
                v.ensureCapacity(100_002);
                assertTrue(v.capacity() >= 100_002);
                assertEquals(2, v.pop());
            }
            assertEquals(backend.pageSize(), shrinking.committedBytes());
            assertTrue(never.capacity() >= 100_002);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void neverShrinkKeepsCommittedMemoryDefaultGivesItBack(Backend backend) {
        try (MappedIntVector never = MappedIntVector.create(backend,
                VectorOptions.defaults().withShrinkPolicy(ShrinkPolicy.NEVER));
             MappedIntVector shrinking = MappedIntVector.create(backend)) {
            for (int i = 0; i < 1_000_000; i++) {
                never.push(i);
                shrinking.push(i);
            }
            long full = never.committedBytes();
            assertEquals(full, shrinking.committedBytes());
            while (!never.isEmpty()) {
                never.pop();
                shrinking.pop();
            }
            assertEquals(full, never.committedBytes());
            assertEquals(backend.pageSize(), shrinking.committedBytes());
            never.clear();
            assertEquals(full, never.committedBytes());
            never.trimToSize();
            assertEquals(0, never.committedBytes());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void closeReleasesAndLaterUseThrows(Backend backend) {
        MappedIntVector v = MappedIntVector.create(backend);
        MappedVector<Integer> boxed = MappedVector.create(backend, Codecs.INT);
        for (int i = 0; i < 10; i++) {
            v.push(i);
            boxed.push(i);
        }
        Reservation memory = v.memory();
        v.close();
        boxed.close();
        v.close();
        assertTrue(v.isClosed());
        assertTrue(memory.isReleased());
        assertTrue(v.toString().contains("closed"), v.toString());
        List<Executable> calls = List.of(() -> v.push(1), v::pop, () -> v.get(0), () -> v.set(0, 1),
                () -> v.insert(0, 1), () -> v.remove(0), v::size, v::isEmpty, v::capacity, v::committedBytes,
                v::clear, () -> v.ensureCapacity(1), v::trimToSize, v::iterator, v::stream, v::toArray,
                () -> v.forEachInt(x -> { }), () -> boxed.push(1), boxed::pop, () -> boxed.get(0),
                () -> boxed.insert(0, 1), () -> boxed.forEach(x -> { }));
        for (Executable call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    /** An iterator that outlives its vector reports the closed state, not an exhausted or shrunk vector. */
    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void iteratorAfterCloseSaysClosed(Backend backend) {
        MappedIntVector ints = MappedIntVector.create(backend);
        MappedLongVector longs = MappedLongVector.create(backend);
        MappedDoubleVector doubles = MappedDoubleVector.create(backend);
        MappedVector<Integer> boxed = MappedVector.create(backend, Codecs.INT);
        for (int i = 0; i < 3; i++) {
            ints.push(i);
            longs.push(i);
            doubles.push(i);
            boxed.push(i);
        }
        PrimitiveIterator.OfInt intIt = ints.iterator();
        PrimitiveIterator.OfLong longIt = longs.iterator();
        PrimitiveIterator.OfDouble doubleIt = doubles.iterator();
        Iterator<Integer> boxedIt = boxed.iterator();
        assertEquals(0, intIt.nextInt());
        assertEquals(0, longIt.nextLong());
        assertEquals(0.0, doubleIt.nextDouble());
        assertEquals(0, boxedIt.next());
        ints.close();
        longs.close();
        doubles.close();
        boxed.close();
        List<Executable> calls = List.of(intIt::hasNext, intIt::nextInt, intIt::next, longIt::hasNext,
                longIt::nextLong, doubleIt::hasNext, doubleIt::nextDouble, boxedIt::hasNext, boxedIt::next);
        for (Executable call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().matches("iterator: Mapped(Int|Long|Double)?Vector is closed"), e.getMessage());
        }
    }

    @Test
    void optionsAndPolicyAreValidated() {
        Backend backend = dev.mmsb.testing.TestBackends.all().findFirst().orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> VectorOptions.defaults().withInitialCapacityElements(-1));
        assertThrows(IllegalArgumentException.class, () -> VectorOptions.defaults().withMaxCapacityElements(0));
        assertThrows(IllegalArgumentException.class, () -> MappedIntVector.create(backend,
                VectorOptions.defaults().withMaxCapacityElements(10).withInitialCapacityElements(11)));
        assertThrows(IllegalArgumentException.class, () -> MappedLongVector.create(backend,
                VectorOptions.defaults().withMaxCapacityElements(Long.MAX_VALUE / 4)));
        assertThrows(IllegalArgumentException.class, () -> ShrinkPolicy.of(0.3, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ShrinkPolicy.of(0.2, 0.21));
        assertThrows(IllegalArgumentException.class, () -> ShrinkPolicy.of(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> ShrinkPolicy.of(0.1, -0.1));
        assertEquals(new ShrinkPolicy(0.25, 0.125), ShrinkPolicy.DEFAULT);
        assertFalse(ShrinkPolicy.NEVER.shrinks());
        assertTrue(ShrinkPolicy.of(0.1, 0).shrinks());
        VectorOptions options = VectorOptions.defaults().withInitialCapacityElements(5).withMaxCapacityElements(100);
        assertEquals(5, options.initialCapacityElements());
        assertEquals(OptionalLong.of(100), options.maxCapacityElements());
        assertSame(ShrinkPolicy.DEFAULT, options.shrinkPolicy());
        assertEquals(options, VectorOptions.defaults().withMaxCapacityElements(100).withInitialCapacityElements(5));
        assertEquals(OptionalLong.empty(), VectorOptions.defaults().maxCapacityElements(), "empty: the default");
        try (MappedLongVector v = MappedLongVector.create(backend)) {
            assertEquals(VectorOptions.DEFAULT_MAX_BYTES / 8, v.maxCapacity());
            assertEquals(AbstractMappedVector.INITIAL_RESERVATION_BYTES, v.memory().size(),
                    "a default vector reserves modestly and grows its reservation as it needs");
            assertEquals(0, v.committedBytes(), "a default vector commits nothing until the first push");
        }
    }

    private static long roundUp(long bytes, long page) {
        return (bytes + page - 1) & -page;
    }

    /** Up to 8 ASCII characters, zero-padded: a user codec for a non-numeric type. */
    private static final ElementCodec<String> ASCII8 = ElementCodec.of(8, e -> {
        byte[] bytes = new byte[8];
        e.get(0, bytes, 0, 8);
        int n = 0;
        while (n < 8 && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }, (e, s) -> {
        byte[] bytes = java.util.Arrays.copyOf(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 8);
        if (s.length() > 8) {
            throw new IllegalArgumentException("value longer than 8 characters: " + s);
        }
        e.put(0, bytes, 0, 8);
    });
}
