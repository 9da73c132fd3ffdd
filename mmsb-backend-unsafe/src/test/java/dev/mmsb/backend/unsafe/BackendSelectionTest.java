package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which backend is picked, with both backend jars on the class path. This module's tests run twice, on JDK 25 and on
 * JDK 17, so both halves of the default rule are exercised.
 */
class BackendSelectionTest {
    private static final int JDK = Runtime.version().feature();

    @AfterEach
    void clearProperty() {
        System.clearProperty(Backends.PROPERTY);
    }

    @Test
    void runsOnTheJdkThisExecutionPromises() {
        String expected = System.getProperty("mmsb.expectedJdk");
        if (expected != null) {
            assertEquals(Integer.parseInt(expected), JDK, "the jdk17 execution must really run on JDK 17");
        } else {
            assertTrue(JDK >= 25, "the default execution runs on the JDK 25 toolchain, not " + JDK);
        }
    }

    @Test
    void defaultIsPanamaOnJdk25AndUnsafeOnJdk17() {
        if (JDK >= 25) {
            assertEquals("panama", Backends.defaultName());
            assertEquals(List.of("panama", "unsafe"), Backends.available());
            assertNull(Backends.unavailableReason("panama"));
        } else {
            assertEquals("unsafe", Backends.defaultName());
            assertEquals(List.of("unsafe"), Backends.available());
            String reason = Backends.unavailableReason("panama");
            assertTrue(reason.contains("panama backend's classes need a newer JDK than " + JDK)
                    && reason.contains("compiled for JDK 25+"), reason);
        }
        assertEquals(Backends.defaultName(), Backends.load().name());
    }

    @Test
    void thePropertyChoosesTheBackend() {
        System.setProperty(Backends.PROPERTY, "unsafe");
        assertEquals("unsafe", Backends.load().name());
    }

    @Test
    void anUnknownBackendIsAnErrorListingTheAvailableOnes() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.load("jemalloc"));
        assertTrue(e.getMessage().startsWith("Unknown MMSB backend 'jemalloc'"), e.getMessage());
        assertTrue(e.getMessage().contains("unsafe (available)"), e.getMessage());
        assertEquals("unknown backend", Backends.unavailableReason("jemalloc"));
        System.setProperty(Backends.PROPERTY, "nope");
        IllegalStateException direct = assertThrows(IllegalStateException.class, Backends::load);
        assertTrue(direct.getMessage().contains("panama") && direct.getMessage().contains("unsafe"),
                direct.getMessage());
    }

    @Test
    void aBackendThatCannotRunHereIsAStartupErrorThatSaysWhy() {
        assumeTrue(JDK < 25, "both backends run on JDK " + JDK);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.load("panama"));
        assertTrue(e.getMessage().contains("not available") && e.getMessage().contains("25"), e.getMessage());
    }
}
