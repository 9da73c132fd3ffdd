package dev.mmsb.examples;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.PageAccessException;
import dev.mmsb.memory.Reservation;

/** docs/DESIGN.md, "The paging SPI". */
public final class PagingSpi {
    public static void main(String[] args) {
        Backend backend = Backends.load();
        // tag::spi[]
        try (Reservation memory = backend.reserve(64L << 30)) {   // 64 GiB of address space, no memory
            memory.commit(0, 1 << 20);                             // 1 MiB readable and writable
            memory.putLong(8, 42);
            memory.decommit(0, 1 << 20);                           // memory back to the OS (MADV_DONTNEED + PROT_NONE)
            try {
                memory.getLong(8);
            } catch (PageAccessException e) {
                System.out.println(e.getMessage());                // read at offset=8 ... touches page 0 ... which is not committed
            }
        }
        // end::spi[]
    }
}
