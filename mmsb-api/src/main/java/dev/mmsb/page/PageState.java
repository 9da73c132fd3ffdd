package dev.mmsb.page;

/**
 * Where a {@link Page} is in its life. Legal moves: RESERVED → COMMITTED ⇄ DECOMMITTED, COMMITTED ⇄ PROTECTED, and any
 * state → RELEASED. Reads need COMMITTED or PROTECTED; writes need COMMITTED.
 */
public enum PageState {
    /** Address space only; no memory, no access. */
    RESERVED,
    /** Readable and writable memory. */
    COMMITTED,
    /** Memory given back to the OS; reads as zeros once committed again. */
    DECOMMITTED,
    /** Committed and read-only. */
    PROTECTED,
    /** Unmapped; final. */
    RELEASED;

    boolean readable() {
        return this == COMMITTED || this == PROTECTED;
    }

    boolean writable() {
        return this == COMMITTED;
    }
}
