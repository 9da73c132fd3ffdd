package dev.mmsb.bench.floor;

import dev.mmsb.bench.subject.IntList;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The growth floors of {@code GrowBenchmark}: the least a vector over reserved address space can do, written directly
 * over the Panama downcalls ({@link PanamaSyscalls}) with no MMSB code. It reserves 32 GiB (a default vector's
 * reservation) {@code PROT_NONE}, commits by doubling from one page ({@code mprotect}), and pushes ints through a
 * global-scope {@link MemorySegment} over the reservation (a bounds check, no liveness check). Three variants:
 * {@code syscall-panama-4k} lets every 4 KiB page fault on first touch; {@code syscall-panama-huge} aligns the
 * reservation to 2 MiB and advises {@code MADV_HUGEPAGE} on all of it, and commits whole huge pages past the first;
 * {@code syscall-panama-huge-populate} also populates ({@code MADV_POPULATE_WRITE}) 8 MiB steps of committed memory
 * ahead of the pushes, as MMSB's vector does by default. Only {@code push} is meant to be fast.
 */
public final class FloorIntList implements IntList {
    private static final long RESERVE = 32L << 30;
    private static final long HUGE = 2L << 20;
    private static final long STEP = 8L << 20;
    private static final int MADV_HUGEPAGE = 14;
    private static final int MADV_POPULATE_WRITE = 23;

    private final PanamaSyscalls os = new PanamaSyscalls();
    private final boolean huge;
    private final boolean populate;
    private final long page;
    private final long address;
    private final MemorySegment memory;
    private long committed;
    private long populated;
    /** Ints that fit in the committed (or, when populating, the populated) prefix. */
    private int limit;
    private int size;

    /** {@code 4k}, {@code huge} or {@code huge-populate}. */
    public FloorIntList(String variant) {
        this.huge = variant.startsWith("huge");
        this.populate = variant.equals("huge-populate");
        if (!huge && !variant.equals("4k")) {
            throw new IllegalArgumentException("no floor variant " + variant);
        }
        this.page = os.pageSize();
        this.address = huge ? os.reserveAligned(RESERVE, HUGE) : os.reserve(RESERVE);
        if (huge) {
            os.advise(address, RESERVE, MADV_HUGEPAGE);
        }
        this.memory = segment(address);
    }

    @SuppressWarnings("restricted")
    private static MemorySegment segment(long address) {
        return MemorySegment.ofAddress(address).reinterpret(RESERVE);
    }

    @Override
    public void push(int value) {
        int n = size;
        if (n >= limit) {
            grow(n + 1);
        }
        memory.set(ValueLayout.JAVA_INT_UNALIGNED, (long) n << 2, value);
        size = n + 1;
    }

    private void grow(long needed) {
        long need = needed << 2;
        if (need > committed) {
            long target = Math.max(committed * 2, page);
            if (huge && target > HUGE) {
                target = (target + HUGE - 1) & -HUGE;
            }
            os.commit(address + committed, target - committed);
            committed = target;
        }
        long end = committed;
        if (populate && need > populated) {
            end = Math.min(committed, (need + STEP - 1) / STEP * STEP);
            os.advise(address + populated, end - populated, MADV_POPULATE_WRITE);
            populated = end;
        }
        limit = (int) Math.min(Integer.MAX_VALUE, end >> 2);
    }

    @Override
    public int get(int index) {
        return memory.get(ValueLayout.JAVA_INT_UNALIGNED, (long) index << 2);
    }

    @Override
    public void set(int index, int value) {
        memory.set(ValueLayout.JAVA_INT_UNALIGNED, (long) index << 2, value);
    }

    @Override
    public int pop() {
        return memory.get(ValueLayout.JAVA_INT_UNALIGNED, (long) --size << 2);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        size = 0;
    }

    @Override
    public long iterateSum() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += get(i);
        }
        return sum;
    }

    @Override
    public long forEachSum() {
        return iterateSum();
    }

    @Override
    public void close() {
        os.release(address, RESERVE);
    }
}
