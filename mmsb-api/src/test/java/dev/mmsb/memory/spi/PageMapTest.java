package dev.mmsb.memory.spi;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The page map against a plain byte-per-page model: random range writes that cover whole chunks, parts of chunks and
 * the short last chunk, each followed by queries whose answers must not depend on the chunk summaries.
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
