package dev.mmsb.memory.limits;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cgroup v1 and v2 files and /proc/meminfo, from fixture trees laid out as the kernel lays them out. */
class CgroupMemoryTest {
    private static final long MIB = 1L << 20;

    private static Path fixture(String name) {
        try {
            return Path.of(CgroupMemoryTest.class.getResource("/cgroup/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static CgroupMemory tree(String name, String procSelfCgroup) {
        return new CgroupMemory(fixture(name).resolve("sys"), fixture(name).resolve(procSelfCgroup),
                fixture("meminfo"));
    }

    @Test
    void parsesTheFilesFormats() {
        assertEquals(-1, CgroupMemory.parseV2Max("max\n"));
        assertEquals(268435456, CgroupMemory.parseV2Max("268435456\n"));
        assertEquals(-1, CgroupMemory.parseV2Max(""));
        assertEquals(-1, CgroupMemory.parseV2Max("12x"));
        assertEquals(201326592, CgroupMemory.parseV1Limit("201326592\n"));
        assertEquals(-1, CgroupMemory.parseV1Limit("9223372036854771712\n"), "v1's 'no limit'");
        assertEquals(-1, CgroupMemory.parseV1Limit("99999999999999999999"), "past a long");
        assertEquals(16303928L * 1024, CgroupMemory.parseMemTotal("MemTotal:       16303928 kB\nMemFree: 1 kB\n"));
        assertEquals(-1, CgroupMemory.parseMemTotal("MemFree: 1 kB\n"));
    }

    @Test
    void v2TakesTheSmallestLimitFromTheProcessCgroupUp() {
        CgroupMemory.Limit limit = tree("v2", "proc-self-cgroup").limit();
        assertEquals(256 * MIB, limit.bytes);
        assertTrue(limit.source.startsWith("cgroup v2 "), limit.source);
        assertTrue(limit.source.endsWith("app.scope/memory.max"), limit.source);
    }

    @Test
    void v2MaxMeansNoLimitSoPhysicalMemory() {
        CgroupMemory memory = tree("v2max", "proc-self-cgroup");
        assertNull(memory.cgroupLimit());
        CgroupMemory.Limit limit = memory.limit();
        assertEquals(16303928L * 1024, limit.bytes);
        assertTrue(limit.source.startsWith("physical memory"), limit.source);
    }

    @Test
    void v1ReadsTheMemoryControllersPathAndItsParents() {
        CgroupMemory.Limit limit = tree("v1", "proc-self-cgroup").limit();
        assertEquals(96 * MIB, limit.bytes, limit.toString());
        assertTrue(limit.source.startsWith("cgroup v1 ") && limit.source.endsWith("abc/memory.limit_in_bytes"),
                limit.source);
    }

    @Test
    void v1ContainerThatSeesTheHostsPathReadsTheMountsRoot() {
        CgroupMemory.Limit limit = tree("v1", "proc-self-cgroup-elsewhere").limit();
        assertEquals(192 * MIB, limit.bytes, limit.toString());
    }

    @Test
    void v1UnlimitedMeansPhysicalMemory() {
        assertNull(tree("v1unlimited", "proc-self-cgroup").cgroupLimit());
        assertEquals(16303928L * 1024, tree("v1unlimited", "proc-self-cgroup").limit().bytes);
    }

    @Test
    void hybridModeReadsV1WhenTheUnifiedTreeHasNoMemoryController() {
        CgroupMemory.Limit limit = tree("hybrid", "proc-self-cgroup").limit();
        assertEquals(128 * MIB, limit.bytes, limit.toString());
        assertTrue(limit.source.startsWith("cgroup v1 "), limit.source);
    }

    @Test
    void noCgroupAndNoMeminfoIsUnknown() {
        CgroupMemory memory = new CgroupMemory(fixture("none").resolve("sys"),
                fixture("none").resolve("proc-self-cgroup"), fixture("none").resolve("no-such-meminfo"));
        assertNull(memory.cgroupLimit());
        assertEquals(-1, memory.limit().bytes);
    }

    @Test
    void percentBudgetIsAShareOfTheContainersLimit() {
        MemoryBudget budget = new MemoryBudget(tree("v2", "proc-self-cgroup"));
        budget.setBudget("75%");
        assertEquals(192 * MIB, budget.budget());
        assertTrue(budget.setting().contains("cgroup v2"), budget.setting());
        budget.setBudget("12.5%");
        assertEquals(32 * MIB, budget.budget());
    }
}
