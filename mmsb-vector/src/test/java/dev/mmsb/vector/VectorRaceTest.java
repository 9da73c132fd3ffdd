package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fast paths racing the vector's own paging on another thread, on Panama: the hot loops read through a view whose
 * checks the JIT hoisted out of the loop, and a clear, trimToSize, shrinking pop or close on the other thread must
 * make them fail with an exception, never crash the JVM (a crash kills the test run). The reader loops run long
 * enough to be compiled by C2 before and while the writer revokes.
 */
class VectorRaceTest {
    private static final long MILLIS = 1_200;
    private static final int N = 1 << 16;
    private static Backend panama;

    @BeforeAll
    static void panama() {
        assumeTrue(Backends.available().contains(Backends.PANAMA), "Panama cannot run here");
        panama = Backends.load(Backends.PANAMA);
    }

    /** The ways a reader may see a racing writer: anything else (or a crash) fails the test. */
    private static boolean expected(RuntimeException e) {
        return e instanceof IllegalStateException || e instanceof IndexOutOfBoundsException
                || e instanceof NoSuchElementException;
    }

    private static void race(MappedIntVector v, Consumer<MappedIntVector> reader, Runnable writerStep)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                try {
                    reader.accept(v);
                } catch (RuntimeException e) {
                    if (!expected(e)) {
                        unexpected.set(e);
                        return;
                    }
                    failures.incrementAndGet();
                } catch (Throwable e) {
                    unexpected.set(e);
                    return;
                }
                reads.incrementAndGet();
            }
        }, "reader");
        t.start();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS);
        while (System.nanoTime() < end) {
            try {
                writerStep.run();
            } catch (RuntimeException e) {
                if (!expected(e)) {
                    throw e;
                }
            }
        }
        stop.set(true);
        t.join();
        assertNull(unexpected.get(), () -> "the reader failed otherwise than by the race: " + unexpected.get());
        assertTrue(reads.get() > 0, "the reader made no progress");
        System.out.println("vector race: " + reads + " reader passes, " + failures + " ended by the race");
    }

    private static void refill(MappedIntVector v) {
        for (int i = (int) v.size(); i < N; i++) {
            v.push(i);
        }
    }

    private static long sumByIndex(MappedIntVector v) {
        long sum = 0;
        for (long i = 0, n = v.size(); i < n; i++) {
            sum += v.get(i);
        }
        return sum;
    }

    private static long sumByIterator(MappedIntVector v) {
        long sum = 0;
        for (PrimitiveIterator.OfInt it = v.iterator(); it.hasNext(); ) {
            sum += it.nextInt();
        }
        return sum;
    }

    @Test
    void readsRacingClearAndTrim() throws InterruptedException {
        try (MappedIntVector v = MappedIntVector.create(panama)) {
            refill(v);
            AtomicLong sink = new AtomicLong();
            race(v, r -> {
                sink.addAndGet(sumByIndex(r));
                sink.addAndGet(sumByIterator(r));
                long[] s = {0};
                r.forEachInt(x -> s[0] += x);
                sink.addAndGet(s[0] + r.stream().asLongStream().sum() + r.toArray().length);
                for (long i = 0, n = r.size(); i < n; i++) {
                    r.set(i, (int) i);
                }
            }, () -> {
                v.clear();
                refill(v);
                v.trimToSize();
                while (v.size() > N / 8) {
                    v.pop(); // shrinks: decommits under the reader
                }
                refill(v);
            });
        }
    }

    @Test
    void readsRacingClose() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            MappedIntVector v = MappedIntVector.create(panama);
            refill(v);
            AtomicLong sink = new AtomicLong();
            AtomicBoolean closed = new AtomicBoolean();
            race(v, r -> {
                sink.addAndGet(sumByIndex(r));
                sink.addAndGet(sumByIterator(r));
            }, () -> {
                if (!closed.get()) {
                    try {
                        Thread.sleep(MILLIS / 4);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    v.close();
                    closed.set(true);
                }
            });
            assertTrue(v.isClosed());
        }
    }
}
