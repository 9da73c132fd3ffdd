package dev.mmsb.backend.panama;

import dev.mmsb.memory.Backend;
import dev.mmsb.page.PageAllocatorContract;

class PanamaPageAllocatorContractTest extends PageAllocatorContract {
    @Override
    protected Backend backend() {
        return new PanamaBackendProvider().create();
    }
}
