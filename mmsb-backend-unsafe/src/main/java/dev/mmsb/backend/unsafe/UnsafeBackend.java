package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.Backends;
import dev.mmsb.memory.spi.AbstractBackend;
import dev.mmsb.memory.spi.AbstractReservation;
import dev.mmsb.memory.spi.HugePages;

/** Reserves with {@code mmap} through JNA and hands out {@link UnsafeReservation}s. Create it through the provider. */
final class UnsafeBackend extends AbstractBackend {
    static final String NAME = Backends.UNSAFE;

    /** @throws LinkageError if JNA cannot bind libc */
    UnsafeBackend() {
        super(NAME, Syscalls.pageSize());
    }

    @Override
    protected AbstractReservation map(long size) {
        // Aligned to huge pages when it can hold one, so that adviseHugePages can take effect from its first block.
        long address = Syscalls.mapAligned(size, HugePages.size());
        try {
            return new UnsafeReservation(address, size, pageSize());
        } catch (RuntimeException | Error e) {
            // Nothing owns the mapping yet, so nothing else would ever unmap it.
            try {
                Syscalls.unmap(address, size);
            } catch (RuntimeException unmapFailure) {
                e.addSuppressed(unmapFailure);
            }
            throw e;
        }
    }
}
