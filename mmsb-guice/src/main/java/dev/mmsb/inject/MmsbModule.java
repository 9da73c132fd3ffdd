package dev.mmsb.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.limits.MemoryBudget;
import dev.mmsb.page.PageAllocator;

import java.util.Objects;

/**
 * Binds {@link Backend} to one backend, and a singleton {@link PageAllocator} on it.
 *
 * <p>{@code new MmsbModule()} takes {@code -Dmmsb.backend=panama|unsafe} (or {@code MMSB_BACKEND}), else the default
 * (Panama where it can run, else Unsafe); {@code new MmsbModule("unsafe")} forces one. The backend is resolved when the
 * module is constructed, so an unknown or unavailable backend is an {@link IllegalStateException} from the
 * constructor, before Guice is involved, whose message lists the backends and why each is or is not available.
 *
 * <p>Quiet on JDK 24+: Guice 7 by default defines its generated classes through {@code sun.misc.Unsafe}, which the
 * JDK warns about. Loading this class therefore sets the system property {@value #CLASS_LOADING_PROPERTY} to
 * {@code CHILD} (generated classes go to a child class loader, as the property's documentation says) unless it is
 * already set. Guice reads the property once, when it creates its first injector, so an application that creates
 * another injector before it constructs an {@code MmsbModule} should pass {@code -Dguice_custom_class_loading=CHILD}
 * itself (docs/JVM-FLAGS.md).
 *
 * <p>It also binds the process's {@link MemoryBudget}; {@code new MmsbModule().withBudget("75%")} sets the budget (as
 * {@code -Dmmsb.budget} does, see {@link MemoryBudget#setBudget(String)}) while the injector is created, so a bad
 * setting fails {@code Guice.createInjector}. Without it the budget stays as the system property left it.
 */
public final class MmsbModule extends AbstractModule {
    /** Guice's switch for where it defines generated classes. */
    public static final String CLASS_LOADING_PROPERTY = "guice_custom_class_loading";

    static {
        if (System.getProperty(CLASS_LOADING_PROPERTY) == null) {
            System.setProperty(CLASS_LOADING_PROPERTY, "CHILD");
        }
    }

    private final Backend backend;
    private final String budget;

    /**
     * The configured backend, or the default.
     *
     * @throws IllegalStateException if the configured backend is unknown or cannot run here, or none can
     */
    public MmsbModule() {
        this(Backends.load(), null);
    }

    /**
     * Exactly this backend.
     *
     * @param backendName the backend's name, e.g. {@code "panama"} or {@code "unsafe"}
     * @throws NullPointerException if {@code backendName} is null
     * @throws IllegalStateException if {@code backendName} is unknown or cannot run here
     */
    public MmsbModule(String backendName) {
        this(Backends.load(Objects.requireNonNull(backendName, "backendName")), null);
    }

    private MmsbModule(Backend backend, String budget) {
        this.backend = backend;
        this.budget = budget;
    }

    /**
     * This module, also setting the process's commit budget when the injector is created.
     *
     * @param budget {@code "512m"}, {@code "75%"} of the container's limit, or {@code "none"}
     * @return a module with the same backend that also sets the budget
     */
    public MmsbModule withBudget(String budget) {
        return new MmsbModule(backend, Objects.requireNonNull(budget, "budget"));
    }

    @Override
    protected void configure() {
        bind(Backend.class).toInstance(backend);
        if (budget != null) {
            MemoryBudget.process().setBudget(budget);
        }
        bind(MemoryBudget.class).toInstance(MemoryBudget.process());
        // A provider instance rather than a @Provides method: Guice would generate a class to call that method.
        bind(PageAllocator.class).toProvider(new AllocatorProvider(backend)).in(Singleton.class);
    }

    private static final class AllocatorProvider implements Provider<PageAllocator> {
        private final Backend backend;

        AllocatorProvider(Backend backend) {
            this.backend = backend;
        }

        @Override
        public PageAllocator get() {
            return new PageAllocator(backend);
        }
    }
}
