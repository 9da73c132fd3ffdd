package dev.mmsb.queue;

import dev.mmsb.memory.MemoryView;
import dev.mmsb.memory.Reservation;

/**
 * One page-aligned chunk of an SPSC queue: its own reservation, committed whole, and a view of all of it. A chunk is
 * its own reservation so that releasing one that the consumer has passed revokes no view the producer is using: on
 * Panama that release closes only this chunk's shared arena.
 */
final class SpscChunk {
    final Reservation memory;
    final MemoryView view;
    /**
     * The chunk after this one. The producer writes it before it publishes the first element of that chunk (a release
     * store of {@code producerIndex}), so the consumer, which reads it only after acquiring an index past this chunk,
     * always sees it.
     */
    SpscChunk next;

    SpscChunk(Reservation memory, MemoryView view) {
        this.memory = memory;
        this.view = view;
    }
}
