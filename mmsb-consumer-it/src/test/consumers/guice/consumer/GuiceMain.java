package consumer;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import dev.mmsb.inject.MmsbModule;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Reservation;
import dev.mmsb.page.PageAllocator;
import dev.mmsb.vector.MappedIntVector;

/** The README's Guice setup: MmsbModule, and a class of the user's that gets the Backend injected. */
public final class GuiceMain {
    public static final class Store {
        final Backend backend;
        final PageAllocator allocator;

        @Inject
        public Store(Backend backend, PageAllocator allocator) {
            this.backend = backend;
            this.allocator = allocator;
        }
    }

    public static void main(String[] args) {
        Injector injector = Guice.createInjector(new MmsbModule());
        Store store = injector.getInstance(Store.class);
        boolean sameBackend = store.allocator.backend() == store.backend;
        System.out.println("backend=" + store.backend.name() + " allocator=" + sameBackend);
        try (Reservation reservation = store.backend.reserve(1 << 20)) {
            reservation.commit(0, store.backend.pageSize());
            reservation.putLong(8, 42L);
            System.out.println("read=" + reservation.getLong(8));
        }
        try (MappedIntVector vector = MappedIntVector.create(store.backend)) {
            for (int i = 0; i < 100_000; i++) {
                vector.push(i);
            }
            System.out.println("vector=" + vector.size() + "," + vector.get(99_999));
        }
        try {
            new MmsbModule("nope");
        } catch (IllegalStateException e) {
            System.out.println("refused=" + e.getMessage());
        }
    }
}
