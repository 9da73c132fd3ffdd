package dev.mmsb.it;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What one driver container did: its exit state as {@code docker inspect} reports it, the phase lines it printed,
 * and its whole output (for failure messages).
 */
record DriverRun(String description, long exitCode, boolean oomKilled, List<PhaseLine> phases, String stdout,
                 String stderr, long wallMs) {

    /** Every phase line with this name, in order. */
    List<PhaseLine> all(String phase) {
        return phases.stream().filter(p -> phase.equals(p.phase())).collect(Collectors.toList());
    }

    /** The one phase line with this name. */
    PhaseLine only(String phase) {
        List<PhaseLine> found = all(phase);
        assertEquals(1, found.size(), () -> "expected one '" + phase + "' line\n" + this);
        return found.get(0);
    }

    boolean has(String phase) {
        return !all(phase).isEmpty();
    }

    /** The container exited 0, was not OOM-killed, and the driver reached its end on {@code backend}. */
    void assertCompleted(String backend) {
        assertFalse(oomKilled, () -> "OOM-killed\n" + this);
        assertEquals(0, exitCode, () -> "exit code\n" + this);
        only("done");
        for (PhaseLine line : phases) {
            assertEquals(backend, line.backend(), () -> "the driver ran on another backend\n" + this);
        }
    }

    @Override
    public String toString() {
        return description + ": exit " + exitCode + (oomKilled ? ", OOM-killed" : "") + ", " + wallMs + " ms\n"
                + "--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
