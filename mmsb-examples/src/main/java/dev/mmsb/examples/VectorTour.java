package dev.mmsb.examples;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.vector.MappedIntVector;
import dev.mmsb.vector.MappedVector;
import dev.mmsb.vector.ShrinkPolicy;
import dev.mmsb.vector.VectorOptions;

/** docs/DESIGN.md, "MappedVector". */
public final class VectorTour {
    public static void main(String[] args) {
        // tag::vector[]
        Backend backend = Backends.load();
        try (MappedIntVector v = MappedIntVector.create(backend)) {        // 64 MiB of address space, nothing committed
            for (int i = 0; i < 10_000_000; i++) v.push(i);             // commits pages as it grows, never copies
            System.out.println(v.committedBytes());                     // 67108864: 64 MiB, growth doubles from a page
            v.clear();                                                  // decommits down to one page: RSS falls
            v.push(42);                                                 // writes into that page; after trimToSize() it
                                                                        // would commit the page first
        }

        record Point(int x, long y) {}
        ElementCodec<Point> point = ElementCodec.of(12,
                e -> new Point(e.getInt(0), e.getLong(4)),
                (e, p) -> { e.putInt(0, p.x()); e.putLong(4, p.y()); });
        try (MappedVector<Point> points = MappedVector.create(backend, point,
                VectorOptions.defaults().withMaxCapacityElements(1 << 20).withShrinkPolicy(ShrinkPolicy.NEVER))) {
            points.push(new Point(1, 2));
        }
        // end::vector[]
    }
}
