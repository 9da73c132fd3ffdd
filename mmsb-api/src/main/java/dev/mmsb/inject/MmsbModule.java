package dev.mmsb.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.page.PageAllocator;

/**
 * Binds {@link Backend} to one backend, and a singleton {@link PageAllocator} on it.
 *
 * <p>{@code new MmsbModule()} takes {@code -Dmmsb.backend=panama|unsafe} (or {@code MMSB_BACKEND}), else the default
 * (Panama where it can run, else Unsafe); {@code new MmsbModule("unsafe")} forces one. The backend is resolved while
 * the injector is created, so an unknown or unavailable backend fails {@code Guice.createInjector} with a message that
 * lists the backends and why each is or is not available.
 *
 * <p>Guice is an optional dependency of mmsb-api: only users of this class need it on the class path.
 */
public final class MmsbModule extends AbstractModule {
    private final String backendName;

    /** The configured backend, or the default. */
    public MmsbModule() {
        this.backendName = null;
    }

    /**
     * Exactly this backend.
     *
     * @param backendName {@code "panama"} or {@code "unsafe"}, as {@link Backends#load(String)} takes it
     */
    public MmsbModule(String backendName) {
        this.backendName = java.util.Objects.requireNonNull(backendName, "backendName");
    }

    @Override
    protected void configure() {
        Backend backend = backendName == null ? Backends.load() : Backends.load(backendName);
        bind(Backend.class).toInstance(backend);
    }

    @Provides
    @Singleton
    PageAllocator pageAllocator(Backend backend) {
        return new PageAllocator(backend);
    }
}
