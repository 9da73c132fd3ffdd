package dev.mmsb.bench;

import dev.mmsb.bench.report.Score;
import dev.mmsb.bench.report.Tables;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.BudgetExceededException;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.limits.MemoryBudget;
import dev.mmsb.vector.MappedIntVector;
import dev.mmsb.vector.VectorOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A short look at what MMSB does, on every backend this JVM can run: reserve address space, commit and touch
 * memory, give it back, and watch the process's resident memory follow; then a quick run of the key benchmarks with
 * both backends and the peers side by side; last, the commit budget refusing a vector that would have outgrown it.
 * Run it with {@code mvn -q -P tour -pl mmsb-bench -am verify -DskipTests}.
 */
public final class Tour {
    private static final long MIB = 1 << 20;
    private static final int PUSHES = 64 << 20;

    private Tour() {
    }

    public static void main(String[] args) {
        System.out.printf("MMSB tour on JDK %s; backends that run here: %s%n", Runtime.version(), Backends.available());
        if (Backends.unavailableReason(Backends.PANAMA) != null) {
            System.out.printf("NOTE: the Panama backend needs JDK 25 or newer (this is JDK %d): running the Unsafe "
                    + "parts only. The Maven command finds an installed JDK 25 through toolchains by itself.%n",
                    Runtime.version().feature());
        }
        for (String name : new String[]{Backends.PANAMA, Backends.UNSAFE}) {
            String reason = Backends.unavailableReason(name);
            if (reason != null) {
                System.out.printf("%n[%s] skipped: %s%n", name, reason);
                continue;
            }
            Backend backend = Backends.load(name);
            paging(backend);
            vector(backend);
        }

        System.out.printf("%nQuick benchmarks: %s. Short runs, so rough;%nthe published numbers are in "
                + "mmsb-bench/results/TABLE.md (scripts/bench-run.sh).%n", QuickBench.describe());
        List<Score> scores = QuickBench.run();
        System.out.printf("%n%s", new Tables(scores).markdown());
        System.out.printf("Any benchmark: scripts/bench-jar.sh [JMH options], which runs mmsb-bench/target/"
                + "mmsb-bench.jar on a JDK 25 (-l lists them, -h shows JMH's options).%n");
        budget(Backends.load());
    }

    /**
     * The commit budget: a vector that pushes without end is refused at 192 MiB (75 % of a 256 MiB container) with an
     * exception it catches, where without the budget, in such a container, the kernel would have killed the process.
     */
    static void budget(Backend backend) {
        MemoryBudget budget = MemoryBudget.process();
        long limit = 256 * MIB;
        System.out.printf("%n[%s] commit budget: 75%% of a 256 MiB container (-Dmmsb.budget=75%% reads the real limit"
                + " from the cgroup; here %d MiB from %s)%n", backend.name(), budget.containerLimit() / MIB,
                budget.containerLimitSource());
        budget.setBudget(limit / 4 * 3);
        try (MappedIntVector vector = MappedIntVector.create(backend)) {
            long pushed = 0;
            try {
                while (true) {
                    vector.push((int) pushed);
                    pushed++;
                }
            } catch (BudgetExceededException e) {
                row("push until refused: " + (pushed >> 20) + " M ints", vector.committedBytes());
                System.out.printf("  refused: the vector asked for %d MiB more on top of %d MiB; budget %d MiB;"
                        + " the vector still holds its %d M ints%n", e.requested() / MIB, e.committed() / MIB,
                        e.budget() / MIB, vector.size() >> 20);
                System.out.printf("  without the budget that commit would have taken the vector to %d MiB: in a"
                        + " 256 MiB container the kernel kills the process (exit 137, no exception; mmsb-it scenario"
                        + " 6's control)%n", (e.committed() + e.requested()) / MIB);
            }
            vector.clear();
            row("clear(): pages decommitted", vector.committedBytes());
        } finally {
            budget.clearBudget();
        }
    }

    /** Reserve, commit, write, decommit: RSS follows, and a read of decommitted memory is refused. */
    static void paging(Backend backend) {
        long size = 256 * MIB;
        System.out.printf("%n[%s] page size %d bytes%n", backend.name(), backend.pageSize());
        try (Reservation memory = backend.reserve(64L << 30)) {
            row("reserve 64 GiB of address space", memory.committedBytes());
            memory.commit(0, size);
            for (long offset = 0; offset < size; offset += backend.pageSize()) {
                memory.putLong(offset, offset);
            }
            row("commit + write 256 MiB", memory.committedBytes());
            memory.decommit(0, size);
            row("decommit 256 MiB", memory.committedBytes());
            try {
                memory.getLong(0);
            } catch (IllegalStateException e) {
                System.out.printf("  read after decommit is refused: %s%n", e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Grow a vector to 64 M ints, then clear it: clear() decommits, so RSS drops back. Twice: with the defaults (huge
     * pages and populate steps) and with both off (a page fault per 4 KiB), timing the growth of each.
     */
    static void vector(Backend backend) {
        VectorOptions[] options = {VectorOptions.defaults(),
                VectorOptions.defaults().withHugePages(false).withPopulateStepBytes(0)};
        String[] names = {"huge pages + populate (default)", "4 KiB pages (hugePages(false), populate off)"};
        for (int o = 0; o < options.length; o++) {
            System.out.printf("  MappedIntVector, %s:%n", names[o]);
            try (MappedIntVector vector = MappedIntVector.create(backend, options[o])) {
                row("MappedIntVector.create (32 GiB reserved)", vector.committedBytes());
                long start = System.nanoTime();
                for (int i = 0; i < PUSHES; i++) {
                    vector.push(i);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                row("push 64 M ints (" + millis + " ms)", vector.committedBytes());
                vector.clear();
                row("clear(): pages decommitted", vector.committedBytes());
            }
        }
    }

    private static void row(String what, long committed) {
        System.out.printf("  %-38s RSS %5d MiB   committed %4d MiB%n", what, rss() / MIB, committed / MIB);
    }

    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
