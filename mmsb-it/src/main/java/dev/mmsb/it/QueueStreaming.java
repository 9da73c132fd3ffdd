package dev.mmsb.it;

import dev.mmsb.memory.Backend;
import dev.mmsb.queue.MappedIntQueue;
import dev.mmsb.queue.QueueOptions;

/**
 * Scenario 4: streams {@code totalMib} MiB of ints (default 2 GiB) through a {@link MappedIntQueue} bounded to
 * {@code holdMib} MiB (default 32): offer until the queue is full, poll half of it, repeat, then drain. Every polled
 * value is checked against the sequence offered. Phases: {@code baseline}, {@code stream} after every eighth of the
 * traffic (with {@code streamedBytes} and the largest {@code committedBytes} seen so far, {@code maxCommittedBytes}),
 * {@code drained}.
 */
final class QueueStreaming {
    private QueueStreaming() {
    }

    static void run(Backend backend, PhaseLog log, ScenarioArgs args) {
        long total = (args.longValue("totalMib", 2048) << 20) / Integer.BYTES;
        long capacity = (args.longValue("holdMib", 32) << 20) / Integer.BYTES;
        QueueOptions options = QueueOptions.defaults().withMaxCapacityElements(capacity);
        try (MappedIntQueue queue = MappedIntQueue.create(backend, options)) {
            log.phase("baseline", 0, queue.committedBytes(), "capacityBytes", capacity * Integer.BYTES,
                    "slackBytes", options.slackBytes());
            long offered = 0;
            long polled = 0;
            long maxCommitted = 0;
            long step = total / 8;
            long nextReport = step;
            int round = 0;
            while (polled < total) {
                while (offered < total && queue.offerInt((int) offered)) {
                    offered++;
                }
                maxCommitted = Math.max(maxCommitted, queue.committedBytes());
                Driver.check(queue.size() <= capacity, "queue holds " + queue.size() + " > " + capacity);
                long batch = Math.min(capacity / 2, queue.size());
                if (offered == total) {
                    batch = queue.size();
                }
                for (long k = 0; k < batch; k++) {
                    int value = queue.removeInt();
                    Driver.check(value == (int) polled, "polled " + value + ", expected " + polled);
                    polled++;
                }
                if (polled >= nextReport) {
                    log.phase("stream", ++round, queue.committedBytes(), "streamedBytes", polled * Integer.BYTES,
                            "queueBytes", queue.size() * Integer.BYTES, "maxCommittedBytes", maxCommitted);
                    nextReport += step;
                }
            }
            Driver.check(queue.isEmpty(), "queue not empty after the stream: " + queue.size());
            log.phase("drained", round, queue.committedBytes(), "streamedBytes", polled * Integer.BYTES,
                    "maxCommittedBytes", maxCommitted);
        }
    }
}
