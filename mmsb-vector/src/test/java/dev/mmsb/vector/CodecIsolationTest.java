package dev.mmsb.vector;

import dev.mmsb.codec.Codecs;
import dev.mmsb.codec.ElementBuffer;
import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A codec sees only its element (issue 12): it cannot write or read its neighbours, keep its buffer, or call back into
 * its own vector.
 */
class CodecIsolationTest {
    private static final String BACKENDS = "dev.mmsb.testing.TestBackends#all";

    /** Declares 4 bytes and writes 8: the write is refused and the next element survives. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void aCodecCannotWritePastItsElement(Backend backend) {
        ElementCodec<Long> liar = ElementCodec.of(4, e -> (long) e.getInt(0), (e, v) -> {
            if (v < 0) {
                e.putLong(0, v); // 8 bytes into a 4-byte element
            } else {
                e.putInt(0, (int) (long) v);
            }
        });
        try (MappedVector<Long> v = MappedVector.create(backend, liar)) {
            v.push(1L);
            v.push(2L);
            v.push(3L);
            IndexOutOfBoundsException refused = assertThrows(IndexOutOfBoundsException.class, () -> v.set(1, -1L));
            assertTrue(refused.getMessage().contains("element of 4 bytes"), refused.getMessage());
            assertTrue(refused.getMessage().contains("putLong"), refused.getMessage());
            assertEquals(List.of(1L, 2L, 3L), v.stream().collect(Collectors.toList()));
            assertThrows(IndexOutOfBoundsException.class, () -> v.insert(0, -1L));
            assertThrows(IndexOutOfBoundsException.class, () -> v.push(-1L));
            assertEquals(List.of(1L, 2L, 3L), v.stream().collect(Collectors.toList()));
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void aCodecCannotReadPastItsElementOrKeepItsBuffer(Backend backend) {
        ElementBuffer[] kept = new ElementBuffer[1];
        ElementCodec<Integer> peeking = ElementCodec.of(4, e -> {
            kept[0] = e;
            return e.getInt(4); // the next element
        }, (e, v) -> e.putInt(0, v));
        try (MappedVector<Integer> v = MappedVector.create(backend, peeking)) {
            v.push(1);
            v.push(2);
            IndexOutOfBoundsException refused = assertThrows(IndexOutOfBoundsException.class, () -> v.get(0));
            assertTrue(refused.getMessage().contains("offset=4") && refused.getMessage().contains("4 bytes"),
                    refused.getMessage());
            assertEquals(4, kept[0].size());
            IllegalStateException stale = assertThrows(IllegalStateException.class, () -> kept[0].putInt(0, 99));
            assertTrue(stale.getMessage().contains("outside the codec call"), stale.getMessage());
        }
        try (MappedVector<Integer> v = MappedVector.create(backend, Codecs.INT)) {
            v.push(5);
            assertEquals(5, v.get(0)); // the built-in codecs stay inside their element
        }
    }

    /** A codec that pushes, clears, closes or reads its own vector is refused, and the vector stays as it was. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void aCodecThatCallsBackIntoItsVectorIsRefused(Backend backend) {
        @SuppressWarnings("unchecked")
        MappedVector<Long>[] self = new MappedVector[1];
        @SuppressWarnings("unchecked")
        Consumer<MappedVector<Long>>[] callback = new Consumer[1];
        ElementCodec<Long> reentrant = ElementCodec.of(8, e -> e.getLong(0), (e, v) -> {
            e.putLong(0, v);
            if (v == 99L) {
                callback[0].accept(self[0]);
            }
        });
        List<Consumer<MappedVector<Long>>> callbacks = List.of(v -> v.push(7L), v -> v.insert(0, 7L), v -> v.pop(),
                v -> v.get(0), v -> v.set(0, 7L), v -> v.remove(0), MappedVector::clear, MappedVector::close,
                MappedVector::trimToSize, v -> v.ensureCapacity(1 << 20), v -> v.forEach(x -> { }));
        try (MappedVector<Long> v = MappedVector.create(backend, reentrant,
                VectorOptions.defaults().withShrinkPolicy(ShrinkPolicy.NEVER))) {
            self[0] = v;
            v.push(1L);
            v.push(2L);
            for (Consumer<MappedVector<Long>> call : callbacks) {
                callback[0] = call;
                for (Runnable outer : List.<Runnable>of(() -> v.push(99L), () -> v.set(1, 99L), () -> v.insert(1, 99L))) {
                    long committed = v.committedBytes();
                    IllegalStateException refused = assertThrows(IllegalStateException.class, outer::run);
                    assertTrue(refused.getMessage().contains("own codec"), refused.getMessage());
                    assertEquals(List.of(1L, 2L), v.stream().collect(Collectors.toList()));
                    assertEquals(committed, v.committedBytes());
                    assertTrue(!v.isClosed());
                }
            }
        }
    }

    /** A codec that swallows the refusal: its own element goes in, the inner one does not, no zero element appears. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void aSwallowedRefusalStillLeavesNoZeroElement(Backend backend) {
        @SuppressWarnings("unchecked")
        MappedVector<Long>[] self = new MappedVector[1];
        int[] refusals = {0};
        ElementCodec<Long> swallowing = ElementCodec.of(8, e -> e.getLong(0), (e, v) -> {
            e.putLong(0, v);
            try {
                self[0].push(v + 1000);
            } catch (IllegalStateException expected) {
                refusals[0]++;
            }
        });
        try (MappedVector<Long> v = MappedVector.create(backend, swallowing)) {
            self[0] = v;
            for (long i = 1; i <= 3; i++) {
                v.push(i);
            }
            assertEquals(List.of(1L, 2L, 3L), v.stream().collect(Collectors.toList()));
            assertEquals(3, refusals[0]);
        }
    }
}
