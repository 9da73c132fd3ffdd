package dev.mmsb.queue;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;

/**
 * The set-ups the jcstress tests share. Chunks are one 4 KiB page (1024 ints, 512 longs, 256 pairs), and each queue is
 * filled and polled before the actors run so that the actors' few operations cross a chunk boundary: the producer
 * links a new chunk (or reuses a spare the consumer hands back during the same run: the wrap), and the consumer passes
 * a chunk and hands it back or releases it (the decommit).
 */
final class SpscScenarios {
    static final Backend PANAMA = Backends.load(Backends.PANAMA);
    static final Backend UNSAFE = Backends.load(Backends.UNSAFE);
    static final int CHUNK = 4096;

    /** Two longs, the second the complement of the first: a reader that sees one without the other sees a torn pair. */
    static final ElementCodec<long[]> PAIR = ElementCodec.of(16,
            e -> new long[] {e.getLong(0), e.getLong(8)},
            (e, v) -> {
                e.putLong(0, v[0]);
                e.putLong(8, ~v[0]);
            });

    private SpscScenarios() {
    }

    static SpscQueueOptions options(int spares) {
        return SpscQueueOptions.defaults().withChunkBytes(CHUNK).withSpareChunks(spares);
    }

    /**
     * An int queue whose consumer and producer have both passed {@code start} elements (discarded), followed by
     * {@code backlog} elements numbered from 0: the element the consumer polls next is 0.
     */
    static MappedIntSpscQueue intQueue(Backend backend, int spares, int start, int backlog) {
        MappedIntSpscQueue q = MappedIntSpscQueue.create(backend, options(spares));
        for (int i = 0; i < start; i++) {
            q.offerInt(-1);
            q.pollInt(0);
        }
        for (int i = 0; i < backlog; i++) {
            q.offerInt(i);
        }
        return q;
    }

    /**
     * 1 if the consumer's values (a prefix of what it saw, {@code -1} meaning empty) followed by what is left in the
     * queue are exactly {@code 0 .. total-1}; otherwise 0. Closes the queue.
     */
    static int inOrder(MappedIntSpscQueue q, int[] seen, int total) {
        int next = 0;
        boolean ok = true;
        for (int v : seen) {
            if (v == -1) {
                continue;
            }
            ok &= v == next++;
        }
        for (int v = q.pollInt(-1); v != -1; v = q.pollInt(-1)) {
            ok &= v == next++;
        }
        ok &= next == total;
        ok &= q.committedBytes() <= q.committedBound(0);
        q.close();
        ok &= q.committedBytes() == 0;
        return ok ? 1 : 0;
    }
}
