package dev.mmsb.memory.spi;

/**
 * One state byte per page of a reservation, in chunks allocated on first write so that a 64 GiB reservation costs a
 * few KiB of heap until it is used. Not synchronised: the owning reservation serialises writers.
 */
final class PageMap {
    static final byte UNCOMMITTED = 0;
    static final byte NO_ACCESS = 1;
    static final byte READ_ONLY = 2;
    static final byte READ_WRITE = 3;

    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_PAGES = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_PAGES - 1;

    private final long pages;
    private final byte[][] chunks;

    PageMap(long pages) {
        this.pages = pages;
        this.chunks = new byte[Math.toIntExact((pages + CHUNK_PAGES - 1) >>> CHUNK_SHIFT)][];
    }

    long pages() {
        return pages;
    }

    byte get(long page) {
        byte[] chunk = chunks[(int) (page >>> CHUNK_SHIFT)];
        return chunk == null ? UNCOMMITTED : chunk[(int) page & CHUNK_MASK];
    }

    /** Sets pages {@code [from, to)} to {@code state}; returns the change in the number of committed pages. */
    long set(long from, long to, byte state) {
        long delta = 0;
        for (long page = from; page < to; ) {
            int c = (int) (page >>> CHUNK_SHIFT);
            int start = (int) page & CHUNK_MASK;
            int end = (int) Math.min(CHUNK_PAGES, start + (to - page));
            byte[] chunk = chunks[c];
            if (chunk == null) {
                if (state == UNCOMMITTED) {
                    page += end - start;
                    continue;
                }
                chunk = chunks[c] = new byte[CHUNK_PAGES];
            }
            for (int i = start; i < end; i++) {
                if (chunk[i] == UNCOMMITTED) {
                    delta += state == UNCOMMITTED ? 0 : 1;
                } else if (state == UNCOMMITTED) {
                    delta--;
                }
                chunk[i] = state;
            }
            page += end - start;
        }
        return delta;
    }

    /** First page in {@code [from, to)} whose state is below {@code min}, or -1 if there is none. */
    long firstBelow(long from, long to, byte min) {
        for (long page = from; page < to; page++) {
            if (get(page) < min) {
                return page;
            }
        }
        return -1;
    }

    /** Whether some page in {@code [from, to)} has a state of at least {@code min}. */
    boolean anyAtLeast(long from, long to, byte min) {
        for (long page = from; page < to; ) {
            byte[] chunk = chunks[(int) (page >>> CHUNK_SHIFT)];
            long chunkEnd = Math.min(to, ((page >>> CHUNK_SHIFT) + 1) << CHUNK_SHIFT);
            if (chunk != null) {
                for (long p = page; p < chunkEnd; p++) {
                    if (chunk[(int) p & CHUNK_MASK] >= min) {
                        return true;
                    }
                }
            }
            page = chunkEnd;
        }
        return false;
    }

    /** Smallest {@code p >= floor} such that every page in {@code [p, from)} is at least {@code min}. */
    long runStart(long from, byte min, long floor) {
        long page = from;
        while (page > floor && get(page - 1) >= min) {
            page--;
        }
        return page;
    }

    /** Largest {@code p <= ceiling} such that every page in {@code [from, p)} is at least {@code min}. */
    long runEnd(long from, byte min, long ceiling) {
        long page = from;
        while (page < ceiling && get(page) >= min) {
            page++;
        }
        return page;
    }
}
