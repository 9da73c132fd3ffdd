package dev.mmsb.testing;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.MappingLimitException;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.limits.MappingLimit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child JVM (see {@link ChildJvm}) that takes the process to the mapping limit with public calls alone, until MMSB
 * refuses, and then shows that the JVM still works: it starts a thread, allocates, loads classes and exits 0.
 * Arguments: the backend name and the sequence:
 * <ul>
 *   <li>{@code reservations}: small reservations with their first page committed, each two mappings (what a
 *       {@code MappedIntVector} with {@code maxCapacity(2048)} is after one push);</li>
 *   <li>{@code alternate}: one reservation, every other page committed, one mapping per page.</li>
 * </ul>
 * Prints {@code REFUSED <class>: <message>}, {@code MAPPINGS ...}, {@code THREAD ok}, {@code ALLOCATED ok},
 * {@code DONE}.
 */
public final class MappingLimitChild {
    /** Held so that nothing is released (and its mappings given back) before the end. */
    private static final List<Object> HELD = new ArrayList<>();

    private MappingLimitChild() {
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backends.load(args[0]);
        long page = backend.pageSize();
        MappingLimitException refused = null;
        long steps = 0;
        switch (args[1]) {
            case "reservations":
                try {
                    while (true) {
                        Reservation r = backend.reserve(2 * page);
                        HELD.add(r);
                        r.commit(0, page);
                        r.putInt(0, 1);
                        steps++;
                    }
                } catch (MappingLimitException e) {
                    refused = e;
                }
                break;
            case "alternate":
                Reservation r = backend.reserve(MappingLimit.process().maxMapCount() * page);
                HELD.add(r);
                try {
                    for (long p = 0; ; p += 2) {
                        r.commit(p * page, page);
                        r.putInt(p * page, 1);
                        steps++;
                    }
                } catch (MappingLimitException e) {
                    refused = e;
                }
                break;
            default:
                throw new IllegalArgumentException(args[1]);
        }
        report(refused, steps);
        survive();
    }

    /** Prints the refusal and the counts it ended at. */
    public static void report(MappingLimitException refused, long steps) {
        MappingLimit limit = MappingLimit.process();
        System.out.println("REFUSED " + refused);
        System.out.println("MAPPINGS steps=" + steps + " process=" + limit.processMappings() + " mmsb="
                + limit.mmsbMappings() + " limit=" + limit.maxMapCount() + " headroom=" + limit.headroom());
        System.out.flush();
    }

    /**
     * What the JVM must still manage after MMSB refused, each of which needs new mappings: threads (a stack and its
     * guard each), heap growth, class loading and a lambda's hidden class.
     */
    public static void survive() throws InterruptedException {
        AtomicLong sum = new AtomicLong();
        java.util.concurrent.CountDownLatch allStarted = new java.util.concurrent.CountDownLatch(THREADS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                allStarted.countDown();
                try {
                    allStarted.await(); // all alive at once: THREADS stacks mapped together
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                long s = 0;
                for (int i = 0; i < 1000; i++) {
                    s += Integer.toString(i).length();
                }
                sum.addAndGet(s);
            }, "after-the-limit-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("THREAD ok " + sum.get());
        List<long[]> arrays = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            arrays.add(new long[1 << 17]); // 64 MiB in all: the heap grows past -Xms
        }
        ConcurrentSkipListMap<String, Integer> loaded = new ConcurrentSkipListMap<>(); // a class not loaded before
        loaded.put("arrays", arrays.size());
        Runnable lambda = () -> loaded.put("lambda", 1); // a lambda: spins a hidden class
        lambda.run();
        loaded.put("time", java.time.format.DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.EPOCH).length());
        System.out.println("ALLOCATED ok " + loaded);
        System.out.println("DONE held=" + HELD.size());
        System.out.flush();
    }

    private static final int THREADS = 16;
}
