package dev.mmsb.backend.panama;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.ReservationContract;
import dev.mmsb.testing.MemoryLock;

class PanamaReservationContractTest extends ReservationContract {

    @Override
    protected Backend backend() {
        return new PanamaBackendProvider().create();
    }

    @Override
    protected boolean safeAgainstConcurrentRelease() {
        return true;
    }

    @Override
    protected MemoryLock memoryLock() {
        return new PanamaMemoryLock();
    }
}
