package dev.mmsb.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags every benchmark JVM gets. The annotations carry the JDK 25 set; code that forks from an older JVM asks
 * {@link #forRuntime()}, because JDKs before 23 refuse to start with a flag they do not know.
 */
public final class ForkFlags {
    /** JNA loads a native library and the Panama backend makes downcalls: both are restricted on JDK 22+. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** The Unsafe backend (and the floor benchmarks) read and write memory through sun.misc.Unsafe: JDK 23+ only. */
    public static final String UNSAFE_ACCESS = "--sun-misc-unsafe-memory-access=allow";
    /** Keeps Guice off Unsafe class definition (apache/maven#11002), should anything load it. */
    public static final String GUICE = "-Dguice_custom_class_loading=CHILD";

    private ForkFlags() {
    }

    /** The flags this JVM's {@code java} accepts. */
    public static String[] forRuntime() {
        List<String> flags = new ArrayList<>(List.of(NATIVE_ACCESS, GUICE));
        if (Runtime.version().feature() >= 23) {
            flags.add(1, UNSAFE_ACCESS);
        }
        return flags.toArray(new String[0]);
    }
}
