package dev.mmsb.it;

import dev.mmsb.memory.Backend;
import dev.mmsb.queue.MappedIntSpscQueue;
import dev.mmsb.queue.SpscQueueOptions;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 8: a producer thread streams {@code totalMib} MiB of ints (default 2 GiB) to a consumer thread through a
 * {@link MappedIntSpscQueue} bounded to {@code holdMib} MiB (default 32) in 1 MiB chunks. The producer offers arrays
 * of up to 4096 as fast as the queue takes them; the consumer waits for the queue to be full, drains half of it, and
 * repeats, so the queue swings between half full and full while both threads run. Every value is checked against the
 * sequence. Phases: {@code baseline} (with {@code boundBytes}, the documented bound on committed bytes),
 * {@code stream} after every eighth of the traffic (with {@code maxCommittedBytes} so far), {@code drained}.
 */
final class SpscStreaming {
    private static final int CHUNK = 1 << 20;

    private SpscStreaming() {
    }

    static void run(Backend backend, PhaseLog log, ScenarioArgs args) throws InterruptedException {
        long total = (args.longValue("totalMib", 2048) << 20) / Integer.BYTES;
        long capacity = (args.longValue("holdMib", 32) << 20) / Integer.BYTES;
        SpscQueueOptions options = SpscQueueOptions.defaults().withMaxCapacityElements(capacity).withChunkBytes(CHUNK);
        long perChunk = CHUNK / Integer.BYTES;
        long bound = (long) CHUNK * ((capacity + perChunk - 1) / perChunk + 1 + options.spareChunks());
        try (MappedIntSpscQueue queue = MappedIntSpscQueue.create(backend, options)) {
            log.phase("baseline", 0, queue.committedBytes(), "capacityBytes", capacity * Integer.BYTES,
                    "boundBytes", bound);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                int[] batch = new int[4096];
                long offered = 0;
                try {
                    while (offered < total) {
                        int n = (int) Math.min(1 + (offered % batch.length), total - offered);
                        for (int k = 0; k < n; k++) {
                            batch[k] = (int) (offered + k);
                        }
                        int took = queue.offer(batch, 0, n);
                        if (took == 0) {
                            Thread.onSpinWait();
                        }
                        offered += took;
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "producer");
            producer.start();

            int[] buf = new int[8192];
            long polled = 0;
            long maxCommitted = 0;
            long step = total / 8;
            long nextReport = step;
            int round = 0;
            while (polled < total) {
                Driver.check(failure.get() == null, "producer failed: " + failure.get());
                // Let the queue fill (or the producer finish), then take half of it.
                while (queue.size() < capacity && polled + queue.size() < total && failure.get() == null) {
                    Thread.onSpinWait();
                }
                maxCommitted = Math.max(maxCommitted, queue.committedBytes());
                Driver.check(queue.committedBytes() <= bound, "committed " + queue.committedBytes() + " > bound "
                        + bound);
                long take = polled + queue.size() >= total ? total - polled : capacity / 2;
                while (take > 0) {
                    int got = queue.drainTo(buf, 0, (int) Math.min(buf.length, take));
                    for (int k = 0; k < got; k++) {
                        Driver.check(buf[k] == (int) polled, "polled " + buf[k] + ", expected " + (int) polled);
                        polled++;
                    }
                    take -= got;
                }
                if (polled >= nextReport) {
                    log.phase("stream", ++round, queue.committedBytes(), "streamedBytes", polled * Integer.BYTES,
                            "queueBytes", queue.size() * Integer.BYTES, "maxCommittedBytes", maxCommitted);
                    nextReport += step;
                }
            }
            producer.join();
            Driver.check(failure.get() == null, "producer failed: " + failure.get());
            Driver.check(queue.isEmpty(), "queue not empty after the stream: " + queue.size());
            log.phase("drained", round, queue.committedBytes(), "streamedBytes", polled * Integer.BYTES,
                    "maxCommittedBytes", maxCommitted, "boundBytes", bound);
        }
    }
}
