package dev.mmsb.memory.spi;

import java.util.Arrays;

/**
 * One state byte per page of a reservation, in chunks of {@value #CHUNK_PAGES} pages allocated on first write, so that
 * a 64 GiB reservation costs a few KiB of heap until it is used. Each chunk also has a summary: the state all its pages
 * share, or {@link #MIXED}. Scans skip uniform chunks whole, which is what lets an access window cover a whole run of
 * accessible pages (a 32 GiB vector's committed prefix is a few thousand summary bytes) instead of a bounded
 * neighbourhood that sequential access would keep leaving.
 *
 * <p>Not synchronised: the owning reservation serialises writers. Readers may run concurrently with a writer (the
 * access check's slow path); they then see some mix of old and new states, never an exception, and the reservation's
 * window protocol discards what they conclude from it.
 */
final class PageMap {
    static final byte UNCOMMITTED = 0;
    static final byte NO_ACCESS = 1;
    static final byte READ_ONLY = 2;
    static final byte READ_WRITE = 3;
    /** Summary of a chunk whose pages are not all in one state. */
    private static final byte MIXED = -1;

    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_PAGES = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_PAGES - 1;

    private final long pages;
    /** Null for a chunk whose pages are all {@link #UNCOMMITTED}. */
    private final byte[][] chunks;
    /**
     * Per chunk, the state all its pages have, or {@link #MIXED}; {@link #UNCOMMITTED} for a null chunk. A chunk with
     * bytes always agrees with its summary.
     */
    private final byte[] summary;

    PageMap(long pages) {
        this.pages = pages;
        int count = Math.toIntExact((pages + CHUNK_PAGES - 1) >>> CHUNK_SHIFT);
        this.chunks = new byte[count][];
        this.summary = new byte[count];
    }

    long pages() {
        return pages;
    }

    /**
     * A map of {@code newPages} pages, at least {@link #pages()}: these pages' states, then {@link #UNCOMMITTED} ones.
     * It takes over this map's chunks, so this map must not be written again; readers still holding it see the same
     * states.
     */
    PageMap grow(long newPages) {
        PageMap bigger = new PageMap(newPages);
        System.arraycopy(chunks, 0, bigger.chunks, 0, chunks.length);
        System.arraycopy(summary, 0, bigger.summary, 0, summary.length);
        int last = chunks.length - 1;
        if (last >= 0 && bigger.chunks[last] != null) {
            // The old last chunk may have been short: its new pages are UNCOMMITTED (their bytes were never written).
            bigger.summary[last] = uniformState(bigger.chunks[last], bigger.chunkLength(last));
        }
        return bigger;
    }

    byte get(long page) {
        int c = (int) (page >>> CHUNK_SHIFT);
        byte s = summary[c];
        if (s != MIXED) {
            return s;
        }
        byte[] chunk = chunks[c];
        return chunk == null ? UNCOMMITTED : chunk[(int) page & CHUNK_MASK];
    }

    /** Sets pages {@code [from, to)} to {@code state}; returns the change in the number of committed pages. */
    long set(long from, long to, byte state) {
        long delta = 0;
        for (long page = from; page < to; ) {
            int c = (int) (page >>> CHUNK_SHIFT);
            int length = chunkLength(c);
            int start = (int) page & CHUNK_MASK;
            int end = (int) Math.min(length, start + (to - page));
            page += end - start;
            byte before = summary[c];
            if (before == state) {
                continue;
            }
            if (before != MIXED) {
                delta += (long) (end - start) * committedDelta(before, state);
            }
            if (start == 0 && end == length) {
                if (before == MIXED) {
                    delta += scanDelta(chunks[c], 0, length, state);
                }
                if (state == UNCOMMITTED) {
                    chunks[c] = null;
                } else {
                    byte[] chunk = chunks[c];
                    if (chunk == null) {
                        chunks[c] = chunk = new byte[CHUNK_PAGES];
                    }
                    Arrays.fill(chunk, 0, length, state);
                }
                summary[c] = state;
                continue;
            }
            byte[] chunk = chunks[c];
            if (chunk == null) {
                // before == UNCOMMITTED: only such a chunk may lack its bytes, and new bytes are UNCOMMITTED.
                chunks[c] = chunk = new byte[CHUNK_PAGES];
            }
            if (before == MIXED) {
                delta += scanDelta(chunk, start, end, state);
            }
            Arrays.fill(chunk, start, end, state);
            summary[c] = uniformState(chunk, length);
            if (summary[c] == UNCOMMITTED) {
                chunks[c] = null;
            }
        }
        return delta;
    }

    /** Pages in {@code [from, to)} that are {@link #UNCOMMITTED}: what committing the range would add. */
    long countUncommitted(long from, long to) {
        long count = 0;
        for (long page = from; page < to; ) {
            int c = (int) (page >>> CHUNK_SHIFT);
            long chunkEnd = Math.min(to, chunkStart(c + 1));
            byte s = summary[c];
            byte[] chunk = chunks[c];
            if (chunk == null || s == UNCOMMITTED) {
                count += chunkEnd - page;
            } else if (s == MIXED) {
                for (long p = page; p < chunkEnd; p++) {
                    if (chunk[(int) p & CHUNK_MASK] == UNCOMMITTED) {
                        count++;
                    }
                }
            }
            page = chunkEnd;
        }
        return count;
    }

    /**
     * The states of pages {@code [from, to)}, for {@link #restore}: one entry per run of equal states, so a range of
     * millions of pages in a few states costs a few entries (and a uniform chunk is one step).
     */
    Runs snapshot(long from, long to) {
        Runs runs = new Runs(to);
        for (long page = from; page < to; ) {
            int c = (int) (page >>> CHUNK_SHIFT);
            long chunkEnd = Math.min(to, chunkStart(c + 1));
            byte s = summary[c];
            byte[] chunk = chunks[c];
            if (s != MIXED || chunk == null) {
                runs.add(page, chunk == null ? UNCOMMITTED : s);
            } else {
                for (long p = page; p < chunkEnd; p++) {
                    runs.add(p, chunk[(int) p & CHUNK_MASK]);
                }
            }
            page = chunkEnd;
        }
        return runs;
    }

    /**
     * Sets the pages {@code runs} covers back to the states it recorded, but none above {@code most}; returns the
     * change in the number of committed pages.
     */
    long restore(Runs runs, byte most) {
        long delta = 0;
        for (int i = 0; i < runs.count; i++) {
            long end = i + 1 < runs.count ? runs.starts[i + 1] : runs.end;
            delta += set(runs.starts[i], end, (byte) Math.min(runs.states[i], most));
        }
        return delta;
    }

    /** Lowers every page in {@code [from, to)} whose state is above {@code most} to {@code most}. */
    void lower(long from, long to, byte most) {
        restore(snapshot(from, to), most);
    }

    /** States recorded by {@link #snapshot}: run {@code i} starts at page {@code starts[i]}, in {@code states[i]}. */
    static final class Runs {
        private final long end;
        private long[] starts = new long[4];
        private byte[] states = new byte[4];
        private int count;

        private Runs(long end) {
            this.end = end;
        }

        private void add(long page, byte state) {
            if (count > 0 && states[count - 1] == state) {
                return;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, 2 * count);
                states = Arrays.copyOf(states, 2 * count);
            }
            starts[count] = page;
            states[count] = state;
            count++;
        }

        /** Number of runs. */
        int count() {
            return count;
        }

        long start(int i) {
            return starts[i];
        }

        long end(int i) {
            return i + 1 < count ? starts[i + 1] : end;
        }

        byte state(int i) {
            return states[i];
        }
    }

    /**
     * Number of state changes between neighbouring pages of {@code [lo, hi)}: pages {@code i} in {@code (lo, hi)}
     * whose state differs from page {@code i - 1}'s. The range holds that many runs of equal states, plus one; over
     * the whole map that is the number of kernel mappings the reservation makes, as an upper bound (see
     * {@link dev.mmsb.memory.limits.MappingLimit}). Uniform chunks are one step.
     */
    long changes(long lo, long hi) {
        if (hi - lo < 2) {
            return 0;
        }
        long changes = 0;
        byte previous = get(lo);
        for (long page = lo + 1; page < hi; ) {
            int c = (int) (page >>> CHUNK_SHIFT);
            long chunkEnd = Math.min(hi, chunkStart(c + 1));
            byte s = summary[c];
            byte[] chunk = chunks[c];
            if (s != MIXED || chunk == null) {
                byte state = chunk == null ? UNCOMMITTED : s;
                if (state != previous) {
                    changes++;
                    previous = state;
                }
                page = chunkEnd;
                continue;
            }
            for (; page < chunkEnd; page++) {
                byte state = chunk[(int) page & CHUNK_MASK];
                if (state != previous) {
                    changes++;
                    previous = state;
                }
            }
        }
        return changes;
    }

    /**
     * How {@link #set set(from, to, state)} would change the number of runs of equal states over the whole map
     * (and so the reservation's mappings), without changing anything: only the range and its two neighbours matter.
     * Requires {@code from < to}.
     */
    long runsDelta(long from, long to, byte state) {
        long lo = Math.max(from - 1, 0);
        long hi = Math.min(to + 1, pages);
        long before = changes(lo, hi);
        long after = (from > 0 && get(from - 1) != state ? 1 : 0) + (to < pages && get(to) != state ? 1 : 0);
        return after - before;
    }

    /** First page in {@code [from, to)} whose state is below {@code min}, or -1 if there is none. */
    long firstBelow(long from, long to, byte min) {
        return first(from, to, min, true);
    }

    /** Whether some page in {@code [from, to)} has a state of at least {@code min}. */
    boolean anyAtLeast(long from, long to, byte min) {
        return first(from, to, min, false) >= 0;
    }

    /** Smallest {@code p >= floor} such that every page in {@code [p, from)} is at least {@code min}. */
    long runStart(long from, byte min, long floor) {
        long page = from;
        while (page > floor) {
            int c = (int) ((page - 1) >>> CHUNK_SHIFT);
            long chunkFloor = Math.max(floor, chunkStart(c));
            byte s = summary[c];
            byte[] chunk = chunks[c];
            if (s != MIXED || chunk == null) {
                if ((chunk == null ? UNCOMMITTED : s) < min) {
                    return page;
                }
                page = chunkFloor;
                continue;
            }
            for (; page > chunkFloor; page--) {
                if (chunk[(int) (page - 1) & CHUNK_MASK] < min) {
                    return page;
                }
            }
        }
        return page;
    }

    /** Largest {@code p <= ceiling} such that every page in {@code [from, p)} is at least {@code min}. */
    long runEnd(long from, byte min, long ceiling) {
        long below = first(from, ceiling, min, true);
        return below < 0 ? ceiling : below;
    }

    /** First page in {@code [from, to)} whose state is below {@code min} (or, if not {@code below}, at least it). */
    private long first(long from, long to, byte min, boolean below) {
        long page = from;
        while (page < to) {
            int c = (int) (page >>> CHUNK_SHIFT);
            long chunkEnd = Math.min(to, chunkStart(c + 1));
            byte s = summary[c];
            byte[] chunk = chunks[c];
            if (s != MIXED || chunk == null) {
                if (((chunk == null ? UNCOMMITTED : s) < min) == below) {
                    return page;
                }
                page = chunkEnd;
                continue;
            }
            for (; page < chunkEnd; page++) {
                if ((chunk[(int) page & CHUNK_MASK] < min) == below) {
                    return page;
                }
            }
        }
        return -1;
    }

    private static long chunkStart(int c) {
        return (long) c << CHUNK_SHIFT;
    }

    /** Pages in chunk {@code c}: {@value #CHUNK_PAGES}, fewer for the last one. */
    private int chunkLength(int c) {
        return (int) Math.min(CHUNK_PAGES, pages - chunkStart(c));
    }

    private static int committedDelta(byte before, byte after) {
        return (after != UNCOMMITTED ? 1 : 0) - (before != UNCOMMITTED ? 1 : 0);
    }

    private static long scanDelta(byte[] chunk, int start, int end, byte state) {
        long delta = 0;
        for (int i = start; i < end; i++) {
            delta += committedDelta(chunk[i], state);
        }
        return delta;
    }

    private static byte uniformState(byte[] chunk, int length) {
        byte first = chunk[0];
        for (int i = 1; i < length; i++) {
            if (chunk[i] != first) {
                return MIXED;
            }
        }
        return first;
    }
}
