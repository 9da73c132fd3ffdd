package dev.mmsb.it;

import dev.mmsb.memory.Backend;
import dev.mmsb.vector.MappedIntVector;

/**
 * Scenario 3, the seed at scale: push {@code count} ints (default 64 M, 256 MiB) into a {@link MappedIntVector}, pop
 * them all, push them again (other values, so stale memory would show), and check every value on the way. Phases:
 * {@code baseline}, {@code push}, {@code pop}, {@code push-again}, {@code verified}.
 */
final class SeedAtScale {
    private SeedAtScale() {
    }

    static void run(Backend backend, PhaseLog log, ScenarioArgs args) {
        long count = args.longValue("count", 64L << 20);
        try (MappedIntVector vector = MappedIntVector.create(backend)) {
            log.phase("baseline", 0, vector.committedBytes(), "count", count);
            for (long i = 0; i < count; i++) {
                vector.push((int) i);
            }
            Driver.check(vector.size() == count, "size after push: " + vector.size());
            log.phase("push", 1, vector.committedBytes(), "size", vector.size());

            for (long i = count - 1; i >= 0; i--) {
                int value = vector.pop();
                Driver.check(value == (int) i, "pop " + i + " returned " + value);
            }
            Driver.check(vector.isEmpty(), "not empty after popping everything");
            log.phase("pop", 1, vector.committedBytes(), "size", vector.size());

            for (long i = 0; i < count; i++) {
                vector.push(~(int) i);
            }
            log.phase("push-again", 2, vector.committedBytes(), "size", vector.size());
            for (long i = 0; i < count; i++) {
                int value = vector.get(i);
                Driver.check(value == ~(int) i, "get " + i + " returned " + value + " after the second push");
            }
            log.phase("verified", 2, vector.committedBytes(), "size", vector.size());
        }
    }
}
