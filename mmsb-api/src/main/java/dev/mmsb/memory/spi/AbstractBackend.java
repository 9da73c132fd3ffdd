package dev.mmsb.memory.spi;

import dev.mmsb.internal.diag.Diagnostics;
import dev.mmsb.internal.diag.MemoryOperationEvent;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.NativeMemoryException;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.limits.MappingLimit;

/** Checks and rounds the size, maps, and reports the reserve; a backend supplies {@link #map(long)}. */
public abstract class AbstractBackend implements Backend {
    private final String name;
    private final long pageSize;

    /**
     * A backend with this name and page size.
     *
     * @param name     the backend's name, as {@link dev.mmsb.memory.Backends} knows it
     * @param pageSize the OS page size
     * @throws IllegalStateException if {@code pageSize} is not a positive power of two
     */
    protected AbstractBackend(String name, long pageSize) {
        if (pageSize <= 0 || Long.bitCount(pageSize) != 1) {
            throw new IllegalStateException(name + ": OS page size " + pageSize + " is not a power of two");
        }
        this.name = name;
        this.pageSize = pageSize;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long pageSize() {
        return pageSize;
    }

    @Override
    public final Reservation reserve(long bytes) {
        MemoryOperationEvent event = Diagnostics.memoryBegin();
        Throwable failure = null;
        AbstractReservation reservation = null;
        long size = bytes; // what a refusal reports
        try {
            if (bytes <= 0) {
                throw new IllegalArgumentException("reserve: bytes=" + bytes + " must be positive");
            }
            long rounded = (bytes + pageSize - 1) & -pageSize;
            if (rounded < bytes) {
                throw new IllegalArgumentException("reserve: bytes=" + bytes + " overflows when rounded up to the"
                        + " page size " + pageSize);
            }
            size = rounded;
            // A new reservation is one more kernel mapping: refused before the mmap if the process is near the limit.
            MappingLimit limit = MappingLimit.process();
            limit.claim(1, "reserve", 0, size);
            try {
                reservation = map(size);
            } catch (RuntimeException | Error e) {
                limit.adjust(-1);
                throw e;
            }
            limit.reserved(size);
            return reservation;
        } catch (NativeMemoryException e) {
            // ENOMEM from mmap: say whether the address space or the mapping count ran out.
            failure = e.operation().equals("mmap") ? MappingLimit.process().explain(e, size) : e;
            throw (NativeMemoryException) failure;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            Diagnostics.memoryDone(event, "reserve", name, reservation == null ? 0 : reservation.id(), 0,
                    reservation == null ? 0 : reservation.address(), 0, size, failure);
        }
    }

    /**
     * Maps {@code size} bytes (a positive multiple of the page size) {@code PROT_NONE},
     * {@code MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE}, without touching them.
     *
     * @param size bytes to map
     * @return the reservation of the new mapping
     */
    protected abstract AbstractReservation map(long size);

    @Override
    public String toString() {
        return "Backend[" + name + ", pageSize=" + pageSize + "]";
    }
}
