package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.Backends;
import dev.mmsb.memory.MappingLimitContract;

/** Runs in the JDK 25 and the JDK 17 executions: the child JVM is the same java as the test's. */
class UnsafeMappingLimitTest extends MappingLimitContract {
    @Override
    protected String backendName() {
        return Backends.UNSAFE;
    }
}
