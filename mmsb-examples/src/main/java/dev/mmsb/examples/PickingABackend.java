package dev.mmsb.examples;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.mmsb.inject.MmsbModule;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;

/** docs/DESIGN.md, "Picking a backend". */
public final class PickingABackend {
    public static void main(String[] args) {
        // tag::picking[]
        Backend backend = Backends.load();           // -Dmmsb.backend / MMSB_BACKEND, else the default
        Backend unsafe  = Backends.load("unsafe");   // exactly this one
        Injector injector = Guice.createInjector(new MmsbModule());        // binds Backend and a PageAllocator
        Injector forced   = Guice.createInjector(new MmsbModule("panama"));
        // end::picking[]
        System.out.println(backend.name() + " " + unsafe.name() + " " + injector.getInstance(Backend.class).name()
                + " " + forced.getInstance(Backend.class).name());
    }
}
