package dev.mmsb.micrometer;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.BudgetExceededException;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.limits.MemoryBudget;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The binder's meters follow real commits, a real refusal and the budget setting. */
class MmsbMemoryMetricsTest {
    @Test
    void metersFollowWhatMmsbHolds() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MmsbMemoryMetrics(Tags.of("app", "test")).bindTo(registry);
        Backend backend = Backends.load(Backends.UNSAFE);
        long page = backend.pageSize();
        MemoryBudget budget = MemoryBudget.process();
        budget.setTrimWaitMillis(0);
        try (Reservation r = backend.reserve(64 * page)) {
            double before = committed(registry, "unsafe");
            r.commit(0, 16 * page);
            assertEquals(before + 16 * page, committed(registry, "unsafe"));
            assertEquals(budget.committedBytes("panama"), committed(registry, "panama"));
            assertTrue(registry.get("mmsb.memory.reserved").gauge().value() >= 64 * page);
            assertTrue(registry.get("mmsb.memory.reservations").gauge().value() >= 1);
            assertTrue(registry.get("mmsb.memory.mappings").gauge().value() >= 2);
            assertTrue(Double.isNaN(registry.get("mmsb.memory.budget").gauge().value()));

            double refusals = registry.get("mmsb.memory.budget.refusals").functionCounter().count();
            budget.setBudget(budget.committedBytes() + page);
            assertEquals(budget.committedBytes() + page, registry.get("mmsb.memory.budget").gauge().value());
            assertThrows(BudgetExceededException.class, () -> r.commit(16 * page, 2 * page));
            assertEquals(refusals + 1, registry.get("mmsb.memory.budget.refusals").functionCounter().count());
            assertEquals(budget.trims(), registry.get("mmsb.memory.budget.trims").functionCounter().count());
            assertEquals("test", registry.get("mmsb.memory.committed").tag("backend", "unsafe").gauge().getId()
                    .getTag("app"));
        } finally {
            budget.clearBudget();
            budget.setTrimWaitMillis(MemoryBudget.DEFAULT_TRIM_WAIT_MILLIS);
        }
    }

    private static double committed(SimpleMeterRegistry registry, String backend) {
        return registry.get("mmsb.memory.committed").tag("backend", backend).gauge().value();
    }
}
