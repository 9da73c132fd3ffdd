package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.MemoryBudgetContract;

class UnsafeMemoryBudgetTest extends MemoryBudgetContract {
    @Override
    protected Backend backend() {
        return new UnsafeBackendProvider().create();
    }
}
