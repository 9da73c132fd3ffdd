package dev.mmsb.inject;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.page.PageAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MmsbModule on JDK 25 with both backend jars on the class path. */
class MmsbModuleTest {
    /** Held strongly: java.util.logging keeps loggers weakly. */
    private static final Logger GUICE = Logger.getLogger("com.google.inject");

    @AfterEach
    void clearProperty() {
        System.clearProperty(Backends.PROPERTY);
    }

    @Test
    void bindsTheExplicitChoiceAndOneAllocator() {
        Injector injector = Guice.createInjector(new MmsbModule("UNSAFE"));
        Backend backend = injector.getInstance(Backend.class);
        assertEquals("unsafe", backend.name());
        assertSame(Backends.load("unsafe"), backend);
        PageAllocator allocator = injector.getInstance(PageAllocator.class);
        assertSame(allocator, injector.getInstance(PageAllocator.class));
        assertSame(backend, allocator.backend());
        assertEquals("panama", Guice.createInjector(new MmsbModule()).getInstance(Backend.class).name());
    }

    @Test
    void thePropertyChoosesTheBackend() {
        System.setProperty(Backends.PROPERTY, "unsafe");
        assertEquals("unsafe", Guice.createInjector(new MmsbModule()).getInstance(Backend.class).name());
    }

    /**
     * Guice used to catch the exception from configure(), log it at INFO with its stack trace, and list its own
     * MissingImplementation error before MMSB's message. Now the constructor refuses, and Guice logs nothing.
     */
    @Test
    void anUnknownBackendIsRefusedFirstWithMmsbsMessageAndNothingLogged() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = GUICE.getLevel();
        GUICE.setLevel(Level.ALL);
        GUICE.addHandler(handler);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Guice.createInjector(new MmsbModule("jemalloc")));
            assertTrue(e.getMessage().startsWith("Unknown MMSB backend 'jemalloc'. Backends: panama (available);"
                    + " unsafe (available)"), e.getMessage());
            assertEquals(List.of(), records.stream().map(LogRecord::getMessage).collect(java.util.stream.Collectors
                    .toList()), "Guice logged");
        } finally {
            GUICE.removeHandler(handler);
            GUICE.setLevel(before);
        }
    }

    @Test
    void loadingTheModuleAsksGuiceForChildClassLoadingUnlessTheUserChoseAlready() {
        // This JVM got -Dguice_custom_class_loading=CHILD from the build; the consumer tests (mmsb-consumer-it) show
        // the default at work, in JVMs started without it.
        new MmsbModule("unsafe");
        assertEquals("CHILD", System.getProperty(MmsbModule.CLASS_LOADING_PROPERTY));
    }
}
