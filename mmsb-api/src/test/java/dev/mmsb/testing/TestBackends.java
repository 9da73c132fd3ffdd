package dev.mmsb.testing;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real backends a structure's tests run on, for {@code @ParameterizedTest @MethodSource}: both on JDK 25+, Unsafe
 * alone below. A backend that should run here and does not fails the tests, rather than quietly testing one backend.
 */
public final class TestBackends {
    private TestBackends() {
    }

    public static Stream<Backend> all() {
        List<String> expected = Runtime.version().feature() >= 25 ? List.of(Backends.PANAMA, Backends.UNSAFE)
                : List.of(Backends.UNSAFE);
        for (String name : expected) {
            String reason = Backends.unavailableReason(name);
            if (reason != null) {
                fail("the " + name + " backend must run on JDK " + Runtime.version().feature() + " but cannot: "
                        + reason);
            }
        }
        return expected.stream().map(Backends::load);
    }
}
