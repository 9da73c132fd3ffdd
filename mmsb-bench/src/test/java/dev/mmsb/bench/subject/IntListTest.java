package dev.mmsb.bench.subject;

import dev.mmsb.memory.Backends;
import dev.mmsb.vector.ShrinkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What VectorBenchmark's new benchmarks rely on: set, forEachSum, and a no-shrink list that keeps its pages. */
class IntListTest {
    private static final int N = 10_000;

    @ParameterizedTest
    @ValueSource(strings = {"unsafe", "unsafe-codec", "IntArrayList", "ArrayList"})
    void setAndForEachSumAgreeWithGetAndIterate(String impl) {
        try (IntList list = IntList.create(impl)) {
            for (int i = 0; i < N; i++) {
                list.push(i);
            }
            for (int i = 0; i < N; i++) {
                list.set(i, 2 * i);
            }
            long expected = (long) N * (N - 1);
            assertEquals(expected, list.forEachSum());
            assertEquals(expected, list.iterateSum());
            assertEquals(2 * 17, list.get(17));
        }
    }

    @Test
    void theDefaultListShrinksAndTheNoShrinkOneKeepsItsPages() {
        try (IntList shrinking = IntList.create(Backends.UNSAFE);
             IntList kept = IntList.create(Backends.UNSAFE, ShrinkPolicy.NEVER);
             IntList codec = IntList.create("unsafe-codec", ShrinkPolicy.NEVER)) {
            assertSame(ShrinkPolicy.DEFAULT, ((IntList.IntVector) shrinking).vector().shrinkPolicy());
            for (IntList list : new IntList[]{shrinking, kept, codec}) {
                for (int i = 0; i < N; i++) {
                    list.push(i);
                }
            }
            long committed = ((IntList.IntVector) kept).vector().committedBytes();
            long codecCommitted = ((IntList.CodecVector) codec).vector().committedBytes();
            while (kept.size() > 0) {
                kept.pop();
                codec.pop();
                shrinking.pop();
            }
            kept.clear();
            codec.clear();
            assertEquals(committed, ((IntList.IntVector) kept).vector().committedBytes(), "popAllNoShrink: no decommit");
            assertEquals(codecCommitted, ((IntList.CodecVector) codec).vector().committedBytes());
            assertTrue(((IntList.IntVector) shrinking).vector().committedBytes() < committed, "popAll decommits");
            assertTrue(((IntList.IntVector) kept).vector().capacity() >= N, "pushSteady: room for N stays");
        }
    }

    @Test
    void aPeerIsThePlainListWhateverThePolicy() {
        try (IntList list = IntList.create("IntArrayList", ShrinkPolicy.NEVER)) {
            assertTrue(list instanceof IntList.FastutilList);
        }
    }
}
