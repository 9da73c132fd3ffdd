package dev.mmsb.vector;

import dev.mmsb.codec.Codecs;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vectors are made one way, the same as queues: static {@code create} methods, with a no-argument default. */
class CreationTest {

    @Test
    void noArgumentCreateUsesTheConfiguredBackendAndDefaults() {
        String configured = Backends.load().name();
        try (MappedIntVector ints = MappedIntVector.create();
             MappedLongVector longs = MappedLongVector.create();
             MappedDoubleVector doubles = MappedDoubleVector.create();
             MappedVector<Short> shorts = MappedVector.create(Codecs.SHORT)) {
            for (AbstractMappedVector v : List.of(ints, longs, doubles, shorts)) {
                assertEquals(configured, v.backend(), v.toString());
                assertEquals(0, v.size());
                assertEquals(VectorOptions.DEFAULT_MAX_BYTES / v.elementSize(), v.maxCapacity(), v.toString());
            }
            ints.push(7);
            shorts.push((short) 7);
            assertEquals(7, ints.get(0));
            assertEquals((short) 7, shorts.get(0));
        }
    }

    @Test
    void everyVectorHasTheSameCreateMethodsAndNoPublicConstructor() {
        Set<String> primitive = Set.of("create()", "create(Backend)", "create(Backend,VectorOptions)");
        for (Class<?> type : List.of(MappedIntVector.class, MappedLongVector.class, MappedDoubleVector.class)) {
            assertEquals(0, type.getConstructors().length, type + " has a public constructor");
            assertEquals(primitive, creates(type), type.getName());
        }
        assertEquals(0, MappedVector.class.getConstructors().length);
        assertEquals(Set.of("create(ElementCodec)", "create(Backend,ElementCodec)",
                "create(Backend,ElementCodec,VectorOptions)"), creates(MappedVector.class));
    }

    @Test
    void optionsBuildInOneStyleAndSayTheirUnits() {
        VectorOptions options = VectorOptions.defaults().withInitialCapacityElements(10).withMaxCapacityElements(20)
                .withPopulateStepBytes(0).withHugePages(false).withShrinkPolicy(ShrinkPolicy.NEVER);
        assertEquals(10, options.initialCapacityElements());
        assertEquals(20, options.maxCapacityElements().getAsLong());
        assertEquals(0, options.populateStepBytes());
        for (Method m : VectorOptions.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == VectorOptions.class
                    && !Modifier.isStatic(m.getModifiers())) {
                assertTrue(m.getName().startsWith("with"), m.getName());
            }
        }
        Backend backend = Backends.load();
        try (MappedIntVector v = MappedIntVector.create(backend, options)) {
            assertEquals(20, v.maxCapacity());
            assertTrue(v.capacity() >= 10);
        }
    }

    static Set<String> creates(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals("create") && Modifier.isStatic(m.getModifiers()))
                .map(m -> "create(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(",")) + ")")
                .collect(Collectors.toSet());
    }
}
