package dev.mmsb.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.limits.MemoryBudget;
import dev.mmsb.page.PageAllocator;

/**
 * Binds {@link Backend} to one backend, and a singleton {@link PageAllocator} on it.
 *
 * <p>{@code new MmsbModule()} takes {@code -Dmmsb.backend=panama|unsafe} (or {@code MMSB_BACKEND}), else the default
 * (Panama where it can run, else Unsafe); {@code new MmsbModule("unsafe")} forces one. The backend is resolved while
 * the injector is created, so an unknown or unavailable backend fails {@code Guice.createInjector} with a message that
 * lists the backends and why each is or is not available.
 *
 * <p>It also binds the process's {@link MemoryBudget}; {@code new MmsbModule().withBudget("75%")} sets the budget
 * (as {@code -Dmmsb.budget} does, see {@link MemoryBudget#setBudget(String)}) while the injector is created, so a bad
 * setting fails {@code Guice.createInjector}. Without it the budget stays as the system property left it.
 *
 * <p>Guice is an optional dependency of mmsb-api: only users of this class need it on the class path.
 */
public final class MmsbModule extends AbstractModule {
    private final String backendName;
    private final String budget;

    /** The configured backend, or the default. */
    public MmsbModule() {
        this(null, null);
    }

    /** Exactly this backend. */
    public MmsbModule(String backendName) {
        this(java.util.Objects.requireNonNull(backendName, "backendName"), null);
    }

    private MmsbModule(String backendName, String budget) {
        this.backendName = backendName;
        this.budget = budget;
    }

    /** This module, also setting the process's commit budget: {@code "512m"}, {@code "75%"} or {@code "none"}. */
    public MmsbModule withBudget(String budget) {
        return new MmsbModule(backendName, java.util.Objects.requireNonNull(budget, "budget"));
    }

    @Override
    protected void configure() {
        Backend backend = backendName == null ? Backends.load() : Backends.load(backendName);
        bind(Backend.class).toInstance(backend);
        if (budget != null) {
            MemoryBudget.process().setBudget(budget);
        }
        bind(MemoryBudget.class).toInstance(MemoryBudget.process());
    }

    @Provides
    @Singleton
    PageAllocator pageAllocator(Backend backend) {
        return new PageAllocator(backend);
    }
}
