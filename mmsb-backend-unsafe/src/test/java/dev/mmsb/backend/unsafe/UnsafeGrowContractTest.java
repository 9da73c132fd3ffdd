package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.GrowContract;

class UnsafeGrowContractTest extends GrowContract {
    @Override
    protected Backend backend() {
        return new UnsafeBackendProvider().create();
    }
}
