package dev.mmsb.memory.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakDetectionTest {

    @Test
    void namesTheModesIgnoringCaseAndRefusesOthers() {
        assertEquals(LeakDetection.Mode.DISABLED, LeakDetection.parse(null));
        assertEquals(LeakDetection.Mode.DISABLED, LeakDetection.parse("disabled"));
        assertEquals(LeakDetection.Mode.SIMPLE, LeakDetection.parse("Simple"));
        assertEquals(LeakDetection.Mode.PARANOID, LeakDetection.parse(" PARANOID "));
        assertEquals(LeakDetection.Mode.PARANOID, LeakDetection.parse("true"));
        assertNull(LeakDetection.parse("advanced"));
        assertNull(LeakDetection.parse(""));
    }

    @Test
    void paranoidRecordsEverySiteAndSimpleSamplesOneInItsInterval() {
        LeakDetection.AllocationSite site = LeakDetection.site(LeakDetection.Mode.PARANOID, 128, 7);
        assertNotNull(site);
        assertEquals("reservation #7 was reserved here", site.getMessage());
        assertTrue(site.getStackTrace().length > 0, "the site has the reserving thread's stack");
        assertEquals(LeakDetectionTest.class.getName(), callerOf(site));
        int recorded = 0;
        for (int i = 0; i < 1000; i++) {
            assertNotNull(LeakDetection.site(LeakDetection.Mode.SIMPLE, 1, i), "an interval of 1 samples every one");
            if (LeakDetection.site(LeakDetection.Mode.SIMPLE, 1_000_000, i) != null) {
                recorded++;
            }
            assertNull(LeakDetection.site(LeakDetection.Mode.DISABLED, 1, i));
        }
        assertTrue(recorded < 10, recorded + " of 1000 sampled at one in a million");
    }

    /** The class of the first frame outside LeakDetection. */
    private static String callerOf(Throwable site) {
        for (StackTraceElement frame : site.getStackTrace()) {
            if (!frame.getClassName().equals(LeakDetection.class.getName())) {
                return frame.getClassName();
            }
        }
        return null;
    }

    @Test
    void recordsNothingByDefault() {
        // The surefire JVM sets no property: the default must cost nothing and record nothing.
        assertEquals(LeakDetection.Mode.DISABLED, LeakDetection.MODE);
        assertNull(LeakDetection.site(1));
    }
}
