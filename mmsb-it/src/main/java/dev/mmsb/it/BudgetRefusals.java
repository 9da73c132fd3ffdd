package dev.mmsb.it;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.BudgetExceededException;
import dev.mmsb.memory.limits.MemoryBudget;
import dev.mmsb.vector.MappedLongVector;

/**
 * Scenario 6: {@code rounds} times (default 3), a {@link MappedLongVector} pushes until the commit budget
 * ({@code -Dmmsb.budget}) refuses its growth, catches the {@link BudgetExceededException}, checks that the refused
 * push changed nothing, and clears. Without a budget (the control) the pushes go on until the container kills the
 * process. Phases: {@code baseline} (the budget, the container limit MMSB read and its file), then per round
 * {@code refused} (the exception's numbers, the cgroup's usage and peak) and {@code cleared}.
 */
final class BudgetRefusals {
    private BudgetRefusals() {
    }

    static void run(Backend backend, PhaseLog log, ScenarioArgs args) {
        int rounds = (int) args.longValue("rounds", 3);
        MemoryBudget budget = MemoryBudget.process();
        log.phase("baseline", 0, budget.committedBytes(), "budgetBytes", budget.budget(),
                "budgetSetting", budget.setting(), "containerLimitBytes", budget.containerLimit(),
                "containerLimitSource", budget.containerLimitSource(),
                "cgroupPeakBytes", MemoryProbe.cgroupPeakBytes());
        try (MappedLongVector vector = MappedLongVector.create(backend)) {
            for (int round = 1; round <= rounds; round++) {
                long pushed = 0;
                BudgetExceededException refusal = null;
                try {
                    while (true) {
                        vector.push(pushed);
                        pushed++;
                        if ((pushed & ((1 << 22) - 1)) == 0) {
                            log.phase("pushing", round, vector.committedBytes(), "size", vector.size(),
                                    "cgroupPeakBytes", MemoryProbe.cgroupPeakBytes());
                        }
                    }
                } catch (BudgetExceededException e) {
                    refusal = e;
                }
                Driver.check(vector.size() == pushed, "the refused push changed the size: " + vector.size()
                        + " != " + pushed);
                Driver.check(vector.get(pushed - 1) == pushed - 1, "the last element survived the refusal");
                Driver.check(refusal.committed() + refusal.requested() > refusal.budget(),
                        "the refusal's numbers: " + refusal.getMessage());
                Driver.check(budget.committedBytes() <= budget.budget(), "committed past the budget");
                log.phase("refused", round, vector.committedBytes(), "size", vector.size(),
                        "budgetBytes", refusal.budget(), "refusedCommitted", refusal.committed(),
                        "requestedBytes", refusal.requested(), "refusals", budget.refusals(),
                        "cgroupPeakBytes", MemoryProbe.cgroupPeakBytes(), "message", refusal.getMessage());
                vector.clear();
                log.phase("cleared", round, vector.committedBytes(), "mmsbCommittedBytes", budget.committedBytes());
            }
        }
    }
}
