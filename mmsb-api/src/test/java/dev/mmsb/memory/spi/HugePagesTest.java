package dev.mmsb.memory.spi;

import dev.mmsb.testing.CapturedLogs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The refusal path of adviseHugePages and populate: this kernel accepts both, so the once-per-process notice is
 * tested here directly (the backends' tests show that their madvise wrappers hand back the kernel's errno).
 */
class HugePagesTest {

    @Test
    void aRefusalIsLoggedOncePerAdviceSayingWhatMmsbDoesInstead() {
        HugePages.resetLogged();
        try (CapturedLogs logs = CapturedLogs.mmsb()) {
            assertTrue(HugePages.logRefusalOnce("MADV_TEST", 22, "Invalid argument", "faults memory in 4 KiB pages"));
            assertFalse(HugePages.logRefusalOnce("MADV_TEST", 22, "Invalid argument", "faults memory in 4 KiB pages"));
            assertFalse(HugePages.logRefusalOnce("MADV_TEST", 12, "Cannot allocate memory", "x"));
            assertTrue(HugePages.logRefusalOnce("MADV_OTHER", 12, "Cannot allocate memory", "lets pages fault in"));
            List<String> info = logs.messages(Level.INFO);
            List<String> warnings = logs.messages(Level.WARNING);
            assertEquals(List.of("MADV_TEST refused (errno=22: Invalid argument); MMSB faults memory in 4 KiB pages."
                    + " Logged once per process."), info);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("MADV_OTHER refused (errno=12: Cannot allocate memory)"),
                    warnings.toString());
        } finally {
            HugePages.resetLogged();
        }
    }

    @Test
    void theKernelsHugePageSizeAndModeAreRead() {
        long size = HugePages.size();
        assertTrue(size >= 1 << 20 && Long.bitCount(size) == 1, "huge page size " + size);
        assertTrue(List.of("always", "madvise", "never", "absent", "unknown").contains(HugePages.mode()),
                HugePages.mode());
        assertEquals(HugePages.mode().equals("always") || HugePages.mode().equals("madvise")
                || HugePages.mode().equals("unknown"), HugePages.usable());
    }
}
