package dev.mmsb.examples;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every example's {@code main} and checks what it printed against what its comments (and so the docs) claim.
 * Each backend is tried through {@code mmsb.backend}, as a user would select it.
 */
class ExamplesTest {
    @ParameterizedTest
    @ValueSource(strings = {"panama", "unsafe"})
    void quickStart(String backend) throws Exception {
        String out = run(QuickStart.class, backend);
        assertTrue(out.contains("9999999, 64 MiB committed"), out);
        assertTrue(out.contains("499999500000, "), out);
        assertTrue(out.matches("(?s).*\\n\\d+ KiB committed after clear\\n.*"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"panama", "unsafe"})
    void pickingABackend(String backend) throws Exception {
        String out = run(PickingABackend.class, backend);
        assertTrue(out.startsWith(backend + " unsafe " + backend + " panama"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"panama", "unsafe"})
    void pagingSpi(String backend) throws Exception {
        String out = run(PagingSpi.class, backend);
        assertTrue(out.contains("read at offset=8 length=8 touches page 0 (offset=0)") && out.contains("which is not committed"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"panama", "unsafe"})
    void vectorTour(String backend) throws Exception {
        assertTrue(run(VectorTour.class, backend).startsWith("67108864"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"panama", "unsafe"})
    void queueTour(String backend) throws Exception {
        String out = run(QueueTour.class, backend);
        assertTrue(out.contains("499999500000 1048576"), out);
        assertTrue(out.contains("true Point[x=1, y=2] 1"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"panama", "unsafe"})
    void spscTour(String backend) throws Exception {
        String out = run(SpscTour.class, backend);
        String[] lines = out.split("\n");
        assertTrue(lines[0].startsWith("499999500000 "), out);
        assertTrue(Long.parseLong(lines[0].split(" ")[1]) <= 3 * 256, out);     // KiB: chunk in use and 2 spares
        assertTrue(lines[1].startsWith("49999995000000 "), out);
        assertTrue(Long.parseLong(lines[1].split(" ")[1]) <= 768 << 10, out);
    }

    /** Runs {@code example.main} with {@code mmsb.backend} set, and returns what it printed. */
    static String run(Class<?> example, String backend) throws Exception {
        Method main = example.getMethod("main", String[].class);
        PrintStream saved = System.out;
        String savedBackend = System.getProperty("mmsb.backend");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setProperty("mmsb.backend", backend);
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
            if (savedBackend == null) {
                System.clearProperty("mmsb.backend");
            } else {
                System.setProperty("mmsb.backend", savedBackend);
            }
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        saved.print(example.getSimpleName() + " on " + backend + ":\n" + out);
        return out;
    }
}
