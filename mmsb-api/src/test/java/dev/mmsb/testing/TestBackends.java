package dev.mmsb.testing;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;

import java.util.stream.Stream;

/**
 * The real backends a structure's tests run on, for {@code @ParameterizedTest @MethodSource}: every backend that can
 * run in the test JVM (both on JDK 25; Unsafe alone on JDK 17).
 */
public final class TestBackends {
    private TestBackends() {
    }

    public static Stream<Backend> all() {
        return Backends.available().stream().map(Backends::load);
    }
}
