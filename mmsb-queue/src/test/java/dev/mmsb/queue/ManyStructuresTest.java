package dev.mmsb.queue;

import dev.mmsb.memory.Backend;
import dev.mmsb.testing.ProcSelf;
import dev.mmsb.vector.MappedIntVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's ceiling: a process holds 10,000 default vectors and 10,000 default queues at once, each with data. With
 * their maximum reserved up front (32 GiB a vector, 64 GiB a queue) the address space ran out at about 4,000
 * vectors or 2,000 queues; now each starts with 64 MiB and grows when it must.
 */
class ManyStructuresTest {
    private static final int COUNT = 10_000;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void tenThousandDefaultVectorsAndQueuesAtOnce(Backend backend) throws Exception {
        List<MappedIntVector> vectors = new ArrayList<>(COUNT);
        List<MappedIntQueue> queues = new ArrayList<>(COUNT);
        try {
            for (int i = 0; i < COUNT; i++) {
                MappedIntVector v = MappedIntVector.create(backend);
                vectors.add(v);
                v.push(i);
                v.push(-i);
                MappedIntQueue q = MappedIntQueue.create(backend, QueueOptions.defaults());
                queues.add(q);
                q.offerInt(i);
                q.offerInt(i + 1);
            }
            long maps = Files.readAllLines(Path.of("/proc/self/maps")).size();
            long maxMaps = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/vm/max_map_count")).get(0).trim());
            System.out.println(backend.name() + ": " + COUNT + " vectors and " + COUNT + " queues open, " + maps
                    + " mappings of " + maxMaps + ", VmRSS " + (ProcSelf.rssBytes() >> 20) + " MiB");
            assertTrue(maps < maxMaps - 1024, "mappings " + maps + " leave the JVM its headroom");
            for (int i = 0; i < COUNT; i++) {
                MappedIntVector v = vectors.get(i);
                assertEquals(i, v.get(0));
                assertEquals(-i, v.get(1));
                assertTrue(v.maxCapacity() >= (32L << 30) / Integer.BYTES, "today's maximum capacity");
                MappedIntQueue q = queues.get(i);
                assertEquals(i, q.pollInt(-1));
                assertEquals(i + 1, q.pollInt(-1));
            }
        } finally {
            vectors.forEach(MappedIntVector::close);
            queues.forEach(MappedIntQueue::close);
        }
    }
}
