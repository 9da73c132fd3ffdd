package dev.mmsb.vector;

import dev.mmsb.internal.diag.MemoryOperationEvent;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.spi.AbstractReservation;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every commit, decommit, populate and huge-page advice a vector makes is a JFR event of the api's diagnostics, and a
 * log record.
 */
class PagingDiagnosticsTest {

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void growthAndShrinkAreJfrEvents(Backend backend, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("vector.jfr");
        long id;
        long commits = 0;
        long decommits = 0;
        long advice = 0;
        try (Recording recording = new Recording()) {
            recording.enable(MemoryOperationEvent.NAME);
            recording.start();
            try (MappedIntVector v = MappedIntVector.create(backend); PagingLog log = new PagingLog(v)) {
                id = ((AbstractReservation) v.memory()).id();
                for (int i = 0; i < 100_000; i++) {
                    v.push(i);
                }
                while (!v.isEmpty()) {
                    v.pop();
                }
                commits = log.commits();
                decommits = log.decommits();
                advice = log.advice();
            }
            recording.stop();
            recording.dump(file);
        }
        List<String> operations = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(MemoryOperationEvent.NAME))
                .filter(e -> e.getLong("reservationId") == id)
                .map(e -> e.getString("operation") + ":" + e.getString("outcome"))
                .collect(Collectors.toList());
        assertEquals("reserve:ok", operations.get(0), operations.toString());
        assertEquals("release:ok", operations.get(operations.size() - 1), operations.toString());
        assertTrue(commits > 0 && decommits > 0, "log saw commits=" + commits + " decommits=" + decommits);
        assertEquals(commits, operations.stream().filter("commit:ok"::equals).count(), operations.toString());
        assertEquals(decommits, operations.stream().filter("decommit:ok"::equals).count(), operations.toString());
        long populates = operations.stream().filter("populate:ok"::equals).count();
        long advised = operations.stream().filter(o -> o.startsWith("adviseHugePages:")).count();
        assertTrue(populates > 0 && advised == 1, "huge pages and populate are on by default: " + operations);
        // The advice comes from the constructor, before the log listened; the populates from the pushes.
        assertEquals(advice, populates, operations.toString());
        assertEquals(2 + commits + decommits + populates + advised, operations.size(), operations.toString());
    }
}
