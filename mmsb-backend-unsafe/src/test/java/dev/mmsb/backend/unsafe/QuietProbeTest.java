package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.Backends;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asking which backends can run creates none: in a JVM without any flag, listing the backends (and an error that lists
 * them) prints nothing, where it used to touch sun.misc.Unsafe (a six-line JDK 24+ warning) and log MMSB's own
 * warning about the missing flag. Only loading the Unsafe backend says which flag it misses.
 */
class QuietProbeTest {

    /** Lists the backends as a user would, then loads the one named by the first argument, if any. */
    public static void main(String[] args) {
        System.out.println(Backends.available() + " " + Backends.unavailableReason("unsafe"));
        try {
            Backends.load("nope");
        } catch (IllegalStateException e) {
            System.out.println("refused");
        }
        if (args.length > 0) {
            Backends.load(args[0]);
            System.out.println("loaded " + args[0]);
        }
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), QuietProbeTest.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM hung");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void listingTheBackendsPrintsNothingElse() throws Exception {
        String available = Runtime.version().feature() >= 25 ? "[panama, unsafe]" : "[unsafe]";
        assertEquals(List.of(available + " null", "refused"), run().lines().collect(java.util.stream.Collectors
                .toList()));
    }

    @Test
    void loadingUnsafeOnJdk24AndLaterSaysWhichFlagsItMisses() throws Exception {
        String output = run("unsafe");
        assertTrue(output.contains("loaded unsafe"), output);
        if (Runtime.version().feature() >= 24) {
            assertTrue(output.contains("add the JVM flag --sun-misc-unsafe-memory-access=allow"), output);
            assertTrue(output.contains("add the JVM flag --enable-native-access=ALL-UNNAMED"), output);
        } else {
            assertEquals(List.of("[unsafe] null", "refused", "loaded unsafe"), output.lines()
                    .collect(java.util.stream.Collectors.toList()));
        }
    }
}
