package dev.mmsb.examples;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.queue.IdleStrategy;
import dev.mmsb.queue.MappedIntSpscQueue;
import dev.mmsb.queue.SpscQueueOptions;

/** README.md and docs/CONCURRENT-QUEUE.md: the single-producer/single-consumer queue. */
public final class SpscTour {
    public static void main(String[] args) throws InterruptedException {
        Backend backend = Backends.load();
        // tag::spsc[]
        try (MappedIntSpscQueue q = MappedIntSpscQueue.create(backend)) {    // unbounded, in 256 KiB chunks
            IdleStrategy idle = IdleStrategy.backoff(100, 10, 10_000);       // spin, then yield, then park 10 µs
            Thread producer = new Thread(() -> {                             // the one producer thread
                try {
                    for (int i = 0; i < 1_000_000; i++) q.putInt(i, idle);  // or offerInt: false when full
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();
            long sum = 0;
            for (int i = 0; i < 1_000_000; i++) sum += q.takeInt(idle);     // this thread is the one consumer
            producer.join();
            System.out.println(sum + " " + (q.committedBytes() >> 10) + " KiB"); // 499999500000; at most 3 chunks
        }
        // end::spsc[]
        // tag::spsc-batch[]
        try (MappedIntSpscQueue q = MappedIntSpscQueue.create(backend, SpscQueueOptions.defaults().withMaxCapacityElements(1 << 20))) {
            Thread producer = new Thread(() -> {
                int[] batch = new int[256];
                for (int sent = 0; sent < 10_000_000; ) {
                    for (int k = 0; k < batch.length; k++) batch[k] = sent + k;
                    sent += q.offer(batch, 0, Math.min(batch.length, 10_000_000 - sent));   // as many as fit; 0 when full
                }
            });
            producer.start();
            long[] sum = {0};
            for (long got = 0; got < 10_000_000; ) {
                got += q.drain(v -> sum[0] += v, 4096);            // up to 4096, each handed to the sink
            }
            producer.join();
            System.out.println(sum[0] + " " + q.committedBytes()); // at most the chunk in use and 2 spares: 768 KiB
        }
        // end::spsc-batch[]
    }
}
