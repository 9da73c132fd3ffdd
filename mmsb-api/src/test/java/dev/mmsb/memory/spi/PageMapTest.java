package dev.mmsb.memory.spi;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The page map against a plain byte-per-page model: random range writes that cover whole chunks, parts of chunks and
 * the short last chunk, each followed by queries whose answers must not depend on the chunk summaries; and the
 * snapshot a failed paging operation is rolled back with.
 */
class PageMapTest {
    private static final int CHUNK = 4096;
    /** Three and a half chunks: the last one is short. */
    private static final int PAGES = 3 * CHUNK + CHUNK / 2;

    @Test
    void agreesWithAPagePerByteModel() {
        long seed = 20261202L;
        SplittableRandom random = new SplittableRandom(seed);
        PageMap map = new PageMap(PAGES);
        byte[] model = new byte[PAGES];
        long committed = 0;
        for (int step = 0; step < 4000; step++) {
            int from = edgeBiased(random);
            int to = Math.min(PAGES, from + lengthBiased(random));
            byte state = (byte) random.nextInt(4);
            committed += map.set(from, to, state);
            for (int p = from; p < to; p++) {
                model[p] = state;
            }
            assertEquals(count(model), committed, "committed pages after step " + step + " (seed " + seed + ")");
            for (int q = 0; q < 8; q++) {
                int a = random.nextInt(PAGES + 1);
                int b = a + random.nextInt(PAGES + 1 - a);
                byte min = (byte) (1 + random.nextInt(3));
                String where = "step " + step + " [" + a + "," + b + ") min " + min + " (seed " + seed + ")";
                assertEquals(model[Math.min(a, PAGES - 1)], map.get(Math.min(a, PAGES - 1)), "get, " + where);
                assertEquals(firstBelow(model, a, b, min), map.firstBelow(a, b, min), "firstBelow, " + where);
                assertEquals(anyAtLeast(model, a, b, min), map.anyAtLeast(a, b, min), "anyAtLeast, " + where);
                assertEquals(runStart(model, b, min, a), map.runStart(b, min, a), "runStart, " + where);
                assertEquals(runEnd(model, a, min, b), map.runEnd(a, min, b), "runEnd, " + where);
            }
        }
    }

    @Test
    void decommittingWholeChunksFreesTheirBytes() {
        PageMap map = new PageMap(PAGES);
        assertEquals(PAGES, map.set(0, PAGES, PageMap.READ_WRITE));
        assertEquals(PAGES, map.runEnd(0, PageMap.READ_WRITE, PAGES));
        assertEquals(-PAGES, map.set(0, PAGES, PageMap.UNCOMMITTED));
        assertEquals(0, map.runEnd(0, PageMap.NO_ACCESS, PAGES));
        // A chunk made uniform again by partial writes is summarised again: a full-length run is found across it.
        map.set(0, 10, PageMap.READ_WRITE);
        map.set(10, PAGES, PageMap.READ_WRITE);
        assertEquals(0, map.runStart(PAGES, PageMap.READ_WRITE, 0));
    }

    /** Pages 10 to CHUNK + 5 committed (100 to 200 read-only), one page protected NONE in the third chunk. */
    private static PageMap mixed() {
        PageMap map = new PageMap(PAGES);
        map.set(10, CHUNK + 5, PageMap.READ_WRITE);
        map.set(100, 200, PageMap.READ_ONLY);
        map.set(2 * CHUNK + 1, 2 * CHUNK + 2, PageMap.NO_ACCESS);
        return map;
    }

    private static byte[] states(PageMap map) {
        byte[] states = new byte[PAGES];
        for (int page = 0; page < PAGES; page++) {
            states[page] = map.get(page);
        }
        return states;
    }

    // ---- the snapshot a failed paging operation is rolled back with ----------------------------------------------

    @Test
    void aSnapshotIsOneRunPerChangeOfState() {
        PageMap map = mixed();
        assertEquals(7, map.snapshot(0, PAGES).count());
        assertEquals(1, map.snapshot(150, 160).count());
        assertEquals(1, map.snapshot(3 * CHUNK, PAGES).count(), "the short last chunk, never written, is one run");
    }

    @Test
    void restorePutsBackEveryStateAndTheCommittedCount() {
        PageMap map = mixed();
        byte[] before = states(map);
        PageMap.Runs runs = map.snapshot(0, PAGES);
        long committed = CHUNK + 5 - 10 + 1;
        assertEquals(-committed, map.set(0, PAGES, PageMap.UNCOMMITTED));
        assertEquals(committed, map.restore(runs, PageMap.READ_WRITE));
        assertArrayEquals(before, states(map));
        assertEquals(CHUNK + 5, map.runEnd(10, PageMap.READ_ONLY, PAGES), "the chunk summaries agree");
    }

    @Test
    void restoreGrantsNoPageMoreThanItsCap() {
        PageMap map = mixed();
        PageMap.Runs runs = map.snapshot(0, PAGES);
        map.set(0, PAGES, PageMap.UNCOMMITTED);
        assertEquals(CHUNK + 5 - 10 + 1, map.restore(runs, PageMap.NO_ACCESS), "capped pages stay committed");
        assertEquals(PageMap.UNCOMMITTED, map.get(9));
        assertEquals(PageMap.NO_ACCESS, map.get(10));
        assertEquals(PageMap.NO_ACCESS, map.get(150));
        assertEquals(PageMap.NO_ACCESS, map.get(CHUNK + 4));
        assertEquals(PageMap.UNCOMMITTED, map.get(CHUNK + 5));
        assertEquals(PageMap.NO_ACCESS, map.get(2 * CHUNK + 1));
    }

    @Test
    void lowerTakesRightsAwayAndGrantsNone() {
        PageMap map = mixed();
        map.lower(0, PAGES, PageMap.READ_ONLY);
        assertEquals(PageMap.UNCOMMITTED, map.get(0));
        assertEquals(PageMap.READ_ONLY, map.get(10));
        assertEquals(PageMap.READ_ONLY, map.get(150));
        assertEquals(PageMap.READ_ONLY, map.get(CHUNK + 4));
        assertEquals(PageMap.NO_ACCESS, map.get(2 * CHUNK + 1));
        assertEquals(PageMap.UNCOMMITTED, map.get(PAGES - 1));
        assertEquals(false, map.anyAtLeast(0, PAGES, PageMap.READ_WRITE), "the chunk summaries agree");
        assertEquals(CHUNK + 5, map.runEnd(10, PageMap.READ_ONLY, PAGES));
    }

    // ---- runs of equal states: the kernel mappings a reservation makes -------------------------------------------

    @Test
    void runsDeltaPredictsEveryWriteAndChangesCountRuns() {
        long seed = 20261203L;
        SplittableRandom random = new SplittableRandom(seed);
        PageMap map = new PageMap(PAGES);
        byte[] model = new byte[PAGES];
        long runs = 1;
        assertEquals(0, map.changes(0, PAGES), "a fresh map is one run");
        for (int step = 0; step < 4000; step++) {
            int from = edgeBiased(random);
            int to = Math.min(PAGES, from + lengthBiased(random));
            byte state = (byte) random.nextInt(4);
            String where = "step " + step + " set [" + from + "," + to + ") to " + state + " (seed " + seed + ")";
            long predicted = map.runsDelta(from, to, state);
            assertEquals(runs, 1 + map.changes(0, PAGES), "runsDelta must not change the map, " + where);
            map.set(from, to, state);
            for (int p = from; p < to; p++) {
                model[p] = state;
            }
            long actual = changes(model, 0, PAGES) + 1;
            assertEquals(actual - runs, predicted, "runsDelta, " + where);
            runs = actual;
            assertEquals(runs, 1 + map.changes(0, PAGES), "changes over the whole map, " + where);
            int a = random.nextInt(PAGES + 1);
            int b = a + random.nextInt(PAGES + 1 - a);
            assertEquals(changes(model, a, b), map.changes(a, b), "changes [" + a + "," + b + "), " + where);
        }
    }

    @Test
    void runsAtTheBoundaries() {
        PageMap map = new PageMap(PAGES);
        assertEquals(1, map.runsDelta(0, 1, PageMap.READ_WRITE), "a committed first page: prefix + tail");
        assertEquals(0, map.runsDelta(0, PAGES, PageMap.READ_WRITE), "the whole map in one state stays one run");
        assertEquals(1, map.runsDelta(PAGES - 1, PAGES, PageMap.READ_WRITE), "the last page alone");
        assertEquals(2, map.runsDelta(5, 6, PageMap.READ_WRITE), "a page in the middle: three runs");
        assertEquals(0, map.runsDelta(5, 6, PageMap.UNCOMMITTED), "no change of state");
        assertEquals(1, map.runsDelta(0, 10, PageMap.NO_ACCESS),
                "protected NONE is a run apart from uncommitted pages (an upper bound: the kernel may merge them)");
        map.set(0, 10, PageMap.READ_WRITE);
        assertEquals(0, map.runsDelta(10, 20, PageMap.READ_WRITE), "growing a committed prefix adds no mapping");
        assertEquals(2, map.runsDelta(4, 5, PageMap.UNCOMMITTED), "a hole in the prefix costs two");
        assertEquals(-1, map.runsDelta(0, 10, PageMap.UNCOMMITTED), "decommitting the prefix merges it back");
        assertEquals(0, map.runsDelta(0, 10, PageMap.NO_ACCESS), "the prefix protected NONE: still two runs");
        map.set(12, 13, PageMap.READ_WRITE);
        assertEquals(-2, map.runsDelta(10, 12, PageMap.READ_WRITE), "filling the gap joins three runs into one");
        assertEquals(4, map.changes(0, PAGES) + 1, "prefix, gap, page, tail");
        assertEquals(0, map.changes(3, 4), "a single page has no change");
        assertEquals(0, map.changes(3, 3), "an empty range neither");
    }

    private static long changes(byte[] model, int lo, int hi) {
        long n = 0;
        for (int p = lo + 1; p < hi; p++) {
            n += model[p] != model[p - 1] ? 1 : 0;
        }
        return n;
    }

    /** Ranges that start on, just before or just after chunk edges as often as anywhere else. */
    private static int edgeBiased(SplittableRandom random) {
        if (random.nextBoolean()) {
            int edge = CHUNK * random.nextInt(4) + random.nextInt(3) - 1;
            return Math.max(0, Math.min(PAGES - 1, edge));
        }
        return random.nextInt(PAGES);
    }

    private static int lengthBiased(SplittableRandom random) {
        switch (random.nextInt(3)) {
            case 0:
                return 1 + random.nextInt(8);
            case 1:
                return CHUNK * (1 + random.nextInt(2)) + random.nextInt(3) - 1;
            default:
                return 1 + random.nextInt(PAGES);
        }
    }

    private static long count(byte[] model) {
        long n = 0;
        for (byte b : model) {
            n += b != PageMap.UNCOMMITTED ? 1 : 0;
        }
        return n;
    }

    private static long firstBelow(byte[] model, int from, int to, byte min) {
        for (int p = from; p < to; p++) {
            if (model[p] < min) {
                return p;
            }
        }
        return -1;
    }

    private static boolean anyAtLeast(byte[] model, int from, int to, byte min) {
        for (int p = from; p < to; p++) {
            if (model[p] >= min) {
                return true;
            }
        }
        return false;
    }

    private static long runStart(byte[] model, int from, byte min, int floor) {
        int p = from;
        while (p > floor && model[p - 1] >= min) {
            p--;
        }
        return p;
    }

    private static long runEnd(byte[] model, int from, byte min, int ceiling) {
        int p = from;
        while (p < ceiling && model[p] >= min) {
            p++;
        }
        return p;
    }
}
