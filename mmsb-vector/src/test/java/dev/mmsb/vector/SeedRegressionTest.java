package dev.mmsb.vector;

import dev.mmsb.codec.Codecs;
import dev.mmsb.memory.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Rust original's test, as it stands: fill with 10 000 items, empty (its shrink decommitted pages), fill again.
 * The original segfaulted on the refill because growth wrote to pages that were no longer committed.
 */
class SeedRegressionTest {
    private static final int N = 10_000;

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void fillEmptyRefillInts(Backend backend) {
        try (MappedIntVector v = MappedIntVector.create(backend)) {
            for (int i = 0; i < N; i++) {
                v.push(i);
            }
            long committedFull = v.committedBytes();
            assertTrue(committedFull >= (long) N * Integer.BYTES, "committed " + committedFull);

            for (int i = N - 1; i >= 0; i--) {
                assertEquals(i, v.pop());
            }
            assertEquals(0, v.size());
            assertTrue(v.isEmpty());
            assertTrue(v.committedBytes() < committedFull, "no decommit: committed " + v.committedBytes()
                    + " after emptying, " + committedFull + " full");
            assertEquals(v.committedBytes(), v.memory().committedBytes(), "vector and reservation disagree");

            for (int i = 0; i < N; i++) {
                v.push(i);
            }
            assertEquals(N, v.size());
            for (int i = 0; i < N; i++) {
                assertEquals(i, v.get(i));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void fillEmptyRefillBoxedInts(Backend backend) {
        try (MappedVector<Integer> v = MappedVector.create(backend, Codecs.INT)) {
            for (int i = 0; i < N; i++) {
                v.push(i);
            }
            long committedFull = v.committedBytes();
            for (int i = N - 1; i >= 0; i--) {
                assertEquals(i, v.pop());
            }
            assertEquals(0, v.size());
            assertTrue(v.committedBytes() < committedFull, "no decommit");
            for (int i = 0; i < N; i++) {
                v.push(i);
            }
            for (int i = 0; i < N; i++) {
                assertEquals(i, v.get(i));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void fillEmptyRefillLongsAndDoubles(Backend backend) {
        try (MappedLongVector longs = MappedLongVector.create(backend);
             MappedDoubleVector doubles = MappedDoubleVector.create(backend)) {
            for (int i = 0; i < N; i++) {
                longs.push(i * 3_000_000_000L);
                doubles.push(i + 0.5);
            }
            long longsFull = longs.committedBytes();
            long doublesFull = doubles.committedBytes();
            for (int i = N - 1; i >= 0; i--) {
                assertEquals(i * 3_000_000_000L, longs.pop());
                assertEquals(i + 0.5, doubles.pop());
            }
            assertTrue(longs.committedBytes() < longsFull && doubles.committedBytes() < doublesFull, "no decommit");
            for (int i = 0; i < N; i++) {
                longs.push(i * 3_000_000_000L);
                doubles.push(i + 0.5);
            }
            for (int i = 0; i < N; i++) {
                assertEquals(i * 3_000_000_000L, longs.get(i));
                assertEquals(i + 0.5, doubles.get(i));
            }
        }
    }
}
