package dev.mmsb.queue;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.testing.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Model-based randomized test: every queue kind against {@link ArrayDeque}, on both backends, with random options
 * (tiny rings that wrap thousands of times, bounds, slack from 0 to 1 MiB), over at least a million operations each.
 * After every operation the sizes, the head and the memory bound are checked, after refused input also that the
 * committed bytes did not change, and the contents regularly. A failure names its seed; rerun one with
 * {@code -Dmmsb.queue.seed=<seed>} (and {@code -Dmmsb.queue.ops=<n>} to change the length).
 */
class MappedQueueModelTest {
    private static final long OPS = Long.getLong("mmsb.queue.ops", 1_000_000);
    private static final int ROUNDS = 10;

    static Stream<Arguments> cases() {
        return TestBackends.all().map(Backend::name).flatMap(b -> Stream.of(
                Arguments.of(b, "int"), Arguments.of(b, "long"), Arguments.of(b, "generic12"),
                Arguments.of(b, "generic4100")));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void behavesLikeArrayDeque(String backendName, String kind) {
        Backend backend = Backends.load(backendName);
        long seed = Long.getLong("mmsb.queue.seed", (backendName + "/" + kind).hashCode() * 0x9E3779B97F4A7C15L);
        SplittableRandom rnd = new SplittableRandom(seed);
        long opsPerRound = Math.max(1, OPS / ROUNDS);
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long roundSeed = rnd.nextLong();
            Run run = new Run(backend, kind, roundSeed);
            try {
                run.go(opsPerRound);
            } catch (Throwable t) {
                throw new AssertionError("FAILED: seed=" + seed + " round=" + round + " roundSeed=" + roundSeed
                        + " op=" + run.op + " " + run.describe() + " (rerun with -Dmmsb.queue.seed=" + seed + ")", t);
            } finally {
                run.closeQuietly();
            }
            total += run.op;
        }
        System.out.printf("model %s on %s: seed=%d, %d operations%n", kind, backendName, seed, total);
    }

    /** One queue with random options, driven against the model. */
    private static final class Run {
        final SplittableRandom rnd;
        final Subject q;
        final ArrayDeque<Long> model = new ArrayDeque<>();
        final QueueOptions options;
        final long cap;
        final long pageSize;
        long op;
        String lastOp = "";
        double offerBias = 0.5;
        long nextPhase;

        Run(Backend backend, String kind, long seed) {
            rnd = new SplittableRandom(seed);
            pageSize = backend.pageSize();
            int es = kind.equals("int") ? 4 : kind.equals("long") ? 8 : kind.equals("generic12") ? 12 : 4100;
            long[] slacks = {0, 1, pageSize, 3 * pageSize, 16 * pageSize, 1 << 20};
            QueueOptions o = QueueOptions.defaults().withSlackBytes(slacks[rnd.nextInt(slacks.length)]);
            int shape = rnd.nextInt(10);
            if (shape < 4) {
                o = o.withMaxCapacityElements(1 + rnd.nextLong(rnd.nextBoolean() ? 50 : 5000));
            } else if (shape < 8) {
                o = o.withReservationBytes((4 + rnd.nextLong(40)) * pageSize + rnd.nextLong(pageSize));
            } else if (shape < 9) {
                o = o.withReservationBytes((1 << 16) + rnd.nextLong(4 << 20));
            } // else: the 64 GiB default
            options = o;
            q = kind.equals("int") ? Subject.ints(backend, o)
                    : kind.equals("long") ? Subject.longs(backend, o)
                    : Subject.generic(backend, es, o);
            cap = q.capacity();
            if (o.maxCapacityElements().isPresent() && cap != o.maxCapacityElements().getAsLong()) {
                throw new AssertionError("capacity " + cap + " for " + o);
            }
        }

        String describe() {
            return q + " " + options + " capacity=" + cap + " size=" + model.size();
        }

        void closeQuietly() {
            q.close();
        }

        void go(long ops) {
            for (op = 0; op < ops; op++) {
                if (op == nextPhase) {
                    double[] biases = {0.2, 0.45, 0.5, 0.5, 0.55, 0.8, 0.97};
                    offerBias = biases[rnd.nextInt(biases.length)];
                    nextPhase = op + 1000 + rnd.nextInt(30_000);
                }
                step();
                check();
            }
            compareContents();
            checkClose();
        }

        void step() {
            double r = rnd.nextDouble();
            lastOp = r < 0.9 * offerBias ? "offer/add" : r < 0.9 ? "poll/remove" : "misc";
            if (r < 0.9 * offerBias) {
                long v = q.value(rnd.nextLong());
                boolean full = model.size() >= cap;
                long committed = q.committedBytes();
                if (rnd.nextInt(8) != 0) {
                    eq(!full, q.offer(v), "offer result");
                } else if (full) {
                    expect(IllegalStateException.class, () -> q.add(v));
                } else {
                    q.add(v);
                }
                if (!full) {
                    model.add(v);
                } else {
                    eq(committed, q.committedBytes(), "committedBytes after an offer to a full queue");
                }
            } else if (r < 0.9) {
                if (rnd.nextInt(8) != 0) {
                    eq(model.poll(), q.poll(), "poll");
                } else if (model.isEmpty()) {
                    expect(NoSuchElementException.class, q::remove);
                } else {
                    eq(model.remove(), q.remove(), "remove");
                }
            } else {
                misc();
            }
        }

        void misc() {
            int which = rnd.nextInt(1000);
            lastOp = "misc " + which;
            if (which < 250) {
                eq(model.peek(), q.peek(), "peek");
            } else if (which < 400) {
                if (model.isEmpty()) {
                    expect(NoSuchElementException.class, q::element);
                } else {
                    eq(model.element(), q.element(), "element");
                }
            } else if (which < 600) {
                int max = rnd.nextInt(3) == 0 ? rnd.nextInt(2000) : rnd.nextInt(40);
                List<Long> got = new ArrayList<>();
                long n = q.drain(got::add, max);
                eq((long) Math.min(max, model.size()), n, "drain count");
                for (Long v : got) {
                    eq(model.poll(), v, "drained");
                }
            } else if (which < 640) {
                // A sink that fails on its k-th element: k elements gone, the failing one still at the head.
                int k = rnd.nextInt(5);
                int[] seen = {0};
                RuntimeException boom = new RuntimeException("boom");
                try {
                    q.drain(v -> {
                        if (seen[0]++ == k) {
                            throw boom;
                        }
                    }, 10);
                    if (model.size() > k && k < 10) {
                        throw new AssertionError("sink failure not propagated");
                    }
                    for (int i = 0, n = Math.min(10, model.size()); i < n; i++) {
                        model.poll();
                    }
                } catch (RuntimeException e) {
                    if (e != boom) {
                        throw e;
                    }
                    for (int i = 0; i < k; i++) {
                        model.poll();
                    }
                }
            } else if (which < 700) {
                if (model.size() <= 20_000) {
                    compareContents();
                }
            } else if (which < 760) {
                if (!model.isEmpty() && model.size() <= 5000) {
                    removeThroughIterator(rnd.nextInt(model.size()));
                }
            } else if (which < 800) {
                // Fail-fast iterator.
                Iterator<Long> it = q.iterator();
                if (!model.isEmpty() && rnd.nextBoolean()) {
                    eq(model.peek(), it.next(), "iterator first");
                }
                if (model.size() < cap && rnd.nextBoolean()) {
                    long v = q.value(rnd.nextLong());
                    q.offer(v);
                    model.add(v);
                } else if (!model.isEmpty()) {
                    eq(model.poll(), q.poll(), "poll");
                } else {
                    return;
                }
                expect(ConcurrentModificationException.class, it::next);
            } else if (which < 840) {
                long size = model.size();
                Long head = model.peek();
                long committed = q.committedBytes();
                expect(IllegalArgumentException.class, () -> q.drain(v -> { }, -1));
                eq(size, q.size(), "size after bad drain");
                eq(head, q.peek(), "head after bad drain");
                eq(committed, q.committedBytes(), "committedBytes after bad drain");
            } else if (which < 990) {
                if (q instanceof Subject.Generic) {
                    generic(((Subject.Generic) q).q);
                }
            } else if (rnd.nextInt(10) == 0) {
                q.clear();
                model.clear();
            }
        }

        /** Bad input and bulk adds on the Collection face. */
        void generic(MappedQueue<Long> g) {
            long size = model.size();
            Long head = model.peek();
            long committed = q.committedBytes();
            int which = rnd.nextInt(5);
            lastOp = "generic " + which;
            if (which == 0) {
                expect(NullPointerException.class, () -> g.offer(null));
            } else if (which == 1) {
                if (model.size() >= cap) {
                    eq(false, g.offer(Subject.POISON), "offer to a full queue"); // refused before encoding
                } else {
                    expect(IllegalArgumentException.class, () -> g.offer(Subject.POISON));
                }
            } else {
                int n = rnd.nextInt(which == 4 ? 3000 : 40);
                List<Long> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    batch.add(rnd.nextLong());
                }
                int bad = which == 2 ? -1 : rnd.nextInt(n + 1);
                if (bad >= 0) {
                    batch.add(bad, rnd.nextBoolean() ? null : Subject.POISON);
                }
                boolean fits = model.size() + batch.size() <= cap;
                if (bad >= 0) {
                    RuntimeException e = expect(RuntimeException.class, () -> g.addAll(batch));
                    boolean expected = e instanceof NullPointerException || e instanceof IllegalArgumentException
                            || (!fits && e instanceof IllegalStateException);
                    if (!expected) {
                        throw new AssertionError("addAll threw " + e, e);
                    }
                } else if (!fits) {
                    expect(IllegalStateException.class, () -> g.addAll(batch));
                } else {
                    eq(!batch.isEmpty(), g.addAll(batch), "addAll result");
                    model.addAll(batch);
                    return;
                }
            }
            eq(size, q.size(), "size after refused input");
            eq(head, q.peek(), "head after refused input");
            // MappedQueue's contract: a refused offer or addAll decommits whatever it committed.
            eq(committed, q.committedBytes(), "committedBytes after refused input");
        }

        void removeThroughIterator(int index) {
            Iterator<Long> it = q.iterator();
            Iterator<Long> mit = model.iterator();
            for (int i = 0; i <= index; i++) {
                eq(mit.next(), it.next(), "iterator element " + i);
            }
            it.remove();
            mit.remove();
            expect(IllegalStateException.class, it::remove);
            while (mit.hasNext()) {
                eq(mit.next(), it.next(), "iterator after remove");
            }
            Subject.assertExhausted(it);
        }

        void compareContents() {
            List<Long> expected = new ArrayList<>(model);
            List<Long> actual = q.contents();
            if (!expected.equals(actual)) {
                throw new AssertionError("contents differ: expected " + expected.size() + " elements, got "
                        + actual.size() + firstDifference(expected, actual));
            }
            Iterator<Long> it = q.iterator();
            for (int i = 0; i < expected.size(); i++) {
                it.next();
            }
            Subject.assertExhausted(it);
        }

        /** Sizes, head and the memory bound, after every operation. */
        void check() {
            long size = model.size();
            if (q.size() != size) {
                throw new AssertionError("size " + q.size() + " expected " + size);
            }
            if (q.isEmpty() != (size == 0)) {
                throw new AssertionError("isEmpty " + q.isEmpty() + " with size " + size);
            }
            if (!Objects.equals(model.peek(), q.peek())) {
                throw new AssertionError("head " + q.peek() + " expected " + model.peek());
            }
            Ring ring = q.ring();
            long committed = q.committedBytes();
            if (committed != ring.lapBytes || ring.view != null && ring.view.byteSize() != committed) {
                throw new AssertionError("committed " + committed + " but the lap is " + ring.lapBytes + " and the view "
                        + (ring.view == null ? "null" : ring.view.byteSize()));
            }
            long live = size * ring.es;
            // The documented bound (QueueOptions): max(slack, four elements, one page), all rounded up to pages and
            // capped at the reservation, or four times the live bytes.
            long slack = (options.slackBytes() + pageSize - 1) / pageSize * pageSize;
            long minLap = Math.max(pageSize, (4L * ring.es + pageSize - 1) / pageSize * pageSize);
            long bound = Math.max(Math.min(Math.max(slack, minLap), ring.mem.size()), 4 * live);
            if (committed > bound) {
                throw new AssertionError("committed " + committed + " > bound " + bound + " (live " + live
                        + " bytes, slack " + slack + ") " + ring.state() + " last op: " + lastOp);
            }
        }

        void checkClose() {
            q.close();
            q.close();
            eq(0L, q.committedBytes(), "committed after close");
            expect(IllegalStateException.class, () -> q.offer(1));
            expect(IllegalStateException.class, q::poll);
            expect(IllegalStateException.class, q::peek);
            expect(IllegalStateException.class, q::remove);
            expect(IllegalStateException.class, q::element);
            expect(IllegalStateException.class, q::size);
            expect(IllegalStateException.class, q::clear);
            expect(IllegalStateException.class, q::iterator);
            expect(IllegalStateException.class, () -> q.drain(v -> { }, 1));
        }

        static String firstDifference(List<Long> expected, List<Long> actual) {
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    return "; first difference at " + i + ": expected " + expected.get(i) + " got " + actual.get(i);
                }
            }
            return "";
        }

        static void eq(Object expected, Object actual, String what) {
            if (!Objects.equals(expected, actual)) {
                throw new AssertionError(what + ": expected " + expected + " got " + actual);
            }
        }

        @SuppressWarnings("unchecked")
        static <E extends Throwable> E expect(Class<E> type, Action action) {
            try {
                action.run();
            } catch (Throwable t) {
                if (type.isInstance(t)) {
                    return (E) t;
                }
                throw new AssertionError("expected " + type.getSimpleName() + " but got " + t, t);
            }
            throw new AssertionError("expected " + type.getSimpleName() + " but nothing was thrown");
        }
    }

    @FunctionalInterface
    interface Action {
        void run() throws Throwable;
    }
}
