package dev.mmsb.consumer;

import dev.mmsb.consumer.ConsumerRun.Launch;
import dev.mmsb.consumer.ConsumerRun.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A new user's first run prints nothing but its own output: no JDK warning (sun.misc.Unsafe, native access), no MMSB
 * warning, no Guice or Guava warning. Each case compiles a consumer program for JDK 17 against the built jars and runs
 * it in a child JVM with the flags docs/JVM-FLAGS.md gives, on the class path and on the module path, and compares
 * every line the JVM printed, stdout and stderr, with the program's own lines: one extra line fails it.
 */
class QuietStartIT {
    private static final String VECTOR = "vector=100000,99999";
    private static final String READ = "read=42";
    private static final String BOTH_AVAILABLE = "Backends: panama (available); unsafe (available)";

    /** JDK 25, Panama picked, the Unsafe jar present too: probing it must not touch Unsafe or load JNA's library. */
    @ParameterizedTest
    @EnumSource(Launch.class)
    void jdk25PanamaWithoutGuice(Launch launch) throws Exception {
        List<Path> jars = ConsumerRun.jars(false);
        Path classes = ConsumerRun.compile("plain", launch, jars);
        Result result = ConsumerRun.run(ConsumerJdks.jdk25(), launch, classes, jars, "consumer.plain",
                "consumer.Main", List.of(nativeAccess(launch, "dev.mmsb.backend.panama")));
        assertOutput(result, List.of(
                "available=[panama, unsafe]",
                "refused=Unknown MMSB backend 'nope'. " + BOTH_AVAILABLE,
                "backend=panama",
                READ,
                VECTOR));
    }

    /** JDK 25, Panama through MmsbModule, no Guice flag: mmsb-guice's Guava and class loading keep Guice quiet. */
    @ParameterizedTest
    @EnumSource(Launch.class)
    void jdk25PanamaWithGuice(Launch launch) throws Exception {
        List<Path> jars = ConsumerRun.jars(true);
        Path classes = ConsumerRun.compile("guice", launch, jars);
        Result result = ConsumerRun.run(ConsumerJdks.jdk25(), launch, classes, jars, "consumer.guice",
                "consumer.GuiceMain", List.of(nativeAccess(launch, "dev.mmsb.backend.panama")));
        assertOutput(result, List.of(
                "backend=panama allocator=true",
                READ,
                VECTOR,
                "refused=Unknown MMSB backend 'nope'. " + BOTH_AVAILABLE));
    }

    /**
     * JDK 17, no flags at all (JDK 17 refuses to start with --sun-misc-unsafe-memory-access); the Panama jar is
     * present too, and is reported as needing JDK 25 rather than stopping the JVM.
     */
    @ParameterizedTest
    @EnumSource(Launch.class)
    void jdk17Unsafe(Launch launch) throws Exception {
        List<Path> jars = ConsumerRun.jars(false);
        Path classes = ConsumerRun.compile("plain", launch, jars);
        Result result = ConsumerRun.run(ConsumerJdks.jdk17(), launch, classes, jars, "consumer.plain",
                "consumer.Main", List.of());
        assertOutput(result, List.of(
                "available=[unsafe]",
                "refused=Unknown MMSB backend 'nope'. Backends: panama (unavailable: the panama backend's classes"
                        + " need a newer JDK than 17 (they are compiled for JDK 25+)); unsafe (available)",
                "backend=unsafe",
                READ,
                VECTOR));
    }

    private static String nativeAccess(Launch launch, String module) {
        return "--enable-native-access=" + (launch == Launch.MODULE_PATH ? module : "ALL-UNNAMED");
    }

    private static void assertOutput(Result result, List<String> expected) {
        assertEquals(0, result.exitCode, result::toString);
        assertEquals(expected, result.lines(), result::toString);
    }
}
