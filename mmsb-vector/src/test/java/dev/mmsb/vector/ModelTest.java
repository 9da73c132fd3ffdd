package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import dev.mmsb.testing.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Seeded random operation sequences against {@link ArrayList} as the oracle, checking contents and the committed-size
 * invariants after every operation, every 50,000 operations each element by index, and regularly (more often while the
 * vector is small) each traversal: toArray, the iterator, forEach, sequential and parallel streams. Per million
 * operations: about 5 clears, 200 ensureCapacity calls, 200 trimToSize, 1 % inserts, 1 % removes, 10 % sets, 18 % gets, and pushes
 * and pops in phases biased towards either. Reproduce a failure with {@code -Dmmsb.vector.model.seed=<seed>} (the seed
 * is in the failure message and on stderr); {@code -Dmmsb.vector.model.ops=<n>} changes the length (default 1 M).
 */
class ModelTest {
    private static final int OPS = Integer.getInteger("mmsb.vector.model.ops", 1_000_000);
    private static final int MAX_SIZE = 300_000;

    static Stream<Arguments> cases() {
        Long forced = Long.getLong("mmsb.vector.model.seed");
        return TestBackends.all().flatMap(b -> Stream.of(Kind.values()).map(k -> Arguments.of(b, k,
                forced != null ? forced : 0x5EEDL * 31 + k.ordinal())));
    }

    @ParameterizedTest(name = "{0} {1} seed={2}")
    @MethodSource("cases")
    void randomOperationsMatchArrayList(Backend backend, Kind kind, long seed) {
        try {
            run(backend, kind, seed);
        } catch (AssertionError | RuntimeException e) {
            String message = "model test failed on " + backend.name() + " " + kind + " with seed=" + seed
                    + " (rerun with -Dmmsb.vector.model.seed=" + seed + "): " + e;
            System.err.println(message);
            throw new AssertionError(message, e);
        }
    }

    private static void run(Backend backend, Kind kind, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] initials = {0, 1_000, 50_000};
        long initial = initials[random.nextInt(initials.length)];
        VectorOptions options = VectorOptions.defaults().withInitialCapacityElements(initial).withMaxCapacityElements(4 * MAX_SIZE);
        List<Long> oracle = new ArrayList<>();
        long page = backend.pageSize();
        int maxSize = 0;
        try (Kind.TestVector t = kind.create(backend, options); PagingLog log = new PagingLog(t.vector)) {
            AbstractMappedVector v = t.vector;
            int es = v.elementSize();
            int phaseLeft = 0;
            double pushBias = 0.5;
            double[] biases = {0.05, 0.2, 0.5, 0.55, 0.8, 0.95};
            int op = 0;
            int sinceTraversals = 0;
            int traversalChecks = 0;
            try {
                for (; op < OPS; op++) {
                    if (phaseLeft-- == 0) {
                        phaseLeft = 2_000 + random.nextInt(60_000);
                        pushBias = biases[random.nextInt(biases.length)];
                    }
                    int size = oracle.size();
                    int r = random.nextInt(1_000_000);
                    if (size == 0 && r >= 10_405) {
                        r = Integer.MAX_VALUE; // nothing to remove, set or get: push instead
                    }
                    String name;
                    boolean removal = false;
                    if (r < 5) {
                        name = "clear";
                        v.clear();
                        oracle.clear();
                        removal = true;
                    } else if (r < 205) {
                        name = "ensureCapacity";
                        long wanted = random.nextInt(3 * size + 1_000);
                        long before = v.capacity();
                        v.ensureCapacity(wanted);
                        check(v.capacity() >= wanted, "ensureCapacity(" + wanted + ") left capacity " + v.capacity());
                        check(wanted > before || v.capacity() == before, "ensureCapacity(" + wanted
                                + ") changed a capacity of " + before + " that was enough");
                    } else if (r < 405) {
                        name = "trimToSize";
                        v.trimToSize();
                        check(v.committedBytes() == roundUp((long) size * es, page), "trimToSize left "
                                + v.committedBytes());
                        removal = true;
                    } else if (r < 10_405) {
                        name = "insert";
                        int index = position(random, size, size + 1);
                        long value = kind.normalize(random.nextLong());
                        t.insert(index, value);
                        oracle.add(index, value);
                    } else if (r < 20_405) {
                        name = "remove";
                        int index = position(random, size, size);
                        expect(oracle.remove(index), t.remove(index), name, index);
                        removal = true;
                    } else if (r < 120_405) {
                        name = "set";
                        int index = random.nextInt(size);
                        long value = kind.normalize(random.nextLong());
                        expect(oracle.set(index, value), t.set(index, value), name, index);
                    } else if (r < 300_405) {
                        name = "get";
                        int index = random.nextInt(size);
                        expect(oracle.get(index), t.get(index), name, index);
                    } else if (size == 0 || size < MAX_SIZE && random.nextDouble() < pushBias) {
                        name = "push";
                        long value = kind.normalize(random.nextLong());
                        t.push(value);
                        oracle.add(value);
                    } else {
                        name = "pop";
                        expect(oracle.remove(size - 1), t.pop(), name, size - 1);
                        removal = true;
                    }

                    long length = oracle.size();
                    maxSize = Math.max(maxSize, oracle.size());
                    long committed = v.committedBytes();
                    check(t.size() == length, "size " + t.size() + " != " + length);
                    check(committed >= length * es, "committed " + committed + " < length " + length + " x " + es);
                    check(v.capacity() * es <= committed, "capacity " + v.capacity() + " exceeds committed "
                            + committed);
                    check(v.memory().committedBytes() == committed, "reservation committed "
                            + v.memory().committedBytes() + " != vector's " + committed);
                    if (removal) {
                        long bound = Math.max(initial * es, 4 * length * es) + page;
                        check(committed <= bound, "after " + name + ": committed " + committed + " > " + bound
                                + " (length " + length + ")");
                    }
                    if (op % 50_000 == 0 || op == OPS - 1) {
                        compareAll(t, oracle);
                    }
                    // Each traversal reads the whole vector: running them once the operations since the last run
                    // reach twice the size costs a few reads per operation at any size, and checks small vectors often.
                    if (++sinceTraversals >= Math.max(2 * oracle.size(), 5_000) || op == OPS - 1) {
                        compareTraversals(t, oracle);
                        sinceTraversals = 0;
                        traversalChecks++;
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("operation #" + op + " (size " + oracle.size() + "): " + e.getMessage(), e);
            }
            System.out.println("model " + backend.name() + " " + kind + " seed=" + seed + " initial=" + initial + ": "
                    + OPS + " operations, sizes up to " + maxSize + ", " + traversalChecks + " traversal checks, "
                    + log);
        }
    }

    /** Mostly near the end (insert/remove are O(n) memmoves), sometimes anywhere. */
    private static int position(SplittableRandom random, int size, int bound) {
        if (random.nextInt(20) == 0) {
            return random.nextInt(bound);
        }
        return Math.max(0, bound - 1 - random.nextInt(16));
    }

    private static void compareAll(Kind.TestVector t, List<Long> oracle) {
        for (int i = 0; i < oracle.size(); i++) {
            expect(oracle.get(i), t.get(i), "compare", i);
        }
    }

    /** Each traversal (toArray, iterator, forEach, streams) as a whole against the oracle. */
    private static void compareTraversals(Kind.TestVector t, List<Long> oracle) {
        long[] expected = oracle.stream().mapToLong(Long::longValue).toArray();
        for (Map.Entry<String, long[]> seen : t.traversals().entrySet()) {
            long[] actual = seen.getValue();
            int at = Arrays.mismatch(expected, actual);
            if (at >= 0) {
                throw new AssertionError(seen.getKey() + " differs from the oracle at index " + at + ": expected "
                        + (at < expected.length ? expected[at] : "the end") + " but was "
                        + (at < actual.length ? actual[at] : "the end") + " (sizes " + expected.length + " and "
                        + actual.length + ")");
            }
        }
    }

    private static void expect(long expected, long actual, String operation, long index) {
        if (expected != actual) {
            throw new AssertionError(operation + " at index " + index + ": expected " + expected + " but was "
                    + actual);
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static long roundUp(long bytes, long page) {
        return (bytes + page - 1) & -page;
    }
}
