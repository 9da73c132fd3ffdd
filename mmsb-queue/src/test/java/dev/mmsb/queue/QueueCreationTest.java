package dev.mmsb.queue;

import dev.mmsb.codec.Codecs;
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

/** Queues are made one way, the same as vectors: static {@code create} methods, with a no-argument default. */
class QueueCreationTest {

    @Test
    void noArgumentCreateUsesTheConfiguredBackendAndDefaults() {
        String configured = Backends.load().name();
        try (MappedIntQueue ints = MappedIntQueue.create();
             MappedLongQueue longs = MappedLongQueue.create();
             MappedIntQueue onBackend = MappedIntQueue.create(Backends.load());
             MappedQueue<Short> shorts = MappedQueue.create(Codecs.SHORT)) {
            for (Object q : List.of(ints, longs, onBackend)) {
                assertTrue(q.toString().contains(configured), q.toString());
            }
            assertEquals(configured, ints.ring().mem.backend());
            assertEquals(configured, shorts.ring().mem.backend());
            ints.offerInt(7);
            shorts.offer((short) 7);
            assertEquals(7, ints.pollInt(-1));
            assertEquals((short) 7, shorts.poll());
        }
    }

    @Test
    void everyQueueHasTheSameCreateMethodsAndNoPublicConstructor() {
        Set<String> primitive = Set.of("create()", "create(Backend)", "create(Backend,QueueOptions)");
        for (Class<?> type : List.of(MappedIntQueue.class, MappedLongQueue.class)) {
            assertEquals(0, type.getConstructors().length, type + " has a public constructor");
            assertEquals(primitive, creates(type), type.getName());
        }
        assertEquals(0, MappedQueue.class.getConstructors().length);
        assertEquals(Set.of("create(ElementCodec)", "create(Backend,ElementCodec)",
                "create(Backend,ElementCodec,QueueOptions)"), creates(MappedQueue.class));
    }

    @Test
    void optionsBuildInOneStyleAndSayTheirUnits() {
        for (Method m : QueueOptions.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == QueueOptions.class
                    && !Modifier.isStatic(m.getModifiers())) {
                assertTrue(m.getName().startsWith("with"), m.getName());
            }
        }
        QueueOptions o = QueueOptions.defaults().withMaxCapacityElements(3);
        try (MappedLongQueue q = MappedLongQueue.create(Backends.load(), o)) {
            assertEquals(3, q.capacity());
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
