package dev.mmsb.queue;

import dev.mmsb.codec.Codecs;
import dev.mmsb.internal.diag.BudgetTrimEvent;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.BudgetExceededException;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.limits.MemoryBudget;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A queue at the commit budget: offer says false, add throws with the refusal as cause; slack is trimmed by its owner. */
class QueueBudgetTest {
    private static final long MIB = 1L << 20;
    private final MemoryBudget budget = MemoryBudget.process();

    @AfterEach
    void noBudget() {
        budget.clearBudget();
        budget.setTrimWaitMillis(MemoryBudget.DEFAULT_TRIM_WAIT_MILLIS);
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void primitiveOfferIsRefusedLikeAFullQueue(Backend backend) {
        try (MappedLongQueue queue = MappedLongQueue.create(backend, QueueOptions.defaults())) {
            budget.setTrimWaitMillis(0);
            budget.setBudget(budget.committedBytes() + 2 * MIB);
            long n = 0;
            while (queue.offerLong(n)) {
                n++;
            }
            long committed = queue.committedBytes();
            assertEquals(n, queue.size());
            assertFalse(queue.offerLong(n), "still refused");
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> queue.addLong(-1));
            BudgetExceededException cause = assertInstanceOf(BudgetExceededException.class, full.getCause());
            assertTrue(cause.committed() + cause.requested() > cause.budget(), cause.getMessage());
            assertEquals(n, queue.size());
            assertEquals(committed, queue.committedBytes());
            for (long i = 0; i < n; i++) {
                assertEquals(i, queue.pollLong(-1), "element " + i);
            }
            budget.clearBudget();
            assertTrue(queue.offerLong(7));
        }
    }

    /** The first lap is the floor (the slack); where the budget refuses that, the queue starts at one page instead. */
    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void aFirstLapThatTheBudgetRefusesStartsAtOnePage(Backend backend) {
        long page = backend.pageSize();
        try (MappedIntQueue queue = MappedIntQueue.create(backend, QueueOptions.defaults().withSlackBytes(MIB))) {
            budget.setTrimWaitMillis(0);
            budget.setBudget(budget.committedBytes() + 2 * page);
            assertTrue(queue.offerInt(1), "one page fits the budget");
            assertEquals(page, queue.committedBytes());
            budget.clearBudget();
            for (int i = 2; i <= page / Integer.BYTES + 1; i++) {
                assertTrue(queue.offerInt(i));
            }
            assertEquals(MIB, queue.committedBytes(), "the next growth goes to the floor");
            for (int i = 1; i <= page / Integer.BYTES + 1; i++) {
                assertEquals(i, queue.pollInt(-1));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void genericOfferAndAddAreRefusedWithNothingLost(Backend backend) {
        try (MappedQueue<Long> queue = MappedQueue.create(backend, Codecs.LONG)) {
            budget.setTrimWaitMillis(0);
            budget.setBudget(budget.committedBytes() + MIB);
            long n = 0;
            while (queue.offer(n)) {
                n++;
            }
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> queue.add(-1L));
            assertInstanceOf(BudgetExceededException.class, full.getCause());
            assertTrue(full.getMessage().contains("commit budget"), full.getMessage());
            assertEquals(n, queue.longSize());
            for (long i = 0; i < n; i++) {
                assertEquals(i, queue.poll());
            }
        }
    }

    /**
     * A queue that streamed and keeps its slack belongs to a consumer thread that polls it while waiting for work. A
     * commit on this thread that needs the slack waits; the consumer trims at its next empty poll; the commit fits.
     */
    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void theConsumerTrimsTheSlackAtItsNextEmptyPoll(Backend backend, @TempDir Path dir) throws Exception {
        long slack = 8 * MIB;
        CountDownLatch streamed = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong queueCommitted = new AtomicLong(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try (MappedLongQueue queue = MappedLongQueue.create(backend, QueueOptions.defaults().withSlackBytes(slack))) {
                for (int burst = 0; burst < 4; burst++) {
                    for (long i = 0; i < (6 * MIB) / Long.BYTES; i++) {
                        queue.addLong(i);
                    }
                    while (queue.pollLong(-1) != -1) {
                        // drain
                    }
                }
                queueCommitted.set(queue.committedBytes());
                streamed.countDown();
                while (!stop.get()) {
                    queue.pollLong(-1);
                    queueCommitted.set(queue.committedBytes());
                    Thread.sleep(1);
                }
            } catch (Throwable e) {
                failure.set(e);
                streamed.countDown();
            }
        }, "queue-consumer");
        consumer.start();
        Path jfr = dir.resolve("trim.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(BudgetTrimEvent.NAME);
            recording.start();
            assertTrue(streamed.await(30, TimeUnit.SECONDS));
            assertEquals(slack, queueCommitted.get(), "the drained queue keeps its slack");
            budget.setTrimWaitMillis(10_000);
            budget.setBudget(budget.committedBytes() + 4 * MIB);
            long trims = budget.trims();
            try (Reservation r = backend.reserve(16 * MIB)) {
                r.commit(0, 8 * MIB); // needs the queue's slack
                assertEquals(8 * MIB, r.committedBytes());
            }
            // The consumer counts its trim just after the decommit that let the commit through.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (budget.trims() == trims && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(budget.trims() > trims);
            Thread.sleep(20);
            assertEquals(0, queueCommitted.get(), "the consumer gave the whole lap back");
            recording.stop();
            recording.dump(jfr);
        } finally {
            stop.set(true);
            consumer.join();
        }
        assertNull(failure.get());
        // The trim is in the recording, made on the consumer's thread.
        List<RecordedEvent> trims = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals(BudgetTrimEvent.NAME)
                        && e.getString("structure").startsWith("MappedLongQueue@"))
                .collect(Collectors.toList());
        assertEquals(1, trims.size(), trims::toString);
        assertEquals(slack, trims.get(0).getLong("trimmed"));
        assertEquals("queue-consumer", trims.get(0).getThread().getJavaName());
    }
}
