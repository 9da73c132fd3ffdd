package dev.mmsb.it;

import dev.mmsb.memory.Backend;
import dev.mmsb.vector.MappedIntVector;
import dev.mmsb.vector.ShrinkPolicy;
import dev.mmsb.vector.VectorOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenarios 1 and 2: {@code rounds} times, fill a {@link MappedIntVector} with {@code mib} MiB of ints, then clear it.
 * {@code policy=default} reuses one vector with the default shrink policy, so every clear decommits.
 * {@code policy=never fresh=true} is the contrast: a vector that never shrinks, and a new one each round while the old
 * ones stay open (and reachable, so no Cleaner frees them), so the memory only grows. Phases: {@code baseline}, then
 * {@code fill} and {@code clear} per round.
 */
final class VectorRounds {
    private VectorRounds() {
    }

    static void run(Backend backend, PhaseLog log, ScenarioArgs args) {
        int rounds = (int) args.longValue("rounds", 4);
        long ints = (args.longValue("mib", 150) << 20) / Integer.BYTES;
        boolean never = args.string("policy", "default").equals("never");
        boolean fresh = args.flag("fresh");
        VectorOptions options = VectorOptions.defaults()
                .withShrinkPolicy(never ? ShrinkPolicy.NEVER : ShrinkPolicy.DEFAULT);

        List<MappedIntVector> open = new ArrayList<>();
        log.phase("baseline", 0, 0, "cgroupFile", String.valueOf(MemoryProbe.cgroupFile()),
                "policy", options.shrinkPolicy().toString(), "fillBytes", ints * Integer.BYTES);
        MappedIntVector vector = null;
        for (int round = 1; round <= rounds; round++) {
            if (vector == null || fresh) {
                vector = MappedIntVector.create(backend, options);
                open.add(vector);
            }
            for (int i = 0; i < ints; i++) {
                vector.push(i);
            }
            Driver.check(vector.size() == ints && vector.get(ints - 1) == (int) (ints - 1),
                    "round " + round + ": vector holds " + vector.size() + " ints, expected " + ints);
            log.phase("fill", round, committed(open), "vectors", open.size());
            vector.clear();
            log.phase("clear", round, committed(open), "vectors", open.size());
        }
        for (MappedIntVector v : open) {
            v.close();
        }
    }

    private static long committed(List<MappedIntVector> vectors) {
        long sum = 0;
        for (MappedIntVector v : vectors) {
            sum += v.committedBytes();
        }
        return sum;
    }
}
