package dev.mmsb.backend.panama;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.ReservationContract;

class PanamaReservationContractTest extends ReservationContract {

    @Override
    protected Backend backend() {
        return new PanamaBackendProvider().create();
    }

    @Override
    protected boolean safeAgainstConcurrentRelease() {
        return true;
    }
}
