package dev.mmsb.queue;

import dev.mmsb.memory.Backend;
import org.openjdk.jcstress.infra.results.II_Result;

/** The cases the jcstress tests run, each on both backends; every test class delegates to one of these. */
final class SpscCases {
    private SpscCases() {
    }

    /**
     * The producer offers four elements (two singly, two as an array) across the end of its chunk while the consumer
     * polls four times; {@code backlog} elements are queued before them.
     */
    static final class Boundary {
        final MappedIntSpscQueue q;
        final int backlog;
        final int[] seen = new int[4];

        /** Empty at two before a chunk's end: the consumer polls what the producer is publishing across it. */
        static Boundary tight(Backend backend) {
            return new Boundary(backend, 2, 1022, 0);
        }

        /**
         * The consumer two before the end of its chunk and the producer two before the end of the next: the consumer's
         * hand-back of the chunk it passes (a spare, or a release with {@code spares == 0}) races the producer taking
         * one (that spare, so the chunk wraps round, or a new one).
         */
        static Boundary handBack(Backend backend, int spares) {
            return new Boundary(backend, spares, 1022, 1024);
        }

        private Boundary(Backend backend, int spares, int start, int backlog) {
            this.q = SpscScenarios.intQueue(backend, spares, start, backlog);
            this.backlog = backlog;
        }

        void produce() {
            q.offerInt(backlog);
            q.offerInt(backlog + 1);
            q.offer(new int[] {backlog + 2, backlog + 3}, 0, 2);
        }

        void consume() {
            for (int k = 0; k < 4; k++) {
                seen[k] = q.pollInt(-1);
            }
        }

        /** r1: 1 if every element arrived once, whole and in order, and close gave all back; r2: how many polls got one. */
        void arbiter(II_Result r) {
            int got = 0;
            for (int v : seen) {
                got += v == -1 ? 0 : 1;
            }
            r.r2 = got;
            r.r1 = SpscScenarios.inOrder(q, seen, backlog + 4);
        }
    }

    /** Pairs of longs through the generic queue across a chunk boundary: a polled element is always complete. */
    static final class Pairs {
        final MappedSpscQueue<long[]> q;
        final long[] seen = new long[4];

        Pairs(Backend backend) {
            q = MappedSpscQueue.create(backend, SpscScenarios.PAIR, SpscScenarios.options(1));
            for (int i = 0; i < 254; i++) { // 256 pairs per chunk: two before the end
                q.offer(new long[] {0});
                q.poll();
            }
        }

        void produce() {
            for (long a = 1; a <= 4; a++) {
                q.offer(new long[] {a});
            }
        }

        void consume() {
            for (int k = 0; k < 4; k++) {
                long[] p = q.poll();
                seen[k] = p == null ? 0 : p[1] == ~p[0] ? p[0] : -1;
            }
        }

        /** r1: 1 if the pairs seen were whole and in order and the rest followed; r2: how many polls got one. */
        void arbiter(II_Result r) {
            long next = 1;
            boolean ok = true;
            int got = 0;
            for (long v : seen) {
                if (v != 0) {
                    got++;
                    ok &= v == next++;
                }
            }
            for (long[] p = q.poll(); p != null; p = q.poll()) {
                ok &= p[1] == ~p[0] && p[0] == next++;
            }
            ok &= next == 5;
            q.close();
            r.r1 = ok ? 1 : 0;
            r.r2 = got;
        }
    }

    /**
     * A producer copying arrays across chunks and a consumer draining them, one of which closes the queue part-way:
     * the other finishes or gets IllegalStateException, never a crash, and every chunk is released.
     */
    static final class CloseRace {
        final MappedIntSpscQueue q;
        final boolean consumerCloses;
        final int[] src = new int[700];
        final int[] dst = new int[700];

        CloseRace(Backend backend, boolean consumerCloses) {
            q = SpscScenarios.intQueue(backend, 1, 1000, 0);
            this.consumerCloses = consumerCloses;
        }

        /** 1 if the producer saw the queue closed. */
        int produce() {
            try {
                for (int k = 0; k < 3; k++) {
                    q.offer(src, 0, src.length);
                    q.offerInt(k);
                }
                if (!consumerCloses) {
                    q.close();
                }
                return 0;
            } catch (IllegalStateException closed) {
                return 1;
            }
        }

        /** 1 if the consumer saw the queue closed. */
        int consume() {
            try {
                for (int k = 0; k < 3; k++) {
                    q.drainTo(dst, 0, dst.length);
                    q.drain(v -> { }, 100);
                }
                if (consumerCloses) {
                    q.close();
                }
                return 0;
            } catch (IllegalStateException closed) {
                return 1;
            }
        }

        /** 1 if nothing stays committed after close. */
        int released() {
            return q.committedBytes() == 0 && q.isClosed() ? 1 : 0;
        }
    }
}
