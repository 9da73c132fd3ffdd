package dev.mmsb.memory;

import dev.mmsb.testing.ChildJvm;
import dev.mmsb.testing.MappingLimitChild;
import dev.mmsb.internal.diag.MemoryOperationEvent;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two call sequences of issue 11 that took a JVM to {@code vm.max_map_count} and crashed it, run in a child JVM
 * on each backend (extend once per backend): each must end in a {@link MappingLimitException} near the headroom,
 * after which the child starts a thread, allocates and exits 0 without an hs_err file.
 */
public abstract class MappingLimitContract {
    private static final Pattern MAPPINGS = Pattern.compile(
            "MAPPINGS steps=(\\d+) process=(\\d+) mmsb=(\\d+) limit=(\\d+) headroom=(\\d+)");

    protected abstract String backendName();

    @Test
    void smallReservationsWithACommittedPageEndInARefusal(@TempDir Path dir) throws Exception {
        check(ChildJvm.run(dir, List.of("-Xms16m", "-Xmx512m"), MappingLimitChild.class.getName(), 180, backendName(),
                "reservations"), 2);
    }

    @Test
    void committingEveryOtherPageEndsInARefusal(@TempDir Path dir) throws Exception {
        // With a flight recording, so that the refusal's JFR event is written at the limit too.
        Path jfr = dir.resolve("child.jfr");
        check(ChildJvm.run(dir, List.of("-Xms16m", "-Xmx256m",
                "-XX:StartFlightRecording:dumponexit=true,filename=" + jfr), MappingLimitChild.class.getName(), 180,
                backendName(), "alternate"), 2);
        List<RecordedEvent> refusals = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals(MemoryOperationEvent.NAME))
                .filter(e -> e.getString("outcome").contains(MappingLimitException.class.getName()))
                .collect(Collectors.toList());
        assertEquals(1, refusals.size(), "the refused commit is in the recording");
        assertEquals("commit", refusals.get(0).getString("operation"));
    }

    /**
     * Asserts what every such child must show, {@code perStep} being the mappings one step of its sequence adds.
     */
    public static void check(ChildJvm.Result child, int perStep) {
        assertEquals(List.of(), child.hsErrFiles(), child.toString());
        assertFalse(child.output.contains("A fatal error has been detected"), child.toString());
        assertEquals(0, child.exitCode, child.toString());
        List<String> refused = child.lines("REFUSED ");
        assertEquals(1, refused.size(), child.toString());
        assertTrue(refused.get(0).startsWith("REFUSED " + MappingLimitException.class.getName() + ": "),
                child.toString());
        assertTrue(refused.get(0).contains("vm.max_map_count="), child.toString());
        Matcher counts = MAPPINGS.matcher(child.output);
        assertTrue(counts.find(), child.toString());
        long steps = Long.parseLong(counts.group(1));
        long process = Long.parseLong(counts.group(2));
        long mmsb = Long.parseLong(counts.group(3));
        long limit = Long.parseLong(counts.group(4));
        long headroom = Long.parseLong(counts.group(5));
        // Driven to the headroom, not short of it: the refusal came within a few steps of the limit less headroom.
        // The count is read after the refusal was logged, and the JVM may map a little for itself in between (the
        // log record, JIT code): 16 mappings allow for that and still catch a refusal that let a step through.
        assertTrue(process <= limit - headroom + perStep + 16, child.toString());
        assertTrue(process >= limit - headroom - 64, "refused too early: " + child);
        assertTrue(mmsb >= steps * perStep, child.toString());
        assertEquals(1, child.lines("THREAD ok").size(), child.toString());
        assertEquals(1, child.lines("ALLOCATED ok").size(), child.toString());
        assertEquals(1, child.lines("DONE").size(), child.toString());
    }
}
