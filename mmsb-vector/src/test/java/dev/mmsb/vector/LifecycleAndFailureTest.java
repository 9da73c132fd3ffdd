package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.NativeMemoryException;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.spi.AbstractReservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Failed commits, forgotten vectors, and threads that misuse a vector. */
class LifecycleAndFailureTest {

    /**
     * A Mockito spy on the real reservation refuses one commit, as the OS would with ENOMEM: the push that needed it
     * fails and the vector is as it was.
     */
    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void failedCommitChangesNothing(Backend backend) {
        // A spy is a copy: the original must stay reachable, or its Cleaner would unmap the memory under the spy.
        List<Reservation> originals = new ArrayList<>();
        List<Reservation> spies = new ArrayList<>();
        Backend spying = mock(Backend.class);
        when(spying.name()).thenReturn(backend.name());
        when(spying.pageSize()).thenReturn(backend.pageSize());
        when(spying.reserve(anyLong())).thenAnswer(call -> {
            Reservation real = backend.reserve(call.getArgument(0));
            originals.add(real);
            Reservation spy = spy(real);
            spies.add(spy);
            return spy;
        });
        try (MappedIntVector v = MappedIntVector.create(spying, VectorOptions.defaults().withMaxCapacityElements(1 << 20))) {
            Reservation memory = spies.get(0);
            while (v.size() < v.capacity() || v.size() == 0) {
                v.push((int) v.size());
            }
            long size = v.size();
            long committed = v.committedBytes();
            doThrow(new NativeMemoryException("mprotect", 0, 0, 12, "ENOMEM")).doCallRealMethod()
                    .when(memory).commit(anyLong(), anyLong());

            assertThrows(NativeMemoryException.class, () -> v.push(-1));
            assertEquals(size, v.size());
            assertEquals(committed, v.committedBytes());
            assertEquals(committed, memory.committedBytes());
            for (int i = 0; i < size; i++) {
                assertEquals(i, v.get(i));
            }

            v.push(-1);
            assertEquals(-1, v.get(size));
            assertTrue(v.committedBytes() > committed);
            verify(memory, atLeastOnce()).commit(anyLong(), anyLong());
        }
        assertTrue(spies.get(0).isReleased());
        Reference.reachabilityFence(originals);
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void forgottenVectorIsReleasedByTheCleaner(Backend backend) throws InterruptedException {
        long leaksBefore = AbstractReservation.reclaimedLeaks();
        WeakReference<Reservation> memory = forget(backend);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((memory.get() != null || AbstractReservation.reclaimedLeaks() == leaksBefore)
                && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(memory.get(), "the vector's reservation was never collected");
        assertTrue(AbstractReservation.reclaimedLeaks() > leaksBefore, "the Cleaner did not release it");
    }

    private static WeakReference<Reservation> forget(Backend backend) {
        MappedLongVector v = MappedLongVector.create(backend, VectorOptions.defaults().withMaxCapacityElements(1 << 20));
        for (int i = 0; i < 10_000; i++) {
            v.push(i);
        }
        return new WeakReference<>(v.memory());
    }

    /**
     * Two threads misuse one vector on the Panama backend: values may be wrong and operations may throw, but the JVM
     * must not crash, since the vector never bypasses the reservation's checks.
     */
    @Test
    void racingThreadsDoNotCrashOnPanama() throws InterruptedException {
        assumeTrue(Backends.available().contains(Backends.PANAMA), "Panama cannot run here");
        Backend panama = Backends.load(Backends.PANAMA);
        AtomicLong failures = new AtomicLong();
        AtomicLong operations = new AtomicLong();
        try (MappedIntVector v = MappedIntVector.create(panama, VectorOptions.defaults().withMaxCapacityElements(1 << 22))) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
            Runnable misuse = () -> {
                SplittableRandom random = new SplittableRandom();
                while (System.nanoTime() < end) {
                    try {
                        int r = random.nextInt(1_000);
                        if (r < 450) {
                            v.push(r);
                        } else if (r < 900) {
                            v.pop();
                        } else if (r < 990) {
                            long size = v.size();
                            v.get(size > 0 ? random.nextLong(size) : 0);
                        } else if (r < 995) {
                            v.clear();
                        } else {
                            v.trimToSize();
                        }
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                    operations.incrementAndGet();
                }
            };
            Thread a = new Thread(misuse, "misuse-a");
            Thread b = new Thread(misuse, "misuse-b");
            a.start();
            b.start();
            a.join();
            b.join();
        }
        System.out.println("racing threads on Panama: " + operations + " operations, " + failures
                + " exceptions, no crash");
        assertTrue(operations.get() > 0);
    }
}
