package dev.mmsb.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof that decommit gives memory back: each scenario runs the driver in a container with a hard memory limit
 * (memory = memory+swap) on both backends and checks the container's own cgroup memory usage, not MMSB's counters
 * alone. Scenario 2 is the control: the same work without decommit is OOM-killed, so the limit is real.
 */
@ExtendWith(DockerAvailable.class)
@TestMethodOrder(MethodOrderer.MethodName.class)
class MemoryLimitIT {
    private static final long MIB = 1L << 20;
    /** How far above its baseline the container's usage may be once MMSB has given the memory back. */
    private static final long BACK_NEAR_BASELINE = 40 * MIB;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"panama", "unsafe"})
    void scenario1DecommitIsObservedUnderTheLimit(String backend) {
        DriverRun run = DriverContainer.run("vector-rounds", backend, 256 * MIB, null, "rounds=4", "mib=150");
        run.assertCompleted(backend);
        PhaseLine baseline = run.only("baseline");
        List<PhaseLine> fills = run.all("fill");
        List<PhaseLine> clears = run.all("clear");
        assertEquals(4, fills.size(), run::toString);
        assertEquals(4, clears.size(), run::toString);
        for (PhaseLine fill : fills) {
            // The fill really took memory: the limit is what the test says it is about.
            assertAbove(fill, baseline, 150 * MIB * 9 / 10, run);
            assertTrue(fill.committedBytes() >= 150 * MIB, run::toString);
        }
        for (PhaseLine clear : clears) {
            assertNearBaseline(clear, baseline, run);
            assertTrue(clear.committedBytes() <= MIB, () -> "committed after clear\n" + run);
        }
        report("scenario 1 (fill 150 MiB, clear; 4 rounds; limit 256 MiB)", run, baseline,
                "after fill", fills, "after clear", clears);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"panama", "unsafe"})
    void scenario2WithoutDecommitTheContainerIsOomKilled(String backend) {
        DriverRun run = DriverContainer.run("vector-rounds", backend, 256 * MIB, null, "rounds=4", "mib=150",
                "policy=never", "fresh=true");
        assertTrue(run.oomKilled() || run.exitCode() == 137, () -> "expected an OOM kill\n" + run);
        assertFalse(run.has("done"), run::toString);
        PhaseLine baseline = run.only("baseline");
        PhaseLine firstClear = run.all("clear").get(0);
        // Clearing a never-shrinking vector gives nothing back: the memory stays charged to the container.
        assertAbove(firstClear, baseline, 150 * MIB * 9 / 10, run);
        assertTrue(run.all("fill").size() < 4, run::toString);
        System.out.printf("mmsb-it | scenario 2 | %-6s | OOM-killed=%s exit=%d after %d fill(s); after the first"
                        + " clear %s (baseline %s) | %d ms%n", backend, run.oomKilled(), run.exitCode(),
                run.all("fill").size(), mib(firstClear.cgroupBytes()), mib(baseline.cgroupBytes()), run.wallMs());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"panama", "unsafe"})
    void scenario3SeedAtScale(String backend) {
        DriverRun run = DriverContainer.run("seed", backend, 384 * MIB, null, "count=" + (64L << 20));
        run.assertCompleted(backend);
        PhaseLine baseline = run.only("baseline");
        PhaseLine push = run.only("push");
        PhaseLine pop = run.only("pop");
        PhaseLine pushAgain = run.only("push-again");
        run.only("verified");
        assertEquals(256 * MIB, push.committedBytes(), run::toString);
        assertAbove(push, baseline, 256 * MIB * 9 / 10, run);
        assertNearBaseline(pop, baseline, run);
        assertTrue(pop.committedBytes() <= MIB, () -> "committed after the pops\n" + run);
        assertAbove(pushAgain, baseline, 256 * MIB * 9 / 10, run);
        report("scenario 3 (64 M ints: push, pop, push; limit 384 MiB)", run, baseline,
                "after push", List.of(push), "after pop", List.of(pop));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"panama", "unsafe"})
    void scenario4QueueStreamsTwoGibThroughThirtyTwoMib(String backend) {
        DriverRun run = DriverContainer.run("queue-stream", backend, 128 * MIB, null, "totalMib=2048", "holdMib=32");
        run.assertCompleted(backend);
        PhaseLine baseline = run.only("baseline");
        PhaseLine drained = run.only("drained");
        List<PhaseLine> stream = run.all("stream");
        assertEquals(8, stream.size(), run::toString);
        assertEquals(2048 * MIB, drained.number("streamedBytes"), run::toString);
        long slack = baseline.number("slackBytes");
        assertTrue(drained.number("maxCommittedBytes") <= 32 * MIB + slack + MIB,
                () -> "the queue committed more than it holds plus its slack\n" + run);
        for (PhaseLine line : stream) {
            assertTrue(line.cgroupBytes() - baseline.cgroupBytes() <= 32 * MIB + BACK_NEAR_BASELINE,
                    () -> "usage grew with the traffic, not the queue's size\n" + run);
        }
        assertNearBaseline(drained, baseline, run);
        report("scenario 4 (2 GiB through a 32 MiB queue; limit 128 MiB)", run, baseline,
                "streaming", stream, "drained", List.of(drained));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"panama", "unsafe"})
    void scenario5PageAllocatorAndItsRecording(String backend) throws Exception {
        int pages = 1000;
        long pageBytes = 256 << 10;
        Path out = DriverContainer.outDir("pages-" + backend);
        DriverRun run = DriverContainer.run("pages", backend, 384 * MIB, out, "pages=" + pages, "pageKib=256",
                "jfr=/out/pages.jfr");
        run.assertCompleted(backend);
        PhaseLine baseline = run.only("baseline");
        PhaseLine allocate = run.only("allocate");
        PhaseLine write = run.only("write");
        PhaseLine decommit = run.only("decommit-half");
        PhaseLine free = run.only("free");

        // The cgroup usage follows: reserving costs nothing, writing costs the pages, decommit and free give back.
        assertNearBaseline(allocate, baseline, run);
        assertEquals(pages * pageBytes, write.committedBytes(), run::toString);
        assertAbove(write, baseline, pages * pageBytes * 9 / 10, run);
        assertEquals(pages / 2 * pageBytes, decommit.committedBytes(), run::toString);
        assertTrue(write.cgroupBytes() - decommit.cgroupBytes() >= pages / 2 * pageBytes * 9 / 10,
                () -> "decommitting half the pages did not lower the usage by half\n" + run);
        assertEquals(0, free.committedBytes(), run::toString);
        assertNearBaseline(free, baseline, run);

        // One event per operation, per page.
        Path recording = out.resolve("pages.jfr");
        assertTrue(Files.size(recording) > 0, () -> "no recording at " + recording + "\n" + run);
        JfrPageEvents events = JfrPageEvents.read(recording, backend);
        assertEquals(List.of(), events.anomalies, "events that failed or came from another backend");
        assertEquals(pages, events.pageOps.size(), "page ids with events");
        assertEquals(pages * 5 + pages / 2, events.pageEvents, "page events");
        assertEquals(pages * 3 + pages / 2, events.memoryEvents, "memory events");
        for (long id = 0; id < pages; id++) {
            boolean decommitted = id % 2 == 0;
            Map<String, Integer> expectedPage = decommitted
                    ? Map.of("allocate", 1, "commit", 1, "write", 1, "read", 1, "decommit", 1, "free", 1)
                    : Map.of("allocate", 1, "commit", 1, "write", 1, "read", 1, "free", 1);
            assertEquals(expectedPage, events.pageOps.get(id), "page events of page " + id);
            Map<String, Integer> expectedMemory = decommitted
                    ? Map.of("reserve", 1, "commit", 1, "decommit", 1, "release", 1)
                    : Map.of("reserve", 1, "commit", 1, "release", 1);
            assertEquals(expectedMemory, events.memoryOps.get(events.pageAddress.get(id)),
                    "memory events at page " + id + "'s reservation");
        }
        report("scenario 5 (1000 pages of 256 KiB; limit 384 MiB; " + events.pageEvents + " page + "
                        + events.memoryEvents + " memory events)", run, baseline,
                "after write", List.of(write), "after decommit-half/free", List.of(decommit, free));
    }

    /** Scenario 8: scenario 4's traffic between two threads, through the SPSC queue. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"panama", "unsafe"})
    void scenario8SpscQueueStreamsTwoGibBetweenTwoThreads(String backend) {
        DriverRun run = DriverContainer.run("spsc-stream", backend, 128 * MIB, null, "totalMib=2048", "holdMib=32");
        run.assertCompleted(backend);
        PhaseLine baseline = run.only("baseline");
        PhaseLine drained = run.only("drained");
        List<PhaseLine> stream = run.all("stream");
        assertEquals(8, stream.size(), run::toString);
        assertEquals(2048 * MIB, drained.number("streamedBytes"), run::toString);
        long bound = baseline.number("boundBytes");
        assertTrue(drained.number("maxCommittedBytes") <= bound,
                () -> "the queue committed more than its documented bound\n" + run);
        assertTrue(drained.number("maxCommittedBytes") >= 32 * MIB, () -> "the queue never filled\n" + run);
        for (PhaseLine line : stream) {
            assertTrue(line.cgroupBytes() - baseline.cgroupBytes() <= 32 * MIB + BACK_NEAR_BASELINE,
                    () -> "usage grew with the traffic, not the queue's size\n" + run);
        }
        assertNearBaseline(drained, baseline, run);
        report("scenario 8 (2 GiB between two threads through a 32 MiB SPSC queue; limit 128 MiB)", run, baseline,
                "streaming", stream, "drained", List.of(drained));
    }

    private static void assertAbove(PhaseLine line, PhaseLine baseline, long atLeast, DriverRun run) {
        long grown = line.cgroupBytes() - baseline.cgroupBytes();
        assertTrue(grown >= atLeast, () -> line.phase() + " round " + line.round() + ": usage grew by " + mib(grown)
                + ", expected at least " + mib(atLeast) + "\n" + run);
    }

    private static void assertNearBaseline(PhaseLine line, PhaseLine baseline, DriverRun run) {
        long above = line.cgroupBytes() - baseline.cgroupBytes();
        assertTrue(above <= BACK_NEAR_BASELINE, () -> line.phase() + " round " + line.round() + ": usage is "
                + mib(above) + " above the baseline, more than " + mib(BACK_NEAR_BASELINE) + "\n" + run);
    }

    /** One line per run with the numbers, for the build log (and the README). */
    private static void report(String title, DriverRun run, PhaseLine baseline, String firstLabel,
                               List<PhaseLine> first, String secondLabel, List<PhaseLine> second) {
        System.out.printf("mmsb-it | %s | %-6s | cgroup: baseline %s | %s %s | %s %s | VmRSS baseline %s | %d ms%n",
                title, baseline.backend(), mib(baseline.cgroupBytes()), firstLabel, cgroup(first), secondLabel,
                cgroup(second), mib(baseline.vmRssBytes()), run.wallMs());
    }

    private static String cgroup(List<PhaseLine> lines) {
        return lines.stream().map(l -> mib(l.cgroupBytes())).collect(Collectors.joining(", "));
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (double) MIB);
    }
}
