package dev.mmsb.examples;

// tag::quickstart[]
import dev.mmsb.queue.MappedIntQueue;
import dev.mmsb.vector.MappedIntVector;

public class QuickStart {
    public static void main(String[] args) {
        try (MappedIntVector v = MappedIntVector.create()) {   // 64 MiB of address space, nothing committed
            for (int i = 0; i < 10_000_000; i++) {
                v.push(i);                                      // commits pages as it grows, never copies
            }
            System.out.println(v.get(9_999_999) + ", " + (v.committedBytes() >> 20) + " MiB committed");
            v.clear();                                          // hands the pages back to the OS: RSS falls
            System.out.println((v.committedBytes() >> 10) + " KiB committed after clear");
        }
        try (MappedIntQueue q = MappedIntQueue.create()) {      // unbounded FIFO, no boxing
            for (int i = 0; i < 1_000_000; i++) {
                q.offerInt(i);
            }
            long sum = 0;
            while (!q.isEmpty()) {
                sum += q.pollInt(-1);                           // drained pages go back as it empties
            }
            System.out.println(sum + ", " + (q.committedBytes() >> 10) + " KiB committed when empty");
        }
    }
}
// end::quickstart[]
