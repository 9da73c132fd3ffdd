package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.MappingLimitContract;
import dev.mmsb.testing.ChildJvm;
import dev.mmsb.testing.TestBackends;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 11's first crash: about 32,660 small vectors with one element each (two mappings each) took the JVM to
 * {@code vm.max_map_count} and an hs_err. Now the sequence ends in a {@code MappingLimitException} and the JVM lives on.
 * Runs in a child JVM, so that a crash fails this test instead of killing the runner.
 */
class VectorMappingLimitTest {
    static List<String> backends() {
        return TestBackends.all().map(Backend::name).collect(java.util.stream.Collectors.toList());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void smallVectorsEndInARefusalNotACrash(String backend, @TempDir Path dir) throws Exception {
        ChildJvm.Result child = ChildJvm.run(dir, List.of("-Xms16m", "-Xmx512m"),
                VectorMappingLimitChild.class.getName(), 180, backend);
        // The last vector's reserve or its first push was refused: at most 2 mappings per vector.
        MappingLimitContract.check(child, 2);
        assertEquals(1, child.lines("CLOSED ").size(), child.toString());
    }
}
