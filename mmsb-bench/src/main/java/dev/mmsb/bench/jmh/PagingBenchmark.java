package dev.mmsb.bench.jmh;

import dev.mmsb.bench.ForkFlags;
import dev.mmsb.bench.floor.Floor;
import dev.mmsb.bench.subject.Impl;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Reservation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The paging operations one page at a time, against the same syscalls issued directly (the floors, see
 * {@link Floor}): {@code syscall-panama}, raw downcalls, the cheapest way; {@code syscall-jna}, JNA direct mapping,
 * what the Unsafe backend builds on. Scores are ns per page (per call for reserve/release). Each invocation works
 * through fresh pages; resetting them happens outside the measurement, in a per-invocation setup, which is long
 * enough (milliseconds) for JMH to time reliably.
 *
 * <p>{@link #decommit} runs on a reservation only the benchmark thread has touched, the case where the Panama backend
 * skips its fence; {@link #decommitShared} on one that another thread has accessed, so that on Panama every decommit
 * closes the shared arena that guards the mapping (a handshake with every thread) before the syscalls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {ForkFlags.NATIVE_ACCESS, ForkFlags.UNSAFE_ACCESS, ForkFlags.GUICE})
public class PagingBenchmark {
    static final int PAGES = 4096;
    /** Fewer pages for {@link #decommitShared}: a handshake per page would make 4096 pages a quarter of a second. */
    static final int SHARED_PAGES = 1024;
    static final long HUGE = 2L << 20;
    static final int MADV_HUGEPAGE = 14;
    /** What reserve/release maps each time: as much as a default MappedIntQueue. */
    static final long RESERVE = 64L << 30;

    /**
     * MMSB on a backend, or a floor; {@code panama-huge}, {@code unsafe-huge}, {@code syscall-panama-huge}: the same on
     * a reservation aligned to 2 MiB and advised {@code MADV_HUGEPAGE}, which {@link #commitAndTouch2MiB} turns into
     * one huge-page fault per 2 MiB (one-page commits cannot use huge pages: a huge page needs 2 MiB committed).
     */
    @Param({"panama", "unsafe", "syscall-panama", "syscall-jna", "panama-huge", "unsafe-huge",
            "syscall-panama-huge"})
    public String impl;

    /** The floor, or null when {@link #impl} is a backend. */
    private Floor floor;
    private Backend backend;
    private long pageSize;
    private long bytes;
    private Reservation memory;
    private long address;

    @Setup(Level.Trial)
    public void setUp() {
        boolean huge = impl.endsWith("-huge");
        if (Floor.isFloor(impl)) {
            floor = Floor.create(huge ? impl.substring(0, impl.length() - "-huge".length()) : impl);
            pageSize = floor.pageSize();
            bytes = PAGES * pageSize;
            address = huge ? floor.reserveAligned(bytes, HUGE) : floor.reserve(bytes);
            if (huge) {
                floor.advise(address, bytes, MADV_HUGEPAGE);
            }
        } else {
            backend = Impl.backend(impl);
            pageSize = backend.pageSize();
            bytes = PAGES * pageSize;
            memory = backend.reserve(bytes);
            if (huge && !memory.adviseHugePages(0, bytes)) {
                throw new IllegalStateException("the kernel refused MADV_HUGEPAGE");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (floor != null) {
            floor.release(address, bytes);
        } else {
            memory.release();
        }
    }

    /** Commit one page, write to it (the page fault), next page. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void commitAndTouch(Decommitted pages) {
        if (floor != null) {
            Floor f = floor;
            for (long offset = 0; offset < bytes; offset += pageSize) {
                f.commit(address + offset, pageSize);
                f.putInt(address + offset, 1);
            }
        } else {
            Reservation m = memory;
            for (long offset = 0; offset < bytes; offset += pageSize) {
                m.commit(offset, pageSize);
                m.putInt(offset, 1);
            }
        }
    }

    /**
     * Commit 2 MiB, write to each of its 4 KiB pages, next 2 MiB; per page. Without huge pages that is 512 page faults
     * per commit; on a {@code -huge} impl one huge-page fault (the kernel zeroes 2 MiB at once) and 511 plain stores.
     */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void commitAndTouch2MiB(Decommitted pages) {
        if (floor != null) {
            Floor f = floor;
            for (long block = 0; block < bytes; block += HUGE) {
                f.commit(address + block, HUGE);
                for (long offset = block; offset < block + HUGE; offset += pageSize) {
                    f.putInt(address + offset, 1);
                }
            }
        } else {
            Reservation m = memory;
            for (long block = 0; block < bytes; block += HUGE) {
                m.commit(block, HUGE);
                for (long offset = block; offset < block + HUGE; offset += pageSize) {
                    m.putInt(offset, 1);
                }
            }
        }
    }

    /** Decommit one touched page (MADV_DONTNEED + PROT_NONE), next page; only this thread uses the reservation. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void decommit(Touched pages) {
        decommitPages(bytes);
    }

    /**
     * The same on a reservation that another thread has accessed: the Panama backend closes its shared arena on each
     * decommit, the Unsafe backend has no fence to pay for, and the floors know nothing of threads (so they repeat
     * {@link #decommit}).
     */
    @Benchmark
    @OperationsPerInvocation(SHARED_PAGES)
    public void decommitShared(Shared pages) {
        decommitPages(SHARED_PAGES * pageSize);
    }

    private void decommitPages(long length) {
        if (floor != null) {
            Floor f = floor;
            for (long offset = 0; offset < length; offset += pageSize) {
                f.decommit(address + offset, pageSize);
            }
        } else {
            Reservation m = memory;
            for (long offset = 0; offset < length; offset += pageSize) {
                m.decommit(offset, pageSize);
            }
        }
    }

    /** Reserve 64 GiB of address space and release it. */
    @Benchmark
    public void reserveRelease() {
        if (floor != null) {
            floor.release(floor.reserve(RESERVE), RESERVE);
        } else {
            backend.reserve(RESERVE).release();
        }
    }

    /** Before {@link #commitAndTouch}: every page decommitted, its memory gone, so the next touch faults. */
    @State(Scope.Benchmark)
    public static class Decommitted {
        @Setup(Level.Invocation)
        public void decommitAll(PagingBenchmark bench) {
            bench.decommitAll();
        }
    }

    /** Before {@link #decommit}: every page committed and written, so there is memory to give back. */
    @State(Scope.Benchmark)
    public static class Touched {
        @Setup(Level.Invocation)
        public void commitAndTouchAll(PagingBenchmark bench) {
            bench.commitAndTouch(bench.bytes);
        }
    }

    /**
     * Before {@link #decommitShared}: once, a second thread reads the reservation, which makes it shared for good;
     * then before each invocation the first {@value #SHARED_PAGES} pages committed and written.
     */
    @State(Scope.Benchmark)
    public static class Shared {
        @Setup(Level.Trial)
        public void share(PagingBenchmark bench) throws InterruptedException {
            bench.shareWithAnotherThread();
        }

        @Setup(Level.Invocation)
        public void commitAndTouchShared(PagingBenchmark bench) {
            bench.commitAndTouch(SHARED_PAGES * bench.pageSize);
        }
    }

    void decommitAll() {
        if (floor != null) {
            floor.decommit(address, bytes);
        } else {
            memory.decommit(0, bytes);
        }
    }

    /** Commits {@code [0, length)} and writes to every page of it. */
    void commitAndTouch(long length) {
        if (floor != null) {
            floor.commit(address, length);
            for (long offset = 0; offset < length; offset += pageSize) {
                floor.putInt(address + offset, 1);
            }
        } else {
            memory.commit(0, length);
            for (long offset = 0; offset < length; offset += pageSize) {
                memory.putInt(offset, 1);
            }
        }
    }

    /** The benchmark thread writes to the first page, then another thread reads it; a no-op for the floors. */
    void shareWithAnotherThread() throws InterruptedException {
        if (floor != null) {
            return;
        }
        memory.commit(0, pageSize);
        memory.putInt(0, 1);
        int[] seen = new int[1];
        Thread reader = new Thread(() -> seen[0] = memory.getInt(0), "mmsb-bench-second-thread");
        reader.start();
        reader.join();
        if (seen[0] != 1) {
            throw new IllegalStateException("the second thread read " + seen[0]);
        }
    }
}
