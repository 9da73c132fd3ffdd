package dev.mmsb.it;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.BudgetExceededException;
import dev.mmsb.memory.limits.MemoryBudget;
import dev.mmsb.queue.MappedLongQueue;
import dev.mmsb.queue.QueueOptions;
import dev.mmsb.vector.MappedLongVector;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trim scenario. A consumer thread owns a {@link MappedLongQueue} that keeps {@code slackMib} MiB (default 128) of
 * slack: it streams {@code streamMib} MiB through it in bursts of {@code burstMib} MiB that it adds and drains, then waits
 * for more, polling the empty queue every millisecond as a consumer does. Its lap stays committed (and touched). The
 * main thread then fills a {@link MappedLongVector} with {@code vectorMib} MiB (default 120); with the queue's slack,
 * that passes the budget. The refused commit asks the queue to trim, the consumer thread gives the slack back at its
 * next empty poll, and the vector's commit goes through. Phases: {@code baseline}, {@code streamed} (the queue's
 * committed slack), then {@code filled} (the vector's committed bytes, the queue's after the trim, the trims) or,
 * when the budget refused anyway, {@code refused}.
 */
final class BudgetTrim {
    private static final long MIB = 1L << 20;

    private BudgetTrim() {
    }

    static void run(Backend backend, PhaseLog log, ScenarioArgs args) throws Exception {
        long slack = args.longValue("slackMib", 128) * MIB;
        long stream = args.longValue("streamMib", 480) * MIB;
        long burstBytes = args.longValue("burstMib", 80) * MIB;
        long vectorBytes = args.longValue("vectorMib", 120) * MIB;
        MemoryBudget budget = MemoryBudget.process();
        log.phase("baseline", 0, budget.committedBytes(), "budgetBytes", budget.budget(),
                "containerLimitBytes", budget.containerLimit(), "containerLimitSource",
                budget.containerLimitSource(), "slackBytes", slack);

        CountDownLatch streamed = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong queueCommitted = new AtomicLong(-1);
        AtomicLong failures = new AtomicLong();
        Thread consumer = new Thread(() -> {
            try (MappedLongQueue queue = MappedLongQueue.create(backend,
                    QueueOptions.defaults().withSlackBytes(slack))) {
                long burst = burstBytes / Long.BYTES;
                long next = 0;
                long expected = 0;
                for (long done = 0; done < stream; done += burst * Long.BYTES) {
                    for (long i = 0; i < burst; i++) {
                        queue.addLong(next++);
                    }
                    for (long i = 0; i < burst; i++) {
                        if (queue.removeLong() != expected++) {
                            failures.incrementAndGet();
                        }
                    }
                }
                queueCommitted.set(queue.committedBytes());
                streamed.countDown();
                while (!stop.get()) {
                    if (queue.pollLong(-1) != -1) {
                        failures.incrementAndGet();
                    }
                    queueCommitted.set(queue.committedBytes());
                    Thread.sleep(1);
                }
            } catch (Throwable e) {
                failures.incrementAndGet();
                e.printStackTrace();
                streamed.countDown();
            }
        }, "queue-consumer");
        consumer.start();
        Driver.check(streamed.await(2, TimeUnit.MINUTES), "the queue did not finish streaming");
        long slackHeld = queueCommitted.get();
        log.phase("streamed", 0, budget.committedBytes(), "queueCommittedBytes", slackHeld,
                "streamedBytes", stream);
        Driver.check(slackHeld > 0, "the queue keeps its slack: " + slackHeld);

        long trimsBefore = budget.trims();
        try (MappedLongVector vector = MappedLongVector.create(backend)) {
            long count = vectorBytes / Long.BYTES;
            try {
                for (long i = 0; i < count; i++) {
                    vector.push(i);
                }
                Driver.check(vector.get(count - 1) == count - 1, "the vector's last element");
                // The consumer records its committed bytes after each poll; give it a few.
                Thread.sleep(20);
                log.phase("filled", 0, vector.committedBytes(), "queueCommittedBytes", queueCommitted.get(),
                        "mmsbCommittedBytes", budget.committedBytes(), "trims", budget.trims() - trimsBefore,
                        "trimmedBytes", budget.trimmedBytes(), "refusals", budget.refusals(),
                        "cgroupPeakBytes", MemoryProbe.cgroupPeakBytes());
            } catch (BudgetExceededException e) {
                log.phase("refused", 0, vector.committedBytes(), "queueCommittedBytes", queueCommitted.get(),
                        "size", vector.size(), "refusals", budget.refusals(), "message", e.getMessage());
            }
        } finally {
            stop.set(true);
            consumer.join();
        }
        Driver.check(failures.get() == 0, "the queue's consumer failed");
    }
}
