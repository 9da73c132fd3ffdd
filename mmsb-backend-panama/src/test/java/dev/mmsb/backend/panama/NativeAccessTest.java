package dev.mmsb.backend.panama;

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

/** What a user sees when the JVM lacks {@code --enable-native-access}: each case runs in a JVM of its own. */
class NativeAccessTest {

    /** Prints what {@link Backends} makes of the Panama backend in this JVM. */
    public static void main(String[] args) {
        String reason = Backends.unavailableReason("panama");
        System.out.println(reason == null ? "available" : "unavailable: " + reason);
        if (reason == null) {
            Backends.load("panama").reserve(1).close();
        }
    }

    private static String run(String... jvmFlags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeAccessTest.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM hung");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void deniedNativeAccessMakesTheBackendUnavailableAndNamesTheFlag() throws Exception {
        String output = run("--illegal-native-access=deny");
        assertTrue(output.contains("unavailable: native access is denied"), output);
        assertTrue(output.contains("--enable-native-access=ALL-UNNAMED"), output);
    }

    @Test
    void missingFlagIsReportedOnceButTheBackendWorks() throws Exception {
        String output = run();
        assertTrue(output.contains("available"), output);
        assertTrue(output.contains("add the JVM flag --enable-native-access=ALL-UNNAMED"), output);
    }

    @Test
    void withTheFlagNothingIsSaid() throws Exception {
        String output = run("--enable-native-access=ALL-UNNAMED");
        assertEquals("available", output.strip());
    }
}
