package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.spi.AbstractReservation;
import dev.mmsb.memory.spi.HugePages;
import dev.mmsb.testing.ProcSelf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Huge pages and populate steps, on by default: growth gets huge pages and stays within the data plus one step of
 * resident memory, small vectors stay small, clear still gives the memory back, and both can be turned off.
 */
class HugePageVectorTest {
    private static final long MIB = 1 << 20;

    private static long address(AbstractMappedVector v) {
        return ((AbstractReservation) v.memory()).address();
    }

    /** Resident bytes of the vector's committed prefix (one kernel mapping), from /proc/self/smaps. */
    private static long resident(AbstractMappedVector v) {
        return v.committedBytes() == 0 ? 0 : ProcSelf.smapsBytes(address(v), v.committedBytes(), "Rss:");
    }

    private static long hugeResident(AbstractMappedVector v) {
        return v.committedBytes() == 0 ? 0 : ProcSelf.smapsBytes(address(v), v.committedBytes(), "AnonHugePages:");
    }

    private static void assumeHugePages() {
        assumeTrue(HugePages.mode().equals("madvise") || HugePages.mode().equals("always"),
                "transparent huge pages are " + HugePages.mode());
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void aVectorOfTenIntsCostsFarLessThanAHugePage(Backend backend) {
        int count = 1_000;
        List<MappedIntVector> vectors = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) { // warm up the code paths and the classes
                vectors.add(filled(backend, 10));
            }
            long before = ProcSelf.rssBytes();
            for (int i = 0; i < count; i++) {
                vectors.add(filled(backend, 10));
            }
            long delta = ProcSelf.rssBytes() - before;
            for (MappedIntVector v : vectors) {
                assertEquals(backend.pageSize(), v.committedBytes(), v.toString());
                assertEquals(9, v.get(9));
            }
            for (MappedIntVector v : vectors.subList(vectors.size() - 10, vectors.size())) {
                assertEquals(backend.pageSize(), resident(v), "resident bytes of a ten-int vector");
                assertEquals(0, hugeResident(v));
            }
            // A huge page each would be 2,000 MiB; 1,000 pages of data are 4 MiB, and the Java objects (a page map
            // index of a few KiB per 32 GiB reservation) a few MiB more.
            assertTrue(delta < count * 64 * 1024L, count + " ten-int vectors grew VmRSS by " + delta / MIB + " MiB");
        } finally {
            vectors.forEach(MappedIntVector::close);
        }
    }

    private static MappedIntVector filled(Backend backend, int n) {
        MappedIntVector v = MappedIntVector.create(backend);
        for (int i = 0; i < n; i++) {
            v.push(i);
        }
        return v;
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void growingPastSeveralHugePagesGetsThemAndClearGivesTheMemoryBack(Backend backend) {
        assumeHugePages();
        int n = 16 << 20; // 64 MiB of ints: 32 huge pages
        try (MappedIntVector v = MappedIntVector.create(backend)) {
            long before = ProcSelf.rssBytes();
            for (int i = 0; i < n; i++) {
                v.push(i);
            }
            long full = ProcSelf.rssBytes();
            long huge = hugeResident(v);
            assertTrue(huge >= 48 * MIB, "AnonHugePages of a 64 MiB vector: " + huge / MIB + " MiB");
            assertEquals(0, v.committedBytes() % HugePages.size(), "committed " + v.committedBytes());
            v.clear();
            long empty = ProcSelf.rssBytes();
            assertEquals(backend.pageSize(), v.committedBytes());
            assertEquals(0, hugeResident(v));
            String report = backend.name() + ": VmRSS before " + before / MIB + " MiB, full " + full / MIB
                    + " MiB (AnonHugePages " + huge / MIB + " MiB), after clear " + empty / MIB + " MiB";
            System.out.println(report);
            assertTrue(full - empty >= 56 * MIB, report);
            for (int i = 0; i < n; i++) {
                v.push(-i);
            }
            assertEquals(-(n - 1), v.get(n - 1));
            assertEquals(0, v.get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void residentMemoryStaysWithinTheDataAndOneStep(Backend backend) {
        long step = VectorOptions.DEFAULT_POPULATE_STEP_BYTES;
        try (MappedIntVector v = MappedIntVector.create(backend)) {
            long worst = 0;
            for (int i = 1; i <= 12 << 20; i++) { // 48 MiB
                v.push(i);
                if ((i & ((1 << 18) - 1)) == 0) {
                    long data = 4L * i;
                    long resident = resident(v);
                    assertTrue(resident <= data + step + HugePages.size(), "resident " + resident / 1024
                            + " KiB for " + data / 1024 + " KiB of data; committed " + v.committedBytes() / 1024);
                    worst = Math.max(worst, resident - data);
                }
            }
            assertTrue(v.committedBytes() >= 64 * MIB, "grew by doubling: " + v.committedBytes());
            assertTrue(worst > 0, "populate ran ahead of the data by " + worst);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void hugePagesAndPopulateTurnOff(Backend backend) {
        assumeTrue(!HugePages.mode().equals("always"), "THP always gives huge pages without advice");
        VectorOptions plain = VectorOptions.defaults().withHugePages(false).withPopulateStepBytes(0);
        try (MappedIntVector v = MappedIntVector.create(backend, plain)) {
            for (int i = 0; i < 4 << 20; i++) { // 16 MiB
                v.push(i);
                if (i == 3 << 20) {
                    long data = 4L * (i + 1);
                    long resident = resident(v);
                    assertTrue(resident >= data && resident < data + MIB, "no populate: resident " + resident
                            + " bytes for " + data + " bytes of data (committed " + v.committedBytes() + ")");
                }
            }
            assertEquals(0, hugeResident(v));
            assertEquals(16 * MIB, v.committedBytes());
        }
        // Committed sizes past a huge page are whole huge pages only with huge pages on.
        try (MappedIntVector on = MappedIntVector.create(backend);
             MappedIntVector off = MappedIntVector.create(backend, plain)) {
            int[] values = new int[(int) (3 * MIB / 4) + 1];
            on.pushAll(values);
            off.pushAll(values);
            assertEquals(4 * MIB, on.committedBytes());
            assertEquals(3 * MIB + backend.pageSize(), off.committedBytes());
        }
    }

    @Test
    void optionsSayTheirUnitsAndCheckThem() {
        VectorOptions defaults = VectorOptions.defaults();
        assertTrue(defaults.hugePages());
        assertEquals(8 * MIB, defaults.populateStepBytes());
        VectorOptions off = defaults.withHugePages(false).withPopulateStepBytes(0);
        assertEquals(0, off.populateStepBytes());
        assertNotEquals(defaults, off);
        assertEquals(off, VectorOptions.defaults().withPopulateStepBytes(0).withHugePages(false));
        assertTrue(off.toString().contains("hugePages=false, populateStepBytes=0"), off.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> defaults.withPopulateStepBytes(-1));
        assertTrue(e.getMessage().contains("populateStepBytes=-1"), e.getMessage());
    }
}
