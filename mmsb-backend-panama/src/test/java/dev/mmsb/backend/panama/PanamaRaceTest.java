package dev.mmsb.backend.panama;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.MemoryView;
import dev.mmsb.memory.PageAccessException;
import dev.mmsb.memory.Protection;
import dev.mmsb.memory.Reservation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accesses racing paging operations on another thread. A failure here is an exception the race should not have
 * caused; a crash of the test JVM is the failure this backend exists to prevent.
 */
class PanamaRaceTest {
    private static final int ROUNDS = 2_000;
    private final Backend backend = new PanamaBackendProvider().create();
    private final long page = backend.pageSize();

    /** Runs {@code body} on a new thread until {@code stop} is set; returns the thread and what it threw. */
    private static Thread loop(AtomicBoolean stop, CountDownLatch started, AtomicReference<Throwable> thrown,
                               AtomicLong iterations, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                while (!stop.get()) {
                    body.run();
                    if (iterations.incrementAndGet() == 1_000) {
                        started.countDown();
                    }
                }
            } catch (Throwable t) {
                thrown.set(t);
                started.countDown();
            }
        });
        thread.start();
        return thread;
    }

    @Test
    void accessesToOtherPagesNeverFailWhilePagesAreRevoked() throws Exception {
        try (Reservation r = backend.reserve(4 * page)) {
            r.commit(0, 4 * page);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicLong iterations = new AtomicLong();
            long[] buffer = new long[(int) page / 8];
            Thread reader = loop(stop, started, thrown, iterations, () -> {
                long i = iterations.get();
                r.putLong(8, i);
                if (r.getLong(8) != i) {
                    throw new AssertionError("lost a write");
                }
                r.get(page, buffer, 0, buffer.length);
                r.fill(0, 8, (byte) 0);
            });
            started.await();
            long before = iterations.get();
            for (int round = 0; round < ROUNDS; round++) {
                r.decommit(2 * page, page);
                r.commit(2 * page, page);
                r.protect(3 * page, page, round % 2 == 0 ? Protection.READ_ONLY : Protection.NONE);
                r.protect(3 * page, page, Protection.READ_WRITE);
            }
            stop.set(true);
            reader.join();
            assertNull(thrown.get(), () -> "the reader failed: " + thrown.get());
            assertTrue(iterations.get() > before, "the reader made no progress while pages were revoked");
        }
    }

    @Test
    void accessesToRevokedPagesFailWithPageAccessException() throws Exception {
        long region = 64 * page; // big enough that a fill is still running when the syscalls come
        try (Reservation r = backend.reserve(page + region)) {
            r.commit(0, page + region);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicLong iterations = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            Thread writer = loop(stop, started, thrown, iterations, () -> {
                try {
                    r.putLong(page + 16, 42);
                    long value = r.getLong(page + 16);
                    if (value != 42 && value != 0x0101_0101_0101_0101L && value != 0) {
                        throw new AssertionError("read " + value);
                    }
                    r.fill(page, region, (byte) 1);
                } catch (PageAccessException expected) {
                    refused.incrementAndGet();
                }
            });
            started.await();
            for (int round = 0; round < ROUNDS; round++) {
                r.decommit(page, region);
                r.commit(page, region);
                r.protect(page, region, round % 2 == 0 ? Protection.READ_ONLY : Protection.NONE);
                r.protect(page, region, Protection.READ_WRITE);
            }
            stop.set(true);
            writer.join();
            assertNull(thrown.get(), () -> "the writer failed otherwise than refused: " + thrown.get());
            assertTrue(refused.get() > 0, "no access was refused: the race was not exercised");
        }
    }

    @Test
    void bulkAccessesRacingAReleaseThrow() throws Exception {
        for (int round = 0; round < 20; round++) {
            Reservation r = backend.reserve(64 * page);
            Reservation other = backend.reserve(64 * page);
            r.commit(0, 64 * page);
            other.commit(0, 64 * page);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicLong iterations = new AtomicLong();
            byte[] bytes = new byte[(int) (64 * page)];
            Thread copier = loop(stop, started, thrown, iterations, () -> {
                r.get(0, bytes, 0, bytes.length);
                r.copyTo(0, other, 0, 64 * page);
                r.fill(0, 64 * page, (byte) 3);
            });
            started.await();
            if (round % 2 == 0) {
                r.release();
            } else {
                other.release();
            }
            copier.join(10_000);
            assertFalse(copier.isAlive());
            assertInstanceOf(IllegalStateException.class, thrown.get());
            r.release();
            other.release();
        }
    }

    @Test
    void revokesWhileOtherReservationsAreAccessedLeaveThemAlone() throws Exception {
        try (Reservation busy = backend.reserve(page); Reservation paged = backend.reserve(page)) {
            busy.commit(0, page);
            paged.commit(0, page);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicLong iterations = new AtomicLong();
            Thread reader = loop(stop, started, thrown, iterations, () -> busy.putInt(0, busy.getInt(0) + 1));
            started.await();
            for (int round = 0; round < ROUNDS; round++) {
                paged.decommit(0, page);
                paged.commit(0, page);
            }
            stop.set(true);
            reader.join();
            assertNull(thrown.get());
            assertEquals(iterations.get(), busy.getInt(0));
        }
    }

    /**
     * A reader that only uses views, taking a new one whenever its view is revoked, while this thread revokes them by
     * decommitting and protecting the view's pages and a page outside it. This thread owns the reservation (it made
     * the only checked access), so its revokes fence only because views are out. A view's revoke comes before the
     * syscall and an access cannot pass a closed arena, so a write and a read back through one view that both
     * returned saw no decommit between them: the reader must read what it wrote, or fail with IllegalStateException.
     */
    @Test
    void viewAccessesRacingRevokesReadWhatTheyWroteOrThrowIllegalState() throws Exception {
        long region = 64 * page; // big enough that a bulk copy is still running when a revoke comes
        try (Reservation r = backend.reserve(page + region)) {
            r.commit(0, page + region);
            r.putLong(0, 1);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicLong iterations = new AtomicLong();
            AtomicLong views = new AtomicLong();
            AtomicLong revoked = new AtomicLong();
            MemoryView[] current = new MemoryView[1];
            long[] written = new long[(int) (region / Long.BYTES)];
            long[] read = new long[written.length];
            Thread reader = loop(stop, started, thrown, iterations, () -> {
                MemoryView v = current[0];
                if (v == null || v.isRevoked()) {
                    try {
                        v = r.view(page, region);
                    } catch (PageAccessException decommittedOrProtected) {
                        return;
                    }
                    current[0] = v;
                    views.incrementAndGet();
                }
                long i = iterations.get();
                try {
                    v.putLong(16, i);
                    v.putInt(3, (int) i);
                    v.putDouble(region - 8, i);
                    if (v.getLong(16) != i || v.getInt(3) != (int) i || v.getDouble(region - 8) != i) {
                        throw new AssertionError("a view lost a write: " + v.getLong(16) + " " + v.getInt(3) + " "
                                + v.getDouble(region - 8) + ", wrote " + i);
                    }
                    written[(int) (i % written.length)] = i;
                    v.put(0, written, 0, written.length);
                    v.get(0, read, 0, read.length);
                    if (!Arrays.equals(written, read)) {
                        throw new AssertionError("a bulk get through a view did not read what the put wrote");
                    }
                    v.copy(0, 8, region - 8); // an overlapping move of the whole view
                    if (v.getLong(8) != written[0] || v.getLong(region - 8) != written[written.length - 2]) {
                        throw new AssertionError("a copy through a view lost its bytes");
                    }
                } catch (IllegalStateException e) {
                    if (e instanceof PageAccessException || !v.isRevoked()) {
                        throw new AssertionError("a view access failed but the view is not revoked", e);
                    }
                    revoked.incrementAndGet();
                }
            });
            started.await();
            long before = iterations.get();
            // After each revoke, wait for the reader to take a new view: without that, the reader (which contends
            // for the lock that paging operations hold) seldom has a view out when the next revoke comes.
            long taken = views.get(); // the reader holds a view now, taken before any revoke
            long deadline = System.nanoTime() + 2_000_000_000L; // rounds wait for the reader: bound them in time
            for (int round = 0; round < ROUNDS / 4 && thrown.get() == null && System.nanoTime() < deadline; round++) {
                r.decommit(page, region);
                r.commit(page, region);
                taken = awaitNewView(views, taken, thrown);
                r.protect(page, region, round % 2 == 0 ? Protection.READ_ONLY : Protection.NONE);
                r.protect(page, region, Protection.READ_WRITE);
                taken = awaitNewView(views, taken, thrown);
                r.decommit(0, page); // a page outside the view
                r.commit(0, page);
                taken = awaitNewView(views, taken, thrown);
            }
            stop.set(true);
            reader.join();
            assertNull(thrown.get(), () -> "the reader failed: " + thrown.get());
            assertTrue(iterations.get() > before, "the reader made no progress while its views were revoked");
            assertTrue(views.get() > 1, "the reader never took a second view");
            assertTrue(revoked.get() > 0, "no view access was stopped by a revoke: the race was not exercised");
        }
    }

    /** Waits until {@code views} exceeds {@code taken} (or the reader failed); returns its new value. */
    private static long awaitNewView(AtomicLong views, long taken, AtomicReference<Throwable> thrown) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long now;
        while ((now = views.get()) <= taken && thrown.get() == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the reader took no view for 10 s");
            }
            Thread.onSpinWait();
        }
        return now;
    }

    /**
     * Single and bulk accesses through a view while this thread releases the reservation, or takes the view's own
     * pages away: the accessor must stop with IllegalStateException, never touch the unmapped or PROT_NONE pages.
     */
    @Test
    void viewAccessesRacingARevokeOfTheirOwnPagesThrowIllegalState() throws Exception {
        for (int round = 0; round < 30; round++) {
            long size = 64 * page;
            Reservation r = backend.reserve(size);
            r.commit(0, size);
            MemoryView v = r.view(0, size);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicLong iterations = new AtomicLong();
            byte[] bytes = new byte[(int) size];
            double[] doubles = new double[(int) (size / Double.BYTES)];
            Thread accessor = loop(stop, started, thrown, iterations, () -> {
                v.get(0, bytes, 0, bytes.length);
                v.put(0, doubles, 0, doubles.length);
                v.copy(0, 8, size - 8);
                v.putLong(8, v.getLong(size - 8) + 1);
                v.put(0, bytes, 0, bytes.length);
            });
            started.await();
            switch (round % 3) {
                case 0:
                    r.release();
                    break;
                case 1:
                    r.decommit(0, size);
                    break;
                default:
                    r.protect(0, size, Protection.NONE);
                    break;
            }
            accessor.join(10_000);
            assertFalse(accessor.isAlive());
            assertInstanceOf(IllegalStateException.class, thrown.get());
            assertFalse(thrown.get() instanceof PageAccessException, thrown.get().toString());
            assertTrue(v.isRevoked());
            r.release();
        }
    }
}
