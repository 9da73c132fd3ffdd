package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Array copies into and out of the primitive vectors, read straight through the vector's view. */
class BulkCopyTest {
    static Stream<Backend> backends() {
        return dev.mmsb.testing.TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pushAllGrowsOnceAndKeepsOrder(Backend backend) {
        try (MappedIntVector v = MappedIntVector.create(backend)) {
            v.push(-1);
            int[] values = IntStream.range(0, 100_000).toArray();
            v.pushAll(values, 10, 50_000);
            assertEquals(50_001, v.size());
            assertEquals(-1, v.get(0));
            assertEquals(10, v.get(1));
            assertEquals(50_009, v.get(50_000));
            int[] out = new int[7];
            v.get(49_995, out, 1, 6);
            assertArrayEquals(new int[] {0, 50_004, 50_005, 50_006, 50_007, 50_008, 50_009}, out);
            v.pushAll(1, 2, 3);
            assertEquals(3, v.get(v.size() - 1));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badRangesChangeNothing(Backend backend) {
        try (MappedLongVector v = MappedLongVector.create(backend, VectorOptions.defaults().withMaxCapacityElements(10))) {
            v.pushAll(new long[] {1, 2, 3});
            long committed = v.committedBytes();
            assertThrows(IndexOutOfBoundsException.class, () -> v.pushAll(new long[4], 2, 3));
            assertThrows(CapacityExceededException.class, () -> v.pushAll(new long[8]));
            assertThrows(IndexOutOfBoundsException.class, () -> v.get(1, new long[3], 0, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> v.get(-1, new long[3], 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> v.get(0, new long[3], 1, 3));
            assertEquals(3, v.size());
            assertEquals(committed, v.committedBytes());
            assertArrayEquals(new long[] {1, 2, 3}, v.toArray());
            v.close();
            assertThrows(IllegalStateException.class, () -> v.get(0, new long[3], 0, 1));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void doublesRoundTrip(Backend backend) {
        try (MappedDoubleVector v = MappedDoubleVector.create(backend)) {
            double[] values = {0.5, -0.0, Double.NaN, Double.MAX_VALUE, 1e-300};
            v.pushAll(values);
            assertArrayEquals(values, v.toArray());
            assertEquals(values.length, v.stream().count());
            double[] sum = {0};
            v.forEachDouble(x -> sum[0] += Double.isNaN(x) ? 0 : x);
            assertEquals(0.5 + Double.MAX_VALUE + 1e-300, sum[0]);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theReservationGrowsPastItsFirstSizeWithoutLosingElements(Backend backend) {
        try (MappedLongVector v = MappedLongVector.create(backend)) {
            long first = v.memory().size();
            long n = first / Long.BYTES * 3 + 5;
            long[] chunk = new long[1 << 16];
            for (long i = 0; i < n; ) {
                int count = (int) Math.min(chunk.length, n - i);
                for (int k = 0; k < count; k++) {
                    chunk[k] = (i + k) * 7;
                }
                v.pushAll(chunk, 0, count);
                i += count;
            }
            assertEquals(n, v.size());
            assertEquals(true, v.memory().size() >= n * Long.BYTES, "the reservation grew");
            for (long i = 0; i < n; i += 4099) {
                assertEquals(i * 7, v.get(i));
            }
            assertEquals((n - 1) * 7, v.pop());
            v.clear();
            assertEquals(0, v.size());
        }
    }
}
