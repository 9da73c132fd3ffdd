package dev.mmsb.backend.panama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One {@code mmap}ed range and the shared arena that currently guards access to it. Also the release action handed to
 * the reservation's Cleaner, so it must never refer to the reservation.
 *
 * <p>The arena is replaced whenever access is revoked; the reservation's own lock serialises replacements, and no
 * replacement can start once release has begun, so {@link #run()} always closes the arena that is current.
 */
final class Mapping implements Runnable {
    /** Changed by a grow, under the reservation's lock; volatile for the Cleaner thread. */
    volatile long address;
    volatile long size;
    /** Volatile because the Cleaner thread reads it without taking the reservation's lock. */
    private volatile Arena arena = Arena.ofShared();
    /** Set when no thread but the releasing one ever accessed the mapping, so closing the arena can be skipped. */
    private volatile boolean skipFence;

    Mapping(long address, long size) {
        this.address = address;
        this.size = size;
    }

    /** A segment over the whole mapping, valid until the current arena is closed. */
    @SuppressWarnings("restricted")
    MemorySegment segment() {
        return MemorySegment.ofAddress(address).reinterpret(size, arena, null);
    }

    /** After a grow: the range {@link #run()} unmaps and new segments cover. */
    void range(long address, long size) {
        this.address = address;
        this.size = size;
    }

    /** Makes a fresh arena current and returns the previous one, still open, for the caller to close. */
    Arena replaceArena() {
        Arena stale = arena;
        arena = Arena.ofShared();
        return stale;
    }

    /**
     * Makes {@link #run()} skip the arena's close. An arena left open holds nothing native (the segment has no cleanup
     * action), so skipping its close only skips the handshake; the garbage collector takes the arena.
     */
    void skipFence() {
        skipFence = true;
    }

    /**
     * Closes the current arena, then unmaps. The close comes first: it waits until every thread that is inside an
     * access through the arena's segment has left it, and makes later accesses throw, so nothing can touch the range
     * once it is unmapped.
     */
    @Override
    public void run() {
        try {
            if (!skipFence) {
                arena.close();
            }
        } finally {
            // This runs once (as the Cleaner's action), so skipping munmap would leak the range for good. Unmapping
            // after a failed close is safe: the arena's segments never leave this backend, so no thread can hold
            // the arena acquired, the one case in which close refuses while an access is still in flight.
            LinuxSyscalls.munmap(address, size);
        }
    }
}
