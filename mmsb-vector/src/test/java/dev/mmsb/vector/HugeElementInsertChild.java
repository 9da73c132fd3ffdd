package dev.mmsb.vector;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backends;

/**
 * A child JVM (see {@link VectorMisuseTest}) with a heap smaller than one element: inserts before the first element of
 * a vector of 32 MiB elements, and prints {@code OK} with the elements' order if the insert moved them in place.
 * Argument: the backend name.
 */
public final class HugeElementInsertChild {
    static final int SIZE = 32 << 20;

    private HugeElementInsertChild() {
    }

    public static void main(String[] args) {
        ElementCodec<Integer> big = ElementCodec.of(SIZE,
                e -> {
                    int head = e.getInt(0);
                    if (e.getInt(SIZE - 4) != head) {
                        throw new AssertionError("torn element " + head + "/" + e.getInt(SIZE - 4));
                    }
                    return head;
                },
                (e, v) -> {
                    e.putInt(0, v);
                    e.putInt(SIZE - 4, v);
                });
        try (MappedVector<Integer> v = MappedVector.create(Backends.load(args[0]), big,
                VectorOptions.defaults().withMaxCapacityElements(4).withHugePages(false).withPopulateStepBytes(0))) {
            v.push(1);
            v.push(2);
            long committed = v.committedBytes();
            v.insert(0, 0);
            System.out.println("OK " + v.get(0) + v.get(1) + v.get(2) + " size=" + v.size() + " grew="
                    + (v.committedBytes() > committed));
        } catch (Throwable e) {
            System.out.println("FAILED " + e);
        }
    }
}
