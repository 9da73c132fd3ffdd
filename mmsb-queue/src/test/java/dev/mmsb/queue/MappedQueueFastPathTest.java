package dev.mmsb.queue;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lapping ring's promises: a queue of bounded size makes no paging call in steady state, whatever volume passes
 * through it, and on Panama an access racing a clear or close on another thread fails with an exception.
 */
class MappedQueueFastPathTest {
    private static final int STEADY_OPS = 10_000_000;

    static Stream<Arguments> steady() {
        return dev.mmsb.testing.TestBackends.all().flatMap(b -> Stream.of(
                Arguments.of(b, 1024, QueueOptions.defaults()),
                Arguments.of(b, 100_000, QueueOptions.defaults()),
                Arguments.of(b, 1000, QueueOptions.defaults().withSlackBytes(0))));
    }

    /**
     * 10 M offer+poll pairs at a fixed size after warm-up: zero commits and zero decommits, the committed bytes
     * unchanged, every element polled in order.
     */
    @ParameterizedTest(name = "{0}, backlog {1}, {2}")
    @MethodSource("steady")
    void steadyOfferPollMakesNoPagingCall(Backend real, int backlog, QueueOptions options) {
        MappedQueueOscillationTest.Counting counting = new MappedQueueOscillationTest.Counting(real);
        try (MappedIntQueue q = MappedIntQueue.create(counting.backend, options)) {
            int next = 0;
            int expected = 0;
            for (int i = 0; i < backlog; i++) {
                q.offerInt(next++);
            }
            // Warm-up: one full lap and more, so that every slot's page has been touched.
            for (int i = 0; i < 4 * backlog + 100_000; i++) {
                q.offerInt(next++);
                assertEquals(expected++, q.pollInt(-1));
            }
            long committed = q.committedBytes();
            counting.reset();
            int wrong = 0;
            for (int i = 0; i < STEADY_OPS; i++) {
                q.offerInt(next++);
                if (q.pollInt(-1) != expected++) {
                    wrong++;
                }
            }
            assertEquals(0, wrong, "elements out of order");
            assertEquals(0, counting.commits.get(), "commits in steady state");
            assertEquals(0, counting.decommits.get(), "decommits in steady state");
            assertEquals(committed, q.committedBytes());
            assertEquals(backlog, q.size());
            assertTrue(committed <= Math.max(QueueOptions.DEFAULT_SLACK_BYTES, 4L * backlog * Integer.BYTES),
                    "committed " + committed);
        }
    }

    /**
     * One thread offers and polls while another clears the queue (each clear of a grown lap decommits, which revokes
     * the view the first thread reads through) and finally closes it. The first thread may see exceptions during the
     * race, and must see one once the queue is closed; a crash of the test JVM is the failure.
     */
    @Test
    void accessRacingClearAndCloseThrowsOnPanama() throws InterruptedException {
        assumeTrue(Backends.available().contains(Backends.PANAMA), "Panama cannot run here");
        Backend panama = Backends.load(Backends.PANAMA);
        for (int round = 0; round < 20; round++) {
            MappedIntQueue q = MappedIntQueue.create(panama, QueueOptions.defaults().withSlackBytes(0));
            AtomicBoolean closed = new AtomicBoolean();
            AtomicLong operations = new AtomicLong();
            AtomicLong racing = new AtomicLong();
            AtomicReference<Throwable> last = new AtomicReference<>();
            Thread accessor = new Thread(() -> {
                int i = 0;
                while (true) {
                    try {
                        q.offerInt(i);
                        q.offerInt(i);
                        q.pollInt(-1);
                        i++;
                        operations.incrementAndGet();
                    } catch (RuntimeException e) {
                        if (closed.get()) {
                            last.set(e);
                            return;
                        }
                        racing.incrementAndGet();
                    }
                }
            }, "queue-accessor");
            accessor.start();
            while (operations.get() < 1_000 && accessor.isAlive()) {
                Thread.onSpinWait();
            }
            long end = System.nanoTime() + 50_000_000L;
            while (System.nanoTime() < end) {
                try {
                    q.clear();
                } catch (RuntimeException raced) {
                    // the accessor's unsynchronised writes may confuse a clear too; only a crash is a failure
                }
                Thread.onSpinWait();
            }
            q.close();
            closed.set(true);
            accessor.join(10_000);
            assertFalse(accessor.isAlive(), "the accessor never noticed the close");
            assertInstanceOf(RuntimeException.class, last.get());
            assertTrue(operations.get() > 0, "the accessor made no progress");
            if (round == 0) {
                System.out.printf("queue race on Panama: %d operations, %d exceptions while racing, then %s%n",
                        operations.get(), racing.get(), last.get());
            }
        }
    }
}
