package consumer;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.Reservation;
import dev.mmsb.vector.MappedIntVector;

/** A user's first program: list the backends, hit an error that lists them, then reserve, commit, write, read. */
public final class Main {
    public static void main(String[] args) {
        System.out.println("available=" + Backends.available());
        try {
            Backends.load("nope");
        } catch (IllegalStateException e) {
            System.out.println("refused=" + e.getMessage());
        }
        Backend backend = Backends.load();
        System.out.println("backend=" + backend.name());
        run(backend);
    }

    static void run(Backend backend) {
        try (Reservation reservation = backend.reserve(1 << 20)) {
            reservation.commit(0, backend.pageSize());
            reservation.putLong(8, 42L);
            System.out.println("read=" + reservation.getLong(8));
        }
        try (MappedIntVector vector = MappedIntVector.create(backend)) {
            for (int i = 0; i < 100_000; i++) {
                vector.push(i);
            }
            System.out.println("vector=" + vector.size() + "," + vector.get(99_999));
        }
    }
}
