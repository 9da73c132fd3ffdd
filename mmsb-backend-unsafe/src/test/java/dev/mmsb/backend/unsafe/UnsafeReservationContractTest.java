package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.ReservationContract;

class UnsafeReservationContractTest extends ReservationContract {
    @Override
    protected Backend backend() {
        return new UnsafeBackendProvider().create();
    }
}
