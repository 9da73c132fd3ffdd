package dev.mmsb.queue;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Reservation;
import dev.mmsb.testing.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * A queue hovering at a page boundary must not commit and decommit on every operation. The backend is a Mockito spy
 * whose {@code reserve} hands out a {@link CountingReservation} over the real reservation, so every paging call the
 * queue makes is counted (a Mockito mock in the access path would cost microseconds per access).
 */
class MappedQueueOscillationTest {
    private static final int OPS = 1_000_000;

    static Stream<Arguments> cases() {
        return TestBackends.all().flatMap(b -> Stream.of(Arguments.of(b, 4, 1), Arguments.of(b, 4, 0),
                Arguments.of(b, (int) b.pageSize(), 1), Arguments.of(b, (int) b.pageSize(), 0)));
    }

    /** Counts paging calls on the reservations a backend spy hands out. */
    static final class Counting {
        final AtomicLong commits = new AtomicLong();
        final AtomicLong decommits = new AtomicLong();
        final Backend backend;

        Counting(Backend real) {
            backend = spy(real);
            doAnswer(inv -> counting(real.reserve(inv.getArgument(0)))).when(backend).reserve(anyLong());
        }

        private Reservation counting(Reservation real) {
            return new CountingReservation(real, commits, decommits);
        }

        void reset() {
            commits.set(0);
            decommits.set(0);
        }
    }

    /**
     * {@code OPS} alternating offers and polls with the tail starting exactly at a page boundary, the queue swinging
     * between {@code low} and {@code low + 1} elements.
     */
    @ParameterizedTest(name = "{0}, {1}-byte elements, size {2}<->{2}+1")
    @MethodSource("cases")
    void alternatingAtAPageBoundaryPagesRarely(Backend real, int elementSize, int low) {
        Counting counting = new Counting(real);
        long page = real.pageSize();
        QueueOptions options = QueueOptions.defaults();
        try (Subject q = elementSize == Integer.BYTES ? Subject.ints(counting.backend, options)
                : Subject.generic(counting.backend, elementSize, options)) {
            // One page of elements, then poll down to `low`: the tail sits on the boundary to the next page.
            long perPage = page / elementSize;
            long next = 0;
            long expected = 0;
            for (long i = 0; i < perPage; i++) {
                q.add(next++);
            }
            while (q.size() > low) {
                assertEquals(expected++, (long) q.poll());
            }
            counting.reset();
            for (int op = 0; op < OPS / 2; op++) {
                if (!q.offer(next++)) {
                    fail("offer refused");
                }
                Long v = q.poll();
                if (v == null || v != expected++) {
                    fail("polled " + v + " expected " + (expected - 1));
                }
            }
            long commits = counting.commits.get();
            long decommits = counting.decommits.get();
            long pagesStreamed = (OPS / 2) * (long) elementSize / page;
            System.out.printf("oscillation on %s, %d-byte elements, size %d<->%d: %d ops, %d pages streamed, "
                            + "%d commits, %d decommits, committed %d KiB%n", real.name(), elementSize, low, low + 1,
                    OPS, pagesStreamed, commits, decommits, q.committedBytes() >> 10);
            // The queue laps inside the pages it committed while filling up: no paging call at all.
            assertEquals(0, commits, "commits");
            assertEquals(0, decommits, "decommits");
            assertTrue(q.committedBytes() <= QueueOptions.DEFAULT_SLACK_BYTES + page, "committed");
        }
        verify(counting.backend, times(1)).reserve(anyLong());
    }

    /**
     * Without slack too: page-sized elements used to make a paging call on nearly every operation (the ring walked
     * through fresh pages); the lap of four elements that the queue keeps now takes none.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void withoutSlackPageSizedElementsLapWithoutPaging(Backend real) {
        Counting counting = new Counting(real);
        int elementSize = (int) real.pageSize();
        int ops = 20_000;
        try (Subject q = Subject.generic(counting.backend, elementSize, QueueOptions.defaults().withSlackBytes(0))) {
            q.add(-1);
            counting.reset();
            for (int op = 0; op < ops / 2; op++) {
                q.add(op);
                q.poll();
            }
            long calls = counting.commits.get() + counting.decommits.get();
            System.out.printf("no slack on %s: %d ops, %d commits, %d decommits%n", real.name(), ops,
                    counting.commits.get(), counting.decommits.get());
            assertEquals(0, calls, "paging calls");
            assertTrue(q.committedBytes() <= 4 * real.pageSize(), "committed " + q.committedBytes());
        }
    }
}
