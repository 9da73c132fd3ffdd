package dev.mmsb.backend.panama;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.MemoryBudgetContract;

class PanamaMemoryBudgetTest extends MemoryBudgetContract {
    @Override
    protected Backend backend() {
        return new PanamaBackendProvider().create();
    }
}
