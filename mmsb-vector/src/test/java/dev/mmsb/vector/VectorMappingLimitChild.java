package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.MappingLimitException;
import dev.mmsb.testing.MappingLimitChild;

import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM (see {@link VectorMappingLimitTest}) that opens {@code MappedIntVector}s with {@code maxCapacity(2048)}
 * and pushes one int into each, two mappings per vector, until MMSB refuses; then it must live on
 * ({@link MappingLimitChild#survive()}). Argument: the backend name.
 */
public final class VectorMappingLimitChild {
    private VectorMappingLimitChild() {
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backends.load(args[0]);
        List<MappedIntVector> vectors = new ArrayList<>();
        MappingLimitException refused = null;
        try {
            while (true) {
                MappedIntVector v = MappedIntVector.create(backend, VectorOptions.defaults().withMaxCapacityElements(2048));
                vectors.add(v);
                v.push(vectors.size());
            }
        } catch (MappingLimitException e) {
            refused = e;
        }
        // The vector whose push was refused is still usable, and empty.
        MappedIntVector last = vectors.get(vectors.size() - 1);
        if (last.size() > 1) {
            throw new AssertionError("the refused push changed the vector: size " + last.size());
        }
        // Steps done: vectors holding their element (the last one's reserve or push may have been refused).
        MappingLimitChild.report(refused, last.size() == 1 ? vectors.size() : vectors.size() - 1);
        MappingLimitChild.survive();
        for (MappedIntVector v : vectors) {
            v.close();
        }
        System.out.println("CLOSED " + vectors.size());
    }
}
