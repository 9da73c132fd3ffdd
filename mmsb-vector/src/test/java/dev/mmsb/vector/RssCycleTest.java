package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import dev.mmsb.testing.ProcSelf;
import dev.mmsb.testing.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's cycle at 10 M ints (40 MB): the OS must really get the memory back, as VmRSS shows. */
class RssCycleTest {
    private static final int N = 10_000_000;
    private static final long MIB = 1 << 20;
    private static final long MIN_DROP = 30 * MIB;

    enum Emptying { POP_ALL, CLEAR }

    static Stream<Arguments> cases() {
        return TestBackends.all().flatMap(b -> Stream.of(Emptying.values()).map(e -> Arguments.of(b, e)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void rssFallsAfterEmptyingAndRisesAfterRefill(Backend backend, Emptying emptying) {
        try (MappedIntVector v = MappedIntVector.create(backend)) {
            long before = ProcSelf.rssBytes();
            for (int i = 0; i < N; i++) {
                v.push(i);
            }
            long full = ProcSelf.rssBytes();

            if (emptying == Emptying.POP_ALL) {
                for (int i = N - 1; i >= 0; i--) {
                    if (v.pop() != i) {
                        throw new AssertionError("pop returned a wrong value at " + i);
                    }
                }
            } else {
                v.clear();
            }
            assertEquals(0, v.size());
            long empty = ProcSelf.rssBytes();
            long committedEmpty = v.committedBytes();

            for (int i = 0; i < N; i++) {
                v.push(i);
            }
            long refilled = ProcSelf.rssBytes();
            for (int i = 0; i < N; i++) {
                if (v.get(i) != i) {
                    throw new AssertionError("index " + i + " reads " + v.get(i));
                }
            }

            String report = String.format("%s %s: VmRSS before %d MiB, full %d MiB, empty %d MiB (committed %d KiB),"
                            + " refilled %d MiB; drop %d MiB, rise %d MiB", backend.name(), emptying,
                    before / MIB, full / MIB, empty / MIB, committedEmpty / 1024, refilled / MIB,
                    (full - empty) / MIB, (refilled - empty) / MIB);
            System.out.println(report);
            assertTrue(full - empty >= MIN_DROP, report);
            assertTrue(refilled - empty >= MIN_DROP, report);
        }
    }
}
