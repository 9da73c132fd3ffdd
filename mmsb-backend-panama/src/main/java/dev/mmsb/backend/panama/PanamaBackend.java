package dev.mmsb.backend.panama;

import dev.mmsb.memory.spi.AbstractBackend;
import dev.mmsb.memory.spi.AbstractReservation;
import dev.mmsb.memory.spi.HugePages;

/** Reserves address space with {@code mmap} through {@code java.lang.foreign}; see {@link PanamaReservation}. */
final class PanamaBackend extends AbstractBackend {
    static final String NAME = "panama";

    PanamaBackend() {
        super(NAME, LinuxSyscalls.pageSize());
    }

    @Override
    protected AbstractReservation map(long size) {
        // mmap directly rather than Arena.allocate, which would zero, and so touch, every page. Aligned to huge
        // pages when it can hold one, so that adviseHugePages can take effect from its first block.
        long address = LinuxSyscalls.reserveAligned(size, HugePages.size());
        try {
            return new PanamaReservation(new Mapping(address, size), pageSize());
        } catch (RuntimeException | Error e) {
            try {
                LinuxSyscalls.munmap(address, size);
            } catch (RuntimeException | Error suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
