package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.ReservationContract;
import dev.mmsb.testing.MemoryLock;

class UnsafeReservationContractTest extends ReservationContract {
    @Override
    protected Backend backend() {
        return new UnsafeBackendProvider().create();
    }

    @Override
    protected MemoryLock memoryLock() {
        return new JnaMemoryLock();
    }
}
