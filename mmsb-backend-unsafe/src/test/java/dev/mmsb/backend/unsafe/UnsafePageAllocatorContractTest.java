package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.Backend;
import dev.mmsb.page.PageAllocatorContract;

class UnsafePageAllocatorContractTest extends PageAllocatorContract {
    @Override
    protected Backend backend() {
        return new UnsafeBackendProvider().create();
    }
}
