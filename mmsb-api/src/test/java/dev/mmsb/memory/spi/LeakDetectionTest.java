package dev.mmsb.memory.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    void recordsNothingByDefault() {
        // The surefire JVM sets no property: the default must cost nothing and record nothing.
        assertEquals(LeakDetection.Mode.DISABLED, LeakDetection.MODE);
        assertNull(LeakDetection.site(1));
    }
}
