package dev.mmsb.backend.panama;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.GrowContract;

class PanamaGrowContractTest extends GrowContract {
    @Override
    protected Backend backend() {
        return new PanamaBackendProvider().create();
    }
}
