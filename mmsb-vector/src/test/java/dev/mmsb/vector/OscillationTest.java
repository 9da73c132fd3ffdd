package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import dev.mmsb.testing.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hysteresis: 1 M alternating push/pop operations at each boundary of the policy commit or decommit at most once;
 * filling and emptying commit and decommit at most once per doubling or halving of the length. Paging operations are
 * counted from the api's diagnostics, so this also shows that each one is reported.
 */
class OscillationTest {
    private static final int OPS = 1_000_000;
    /** Page-aligned for 4- and 12-byte elements (100 and 300 pages of 4 KiB): no rounding slack to hide behind. */
    private static final int FILL = 102_400;

    enum Boundary {
        /** Length 0 to 1 on a fresh vector. */
        EMPTY,
        /** Length at capacity: the next push commits. */
        GROWTH,
        /** Length at the shrink threshold: the next pop decommits. */
        SHRINK_FROM_ABOVE,
        /** Length just below the shrink threshold, right after the decommit. */
        SHRINK_FROM_BELOW,
        /** Length below the release threshold (after a large ensureCapacity): the next pop keeps no headroom. */
        RELEASE,
        /** Length at the initial capacity, after growing far beyond it and shrinking back. */
        INITIAL_CAPACITY,
        /** Length 0 to 1 after a clear. */
        AFTER_CLEAR
    }

    static Stream<Arguments> boundaries() {
        return TestBackends.all().flatMap(b -> Stream.of(Kind.INT, Kind.RECORD12)
                .flatMap(k -> Stream.of(Boundary.values()).map(x -> Arguments.of(b, k, x))));
    }

    static Stream<Arguments> kinds() {
        return TestBackends.all().flatMap(b -> Stream.of(Kind.values()).map(k -> Arguments.of(b, k)));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("boundaries")
    void alternatingPushPopPagesAtMostOnce(Backend backend, Kind kind, Boundary boundary) {
        long initial = boundary == Boundary.INITIAL_CAPACITY ? 50_000 : 0;
        try (Kind.TestVector t = kind.create(backend, VectorOptions.defaults().withInitialCapacityElements(initial));
             PagingLog log = new PagingLog(t.vector)) {
            AbstractMappedVector v = t.vector;
            boolean pushFirst = setUp(t, boundary, log);
            long size = t.size();
            log.reset();

            for (int i = 0; i < OPS / 2; i++) {
                if (pushFirst) {
                    t.push(i);
                    assertEquals(i, t.pop());
                } else {
                    long value = t.pop();
                    t.push(value);
                }
            }
            assertEquals(size, t.size());
            assertTrue(log.total() <= 1, boundary + " at size " + size + ": " + log + " over " + OPS
                    + " alternating operations; " + v);
        }
    }

    /** Brings the vector to the boundary; returns whether the oscillation should start with a push. */
    private static boolean setUp(Kind.TestVector t, Boundary boundary, PagingLog log) {
        AbstractMappedVector v = t.vector;
        switch (boundary) {
            case EMPTY:
                return true;
            case GROWTH:
                fill(t, FILL);
                fill(t, v.capacity());
                assertEquals(v.capacity(), t.size());
                return true;
            case SHRINK_FROM_ABOVE:
            case SHRINK_FROM_BELOW: {
                fill(t, FILL);
                fill(t, v.capacity());
                long threshold = v.shrinkAt;
                assertTrue(threshold > 0, "no shrink threshold: " + v);
                while (t.size() > threshold) {
                    t.pop();
                }
                assertEquals(0, log.decommits(), "decommitted above the threshold");
                if (boundary == Boundary.SHRINK_FROM_ABOVE) {
                    return false;
                }
                t.pop();
                assertEquals(1, log.decommits(), "the pop below the threshold must decommit once");
                return true;
            }
            case RELEASE:
                // The first pop leaves FILL elements: page-aligned, so a shrink without headroom would be exact.
                fill(t, FILL + 1);
                v.ensureCapacity(t.size() + 10L * FILL);
                assertTrue(t.size() < Math.ceil(v.capacity() * ShrinkPolicy.DEFAULT.releaseBelow()), v.toString());
                return false;
            case INITIAL_CAPACITY:
                fill(t, 8 * 50_000);
                while (t.size() > 50_000) {
                    t.pop();
                }
                return true;
            case AFTER_CLEAR:
                fill(t, FILL);
                v.clear();
                return true;
            default:
                throw new AssertionError(boundary);
        }
    }

    private static void fill(Kind.TestVector t, long size) {
        for (long i = t.size(); i < size; i++) {
            t.push(i);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void fillingAndEmptyingPageOncePerDoubling(Backend backend, Kind kind) {
        int n = 1_000_000;
        try (Kind.TestVector t = kind.create(backend, VectorOptions.defaults());
             PagingLog log = new PagingLog(t.vector)) {
            AbstractMappedVector v = t.vector;
            fill(t, n);
            long pages = v.committedBytes() / backend.pageSize();
            // Doubling from one page: log2(pages) + 1 commits, and one more if the last step was capped by the need.
            long bound = 64 - Long.numberOfLeadingZeros(pages) + 1;
            assertTrue(log.commits() >= 1 && log.commits() <= bound, log + " for " + n + " pushes; bound " + bound);
            assertEquals(0, log.decommits());
            for (int i = 0; i < n; i++) {
                t.pop();
            }
            assertTrue(log.decommits() >= 1 && log.decommits() <= bound, log + " after " + n + " pops; bound "
                    + bound);
            assertEquals(backend.pageSize(), v.committedBytes(), "an emptied vector keeps one page");
        }
    }
}
