package dev.mmsb.inject;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.mmsb.memory.limits.MemoryBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code MmsbModule.withBudget} sets the process's budget at injector creation and binds it. */
class BudgetBindingTest {
    @AfterEach
    void noBudget() {
        MemoryBudget.process().clearBudget();
    }

    @Test
    void theModuleSetsAndBindsTheBudget() {
        Injector injector = Guice.createInjector(new MmsbModule("unsafe").withBudget("64m"));
        MemoryBudget budget = injector.getInstance(MemoryBudget.class);
        assertSame(MemoryBudget.process(), budget);
        assertEquals(64L << 20, budget.budget());
        assertEquals(MemoryBudget.NONE, Guice.createInjector(new MmsbModule().withBudget("none"))
                .getInstance(MemoryBudget.class).budget());
    }

    @Test
    void aBadBudgetFailsInjectorCreation() {
        CreationException e = assertThrows(CreationException.class,
                () -> Guice.createInjector(new MmsbModule("unsafe").withBudget("lots")));
        assertTrue(e.getMessage().contains("mmsb.budget=lots"), e.getMessage());
    }
}
