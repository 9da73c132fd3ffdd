package dev.mmsb.examples;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.queue.MappedIntQueue;
import dev.mmsb.queue.MappedQueue;
import dev.mmsb.queue.QueueOptions;

/** docs/DESIGN.md, "MappedQueue". */
public final class QueueTour {
    record Point(int x, long y) {}

    public static void main(String[] args) {
        Backend backend = Backends.load();
        ElementCodec<Point> point = ElementCodec.of(12,
                e -> new Point(e.getInt(0), e.getLong(4)),
                (e, p) -> { e.putInt(0, p.x()); e.putLong(4, p.y()); });
        // tag::queue[]
        try (MappedIntQueue q = MappedIntQueue.create(backend, QueueOptions.defaults())) {   // unbounded: 64 MiB reserved, up to 64 GiB
            for (int i = 0; i < 1_000_000; i++) q.offerInt(i);      // the lap starts at the slack (1 MiB), then doubles: 4 MiB
            long sum = 0;
            while (!q.isEmpty()) sum += q.pollInt(-1);                // the lap halves below a quarter full
            System.out.println(sum + " " + q.committedBytes());     // 499999500000, and the floor: the slack (1 MiB)
        }
        try (MappedQueue<Point> points = MappedQueue.create(backend, point, QueueOptions.defaults().withMaxCapacityElements(10_000))) {
            boolean added = points.offer(new Point(1, 2));         // false when full, like ArrayBlockingQueue
            points.add(new Point(3, 4));                           // throws IllegalStateException when full
            System.out.println(added + " " + points.poll() + " " + points.size());   // true Point[x=1, y=2] 1
        }
        // end::queue[]
    }
}
