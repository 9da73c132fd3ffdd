package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 12-byte records across many pages: with 4 KiB pages, two page boundaries in three cut an element in two. */
class RecordCodecTest {
    private static final int N = 1_000_000;

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void twelveByteRecordsFillManyPages(Backend backend) {
        long page = backend.pageSize();
        try (MappedVector<Point> v = MappedVector.create(backend, Point.CODEC)) {
            assertEquals(12, v.elementSize());
            long straddling = 0;
            for (int i = 0; i < N; i++) {
                v.push(Point.of(i));
                long start = (long) i * 12;
                if (start / page != (start + 11) / page) {
                    straddling++;
                }
                // Every element below the capacity is wholly committed: touching the last byte of the last one
                // would throw PageAccessException otherwise.
                if (v.capacity() * 12 > v.committedBytes()) {
                    throw new AssertionError("capacity " + v.capacity() + " beyond committed " + v.committedBytes());
                }
                v.memory().getByte(v.capacity() * 12 - 1);
            }
            assertTrue(v.committedBytes() / page > 2_900, "pages " + v.committedBytes() / page);
            assertTrue(straddling > 1_900, "straddling elements " + straddling);
            for (int i = 0; i < N; i++) {
                assertEquals(i, v.get(i).value());
            }

            // Shrink through many page boundaries, then grow back over freshly committed (zeroed) pages.
            long full = v.committedBytes();
            for (int i = N - 1; i >= N / 10; i--) {
                assertEquals(i, v.pop().value());
            }
            assertTrue(v.committedBytes() < full / 2, "no decommit: " + v);
            for (int i = N / 10; i < N; i++) {
                v.push(Point.of(-i));
            }
            for (int i = 0; i < N; i++) {
                assertEquals(i < N / 10 ? i : -i, v.get(i).value());
            }

            // Insert and remove shift straddling elements with Reservation.copy.
            v.insert(341, Point.of(7_777));
            assertEquals(7_777, v.get(341).value());
            assertEquals(341, v.get(342).value());
            assertEquals(-(N - 1), v.get(N).value());
            assertEquals(7_777, v.remove(341).value());
            for (int i = 0; i < N; i++) {
                assertEquals(i < N / 10 ? i : -i, v.get(i).value());
            }

            v.trimToSize();
            assertEquals((12L * N + page - 1) / page * page, v.committedBytes());
            assertEquals(-(N - 1), v.get(N - 1).value());
            v.push(Point.of(42));
            assertEquals(42, v.get(N).value());
        }
    }
}
