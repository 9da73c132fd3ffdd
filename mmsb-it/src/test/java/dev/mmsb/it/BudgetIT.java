package dev.mmsb.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commit budget under a real container limit, on both backends: with {@code -Dmmsb.budget=75%} a vector that
 * outgrows the container is refused with an exception it catches, three times, and the container's peak usage stays
 * under its limit; without the budget the same run is OOM-killed. And a queue's slack, trimmed on its own thread when
 * asked, makes room for a vector that needs it.
 */
@ExtendWith(DockerAvailable.class)
@TestMethodOrder(MethodOrderer.MethodName.class)
class BudgetIT {
    private static final long MIB = 1L << 20;
    private static final long LIMIT = 256 * MIB;
    private static final List<String> BUDGET = List.of("-Dmmsb.budget=75%");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"panama", "unsafe"})
    void scenario6AVectorIsRefusedAtTheBudgetInsteadOfKilled(String backend) {
        DriverRun run = DriverContainer.run("budget", backend, LIMIT, null, BUDGET, "rounds=3");
        run.assertCompleted(backend);
        PhaseLine baseline = run.only("baseline");
        // MMSB read the container's real cgroup file, and the budget is 75 % of it.
        assertEquals(LIMIT, baseline.number("containerLimitBytes"), run::toString);
        assertTrue(baseline.text("containerLimitSource").startsWith("cgroup v"), run::toString);
        assertEquals(LIMIT / 4 * 3, baseline.number("budgetBytes"), run::toString);
        List<PhaseLine> refusals = run.all("refused");
        List<PhaseLine> clears = run.all("cleared");
        assertEquals(3, refusals.size(), run::toString);
        assertEquals(3, clears.size(), run::toString);
        for (int i = 0; i < 3; i++) {
            PhaseLine refused = refusals.get(i);
            assertEquals(i + 1, refused.number("refusals"), run::toString);
            assertEquals(LIMIT / 4 * 3, refused.number("budgetBytes"), run::toString);
            assertTrue(refused.number("refusedCommitted") + refused.number("requestedBytes") > LIMIT / 4 * 3,
                    run::toString);
            // The vector really filled memory before the refusal: half the budget or more.
            assertTrue(refused.committedBytes() >= LIMIT * 3 / 8, run::toString);
            assertTrue(refused.text("message").contains("Largest holders: MappedLongVector@"), run::toString);
            assertTrue(refused.number("cgroupPeakBytes") < LIMIT, () -> "the peak reached the limit\n" + run);
            assertTrue(clears.get(i).committedBytes() <= MIB, run::toString);
        }
        long peak = refusals.get(2).number("cgroupPeakBytes");
        System.out.printf("mmsb-it | scenario 6 (budget 75%% of 256 MiB) | %-6s | 3 refusals at %s committed,"
                        + " asking %s more; container peak %s of %s; exit %d | %d ms%n", backend,
                mib(refusals.get(0).committedBytes()), mib(refusals.get(0).number("requestedBytes")), mib(peak),
                mib(LIMIT), run.exitCode(), run.wallMs());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"panama", "unsafe"})
    void scenario6ControlWithoutABudgetIsOomKilled(String backend) {
        DriverRun run = DriverContainer.run("budget", backend, LIMIT, null, List.of(), "rounds=3");
        assertTrue(run.oomKilled() || run.exitCode() == 137, () -> "expected an OOM kill\n" + run);
        assertFalse(run.has("refused"), run::toString);
        assertFalse(run.has("done"), run::toString);
        assertEquals(-1, run.only("baseline").number("budgetBytes"), run::toString);
        System.out.printf("mmsb-it | scenario 6 control (no budget, 256 MiB) | %-6s | OOM-killed=%s exit=%d after"
                        + " %d progress lines | %d ms%n", backend, run.oomKilled(), run.exitCode(),
                run.all("pushing").size(), run.wallMs());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"panama", "unsafe"})
    void scenario7TheQueuesSlackIsTrimmedForTheVector(String backend) {
        DriverRun run = DriverContainer.run("budget-trim", backend, LIMIT, null, BUDGET, "slackMib=128",
                "burstMib=80", "streamMib=480", "vectorMib=100");
        run.assertCompleted(backend);
        PhaseLine streamed = run.only("streamed");
        PhaseLine filled = run.only("filled");
        // The queue kept 128 MiB of slack after streaming; the vector needed 128 MiB committed on top of it, past the
        // 192 MiB budget; the queue's thread trimmed, and the vector got it without a refusal.
        assertEquals(128 * MIB, streamed.number("queueCommittedBytes"), run::toString);
        assertEquals(128 * MIB, filled.committedBytes(), run::toString);
        assertTrue(filled.number("trims") >= 1, run::toString);
        assertTrue(filled.number("trimmedBytes") >= 128 * MIB, run::toString);
        assertEquals(0, filled.number("queueCommittedBytes"), run::toString);
        assertEquals(0, filled.number("refusals"), run::toString);
        assertTrue(filled.number("cgroupPeakBytes") < LIMIT, run::toString);
        System.out.printf("mmsb-it | scenario 7 (queue slack trimmed for a vector; budget 75%% of 256 MiB) | %-6s |"
                        + " queue slack %s -> %s, vector %s, %d trim(s), container peak %s | %d ms%n", backend,
                mib(streamed.number("queueCommittedBytes")), mib(filled.number("queueCommittedBytes")),
                mib(filled.committedBytes()), filled.number("trims"), mib(filled.number("cgroupPeakBytes")),
                run.wallMs());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"panama", "unsafe"})
    void scenario7ControlWithoutTheTrimWaitTheVectorIsRefused(String backend) {
        DriverRun run = DriverContainer.run("budget-trim", backend, LIMIT, null,
                List.of("-Dmmsb.budget=75%", "-Dmmsb.budget.trimWaitMillis=0"), "slackMib=128", "burstMib=80",
                "streamMib=480", "vectorMib=100");
        run.assertCompleted(backend);
        assertFalse(run.has("filled"), run::toString);
        PhaseLine refused = run.only("refused");
        assertEquals(1, refused.number("refusals"), run::toString);
        assertTrue(refused.text("message").contains("MappedLongQueue@"), () -> "the queue is a holder\n" + run);
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (double) MIB);
    }
}
