package dev.mmsb.vector;

import dev.mmsb.codec.Codecs;
import dev.mmsb.memory.Backend;
import dev.mmsb.testing.ChildJvm;
import dev.mmsb.testing.TestBackends;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defects a new user found by using vectors wrongly (issue 12); each test failed before its fix. */
class VectorMisuseTest {
    static List<String> backends() {
        return TestBackends.all().map(Backend::name).collect(Collectors.toList());
    }

    /** insert copied the last element through a heap {@code byte[elementSize]}: OutOfMemoryError for big elements. */
    @ParameterizedTest
    @MethodSource("backends")
    void insertOfElementsLargerThanTheHeapMovesThemInPlace(String backend, @TempDir Path dir) throws Exception {
        ChildJvm.Result child = ChildJvm.run(dir, List.of("-Xms8m", "-Xmx16m"), HugeElementInsertChild.class.getName(),
                120, backend);
        assertEquals(List.of("OK 012 size=3 grew=true"), child.lines("OK").isEmpty() ? child.lines("FAILED")
                : child.lines("OK"), child.toString());
    }

    /** forEach returned normally when its action closed or cleared the vector, while forEachInt threw. */
    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void forEachThrowsLikeForEachIntWhenTheActionClearsOrClosesTheVector(Backend backend) {
        try (MappedVector<Integer> boxed = MappedVector.create(backend, Codecs.INT);
             MappedIntVector ints = MappedIntVector.create(backend)) {
            for (int i = 0; i < 10; i++) {
                boxed.push(i);
                ints.push(i);
            }
            List<Integer> seen = new ArrayList<>();
            RuntimeException boxedCleared = assertThrows(RuntimeException.class, () -> boxed.forEach(x -> {
                seen.add(x);
                boxed.clear();
            }));
            RuntimeException intsCleared = assertThrows(RuntimeException.class, () -> ints.forEachInt(x -> ints.clear()));
            assertEquals(intsCleared.getClass(), boxedCleared.getClass(), boxedCleared.toString());
            assertTrue(boxedCleared.getMessage().contains("forEach"), boxedCleared.getMessage());
            assertEquals(List.of(0), seen);

            boxed.push(1);
            boxed.push(2);
            ints.pushAll(1, 2);
            assertThrows(IllegalStateException.class, () -> boxed.forEach(x -> boxed.close()));
            assertThrows(IllegalStateException.class, () -> ints.forEachInt(x -> ints.close()));
        }
    }
}
