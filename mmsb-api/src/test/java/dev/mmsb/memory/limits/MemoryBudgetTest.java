package dev.mmsb.memory.limits;

import dev.mmsb.memory.BudgetExceededException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The budget's accounting and settings on their own; {@code MemoryBudgetContract} runs them on real backends. */
class MemoryBudgetTest {
    private static final long PAGE = 4096;

    private static MemoryBudget fresh() {
        return new MemoryBudget(new CgroupMemory(Path.of("/nonexistent"), Path.of("/nonexistent"),
                Path.of("/nonexistent")));
    }

    /**
     * Several threads, a million commit/decommit pairs each, against a budget they contend for: the CAS loop never
     * lets the total pass the budget, every refusal changes nothing, and at the end nothing is left counted.
     */
    @Test
    void concurrentCommitsNeverPassTheBudgetAndLeaveNoDrift() throws Exception {
        MemoryBudget budget = fresh();
        int threads = 4;
        int pairs = 1_000_000;
        budget.setBudget(6 * PAGE); // fewer pages than threads want at once (up to 2 each): some must be refused
        AtomicLong overBudget = new AtomicLong();
        AtomicLong granted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String backend = t % 2 == 0 ? "panama" : "unsafe";
            long bytes = (1 + t % 2) * PAGE;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    long ok = 0;
                    long no = 0;
                    for (int i = 0; i < pairs; i++) {
                        if (budget.tryCommit(backend, bytes)) {
                            if (budget.committedBytes() > 6 * PAGE) {
                                overBudget.incrementAndGet();
                            }
                            ok++;
                            budget.uncommitted(backend, bytes);
                        } else {
                            no++;
                        }
                    }
                    granted.addAndGet(ok);
                    refused.addAndGet(no);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(List.of(), failures);
        assertEquals((long) threads * pairs, granted.get() + refused.get());
        assertTrue(granted.get() > 0, "some commits fit");
        assertEquals(0, overBudget.get(), "the total passed the budget");
        assertEquals(0, budget.committedBytes(), "drift after " + granted.get() + " pairs");
        assertEquals(0, budget.committedBytes("panama"));
        assertEquals(0, budget.committedBytes("unsafe"));
    }

    @Test
    void withoutABudgetEveryCommitFitsAndIsCounted() throws Exception {
        MemoryBudget budget = fresh();
        assertEquals(MemoryBudget.NONE, budget.budget());
        Thread[] workers = new Thread[4];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = new Thread(() -> {
                for (int i = 0; i < 500_000; i++) {
                    assertTrue(budget.tryCommit("panama", PAGE));
                    budget.uncommitted("panama", PAGE);
                }
                assertTrue(budget.tryCommit("panama", PAGE)); // one each stays
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(4 * PAGE, budget.committedBytes());
        assertEquals(4 * PAGE, budget.committedBytes("panama"));
    }

    @Test
    void sizesAndPercentages() {
        MemoryBudget budget = fresh();
        budget.setBudget("512m");
        assertEquals(512L << 20, budget.budget());
        budget.setBudget("2G");
        assertEquals(2L << 30, budget.budget());
        budget.setBudget("1024k");
        assertEquals(1L << 20, budget.budget());
        budget.setBudget("64M");
        assertEquals(64L << 20, budget.budget());
        budget.setBudget("16mb");
        assertEquals(16L << 20, budget.budget());
        budget.setBudget("123456");
        assertEquals(123456, budget.budget());
        budget.setBudget("none");
        assertEquals(MemoryBudget.NONE, budget.budget());
        for (String bad : new String[] {"", "-1", "0", "12q", "m", "0%", "101%", "x%", "99999999999t"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> budget.setBudget(bad),
                    bad);
            assertTrue(e.getMessage().contains("mmsb.budget=" + bad), e.getMessage());
        }
        // A percentage needs a limit to be a share of.
        assertThrows(IllegalArgumentException.class, () -> budget.setBudget("75%"));
        assertThrows(IllegalArgumentException.class, () -> budget.setBudget(0));
    }

    /**
     * A malformed {@code -Dmmsb.budget} at start-up: the class still initialises, and every commit then fails with an
     * exception that quotes the setting, counting nothing, until a valid budget is set; it never runs unbudgeted.
     */
    @Test
    void aMalformedStartupSettingRefusesEveryCommitByNameUntilAValidBudgetIsSet() {
        MemoryBudget budget = fresh();
        budget.applyStartupSetting(" 12q ");
        assertTrue(budget.setting().contains("mmsb.budget= 12q  is not a budget"), budget.setting());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> budget.tryCommit("panama", PAGE));
        assertTrue(e.getMessage().contains("mmsb.budget= 12q  is not a budget"), e.getMessage());
        assertTrue(e.getMessage().contains("fix -Dmmsb.budget"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals(0, budget.committedBytes());
        assertTrue(budget.tryCommit("panama", 0), "a commit of nothing needs no budget");

        budget.setBudget("1m");
        assertTrue(budget.tryCommit("panama", PAGE));
        assertEquals(PAGE, budget.committedBytes());

        MemoryBudget cleared = fresh();
        cleared.applyStartupSetting("101%");
        assertThrows(IllegalStateException.class, () -> cleared.tryCommit("unsafe", PAGE));
        cleared.clearBudget();
        assertTrue(cleared.tryCommit("unsafe", PAGE));

        MemoryBudget unset = fresh();
        unset.applyStartupSetting(null);
        unset.applyStartupSetting("  ");
        assertEquals(MemoryBudget.NONE, unset.budget());
        assertTrue(unset.tryCommit("unsafe", PAGE));
    }

    @Test
    void aRefusalNamesTheBudgetTheCommittedTheRequestAndTheLargestHolders() {
        MemoryBudget budget = fresh();
        budget.setBudget(10 * PAGE);
        assertTrue(budget.tryCommit("unsafe", 7 * PAGE));
        assertTrue(!budget.tryCommit("unsafe", 4 * PAGE));
        BudgetExceededException e = budget.refuse("commit", "unsafe", 0x1000, 4 * PAGE, 4 * PAGE);
        assertEquals(10 * PAGE, e.budget());
        assertEquals(7 * PAGE, e.committed());
        assertEquals(4 * PAGE, e.requested());
        assertEquals(12, e.errno());
        assertEquals(List.of("reservations outside MMSB's structures: " + 7 * PAGE + " bytes"), e.holders());
        assertTrue(e.getMessage().contains("commit budget of " + 10 * PAGE + " bytes"), e.getMessage());
        assertEquals(1, budget.refusals());
        assertEquals(7 * PAGE, budget.committedBytes(), "a refusal changes nothing");
    }
}
