package dev.mmsb.backend.panama;

import dev.mmsb.memory.Backends;
import dev.mmsb.memory.MappingLimitContract;

class PanamaMappingLimitTest extends MappingLimitContract {
    @Override
    protected String backendName() {
        return Backends.PANAMA;
    }
}
