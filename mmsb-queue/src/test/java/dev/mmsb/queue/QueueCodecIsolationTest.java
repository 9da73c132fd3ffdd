package dev.mmsb.queue;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A codec sees only its element (issue 12): it cannot write past it, and a codec that calls back into its own queue
 * (an offer from write) is refused, where before the inner element was lost and a zero element appeared.
 */
class QueueCodecIsolationTest {
    private static final String BACKENDS = "dev.mmsb.testing.TestBackends#all";

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void aCodecCannotWritePastItsElement(Backend backend) {
        ElementCodec<Long> liar = ElementCodec.of(4, e -> (long) e.getInt(0), (e, v) -> e.putLong(0, v));
        ElementCodec<Long> honest = ElementCodec.of(4, e -> (long) e.getInt(0), (e, v) -> e.putInt(0, (int) (long) v));
        try (MappedQueue<Long> q = MappedQueue.create(backend, liar)) {
            IndexOutOfBoundsException refused = assertThrows(IndexOutOfBoundsException.class, () -> q.offer(1L));
            assertTrue(refused.getMessage().contains("element of 4 bytes"), refused.getMessage());
            assertEquals(0, q.longSize());
            assertThrows(IndexOutOfBoundsException.class, () -> q.addAll(List.of(1L, 2L)));
            assertEquals(0, q.longSize());
        }
        try (MappedQueue<Long> q = MappedQueue.create(backend, honest)) {
            q.offer(1L);
            q.offer(2L);
            assertEquals(List.of(1L, 2L), new ArrayList<>(q));
        }
    }

    /** offer, poll, clear, close, addAll, iterator removal from inside the codec: refused, the queue as it was. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void aCodecThatCallsBackIntoItsQueueIsRefused(Backend backend) {
        @SuppressWarnings("unchecked")
        MappedQueue<Long>[] self = new MappedQueue[1];
        @SuppressWarnings("unchecked")
        Consumer<MappedQueue<Long>>[] callback = new Consumer[1];
        ElementCodec<Long> reentrant = ElementCodec.of(16, e -> e.getLong(0), (e, v) -> {
            e.putLong(0, v);
            if (v == 99L) {
                callback[0].accept(self[0]);
            }
            e.putLong(8, ~v);
        });
        List<Consumer<MappedQueue<Long>>> callbacks = List.of(q -> q.offer(7L), q -> q.add(7L), MappedQueue::poll,
                MappedQueue::peek, MappedQueue::clear, MappedQueue::close, q -> q.addAll(List.of(7L, 8L)),
                q -> q.drain(x -> { }, 1), q -> {
                    Iterator<Long> it = q.iterator();
                    it.next();
                    it.remove();
                });
        for (Consumer<MappedQueue<Long>> call : callbacks) {
            // An empty queue takes offer's slow path (the first lap is committed then); one with room its fast path.
            for (int before : new int[] {0, 2}) {
                try (MappedQueue<Long> q = MappedQueue.create(backend, reentrant)) {
                    self[0] = q;
                    callback[0] = call;
                    List<Long> contents = new ArrayList<>();
                    for (long i = 1; i <= before; i++) {
                        q.offer(i);
                        contents.add(i);
                    }
                    long committed = q.committedBytes();
                    for (Runnable outer : List.<Runnable>of(() -> q.offer(99L), () -> q.addAll(List.of(5L, 99L)))) {
                        IllegalStateException refused = assertThrows(IllegalStateException.class, outer::run);
                        assertTrue(refused.getMessage().contains("own codec"), refused.getMessage());
                        assertFalse(q.isClosed());
                        assertEquals(contents, new ArrayList<>(q), "no element lost, none made up");
                        assertEquals(committed, q.committedBytes());
                    }
                    q.offer(3L);
                    contents.add(3L);
                    assertEquals(contents, new ArrayList<>(q));
                }
            }
        }
    }

    /** The reported case: a codec offers from write and swallows the refusal. No zero element appears. */
    @ParameterizedTest
    @MethodSource(BACKENDS)
    void anOfferFromWriteMakesNoZeroElement(Backend backend) {
        @SuppressWarnings("unchecked")
        MappedQueue<Long>[] self = new MappedQueue[1];
        int[] refusals = {0};
        ElementCodec<Long> swallowing = ElementCodec.of(8, e -> e.getLong(0), (e, v) -> {
            e.putLong(0, v);
            if (v < 100) {
                try {
                    self[0].offer(v + 100);
                } catch (IllegalStateException expected) {
                    refusals[0]++;
                }
            }
        });
        try (MappedQueue<Long> q = MappedQueue.create(backend, swallowing)) {
            self[0] = q;
            for (long i = 1; i <= 3; i++) {
                q.offer(i);
            }
            assertEquals(List.of(1L, 2L, 3L), new ArrayList<>(q));
            assertEquals(3, refusals[0]);
        }
    }
}
