package dev.mmsb.bench.subject;

import dev.mmsb.codec.Codecs;
import dev.mmsb.vector.MappedIntVector;
import dev.mmsb.vector.MappedVector;
import dev.mmsb.vector.ShrinkPolicy;
import dev.mmsb.vector.VectorOptions;
import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.PrimitiveIterator;
import java.util.function.IntConsumer;

/**
 * The growable int lists the vector benchmarks compare, behind one interface. Each JMH fork runs one implementation,
 * so the calls stay monomorphic and inline as if written against the class itself.
 */
public interface IntList extends AutoCloseable {
    void push(int value);

    int get(int index);

    /** Replaces the element at {@code index}. */
    void set(int index, int value);

    int pop();

    int size();

    void clear();

    /** Sums the elements with the structure's own iterator. */
    long iterateSum();

    /**
     * Sums the elements with the structure's own forEach: {@code forEachInt} (no boxing) on {@link MappedIntVector},
     * {@code forEach(IntConsumer)} on {@code IntArrayList}, {@code forEach(Consumer)} (boxed) on {@code MappedVector}
     * and {@code ArrayList}. The sum is a captured {@code long[1]}, as a caller would write it.
     */
    long forEachSum();

    @Override
    void close();

    /**
     * {@code panama} / {@code unsafe}: {@link MappedIntVector}; {@code panama-codec} / {@code unsafe-codec}:
     * {@code MappedVector<Integer>} with {@link Codecs#INT}; {@code IntArrayList}: fastutil's int[] doubling list;
     * {@code ArrayList}: {@code ArrayList<Integer>}; {@code panama-4k} / {@code unsafe-4k}: {@link MappedIntVector}
     * with huge pages and populate steps off (4 KiB pages faulted one at a time, as before they existed);
     * {@code syscall-panama-4k}, {@code syscall-panama-huge}, {@code syscall-panama-huge-populate}: the growth floors,
     * a minimal vector over raw downcalls with no MMSB code (JDK 25).
     */
    static IntList create(String impl) {
        switch (impl) {
            case "IntArrayList":
                return new FastutilList();
            case "ArrayList":
                return new BoxedList();
            case "syscall-panama-4k":
            case "syscall-panama-huge":
            case "syscall-panama-huge-populate":
                return floor(impl.substring("syscall-panama-".length()));
            default:
                String flavour = Impl.flavour(impl);
                if ("codec".equals(flavour)) {
                    return new CodecVector(MappedVector.create(Impl.backend(impl), Codecs.INT));
                }
                if ("4k".equals(flavour)) {
                    return new IntVector(MappedIntVector.create(Impl.backend(impl),
                            VectorOptions.defaults().withHugePages(false).withPopulateStepBytes(0)));
                }
                return new IntVector(MappedIntVector.create(Impl.backend(impl)));
        }
    }

    /** The floor list (src/main/java25, compiled for JDK 25 like the Panama floor): loaded by name. */
    private static IntList floor(String variant) {
        try {
            return (IntList) Class.forName("dev.mmsb.bench.floor.FloorIntList").getConstructor(String.class)
                    .newInstance(variant);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("the growth floor " + variant + " failed", e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the growth floors need JDK 25 or newer (this is JDK "
                    + Runtime.version().feature() + ") and --enable-native-access", e);
        }
    }

    /**
     * As {@link #create(String)}, but an MMSB vector gets {@code VectorOptions.defaults().withShrinkPolicy(policy)}. The
     * Java lists never shrink on their own, whatever the policy: {@code clear} and removals keep their arrays.
     */
    static IntList create(String impl, ShrinkPolicy policy) {
        if (Impl.backendName(impl) == null) {
            return create(impl);
        }
        VectorOptions options = VectorOptions.defaults().withShrinkPolicy(policy);
        return "codec".equals(Impl.flavour(impl)) ? new CodecVector(MappedVector.create(Impl.backend(impl),
                Codecs.INT, options)) : new IntVector(MappedIntVector.create(Impl.backend(impl), options));
    }

    /** MMSB's int specialisation. */
    final class IntVector implements IntList {
        private final MappedIntVector vector;

        IntVector(MappedIntVector vector) {
            this.vector = vector;
        }

        public void push(int value) {
            vector.push(value);
        }

        public int get(int index) {
            return vector.get(index);
        }

        public void set(int index, int value) {
            vector.set(index, value);
        }

        public int pop() {
            return vector.pop();
        }

        public int size() {
            return (int) vector.size();
        }

        public void clear() {
            vector.clear();
        }

        public long iterateSum() {
            long sum = 0;
            for (PrimitiveIterator.OfInt it = vector.iterator(); it.hasNext(); ) {
                sum += it.nextInt();
            }
            return sum;
        }

        public long forEachSum() {
            long[] sum = {0};
            vector.forEachInt(value -> sum[0] += value);
            return sum[0];
        }

        /** The vector, for tests that check what a benchmark's setup committed. */
        MappedIntVector vector() {
            return vector;
        }

        public void close() {
            vector.close();
        }
    }

    /** MMSB's generic vector with a codec: boxes at the API, stores 4 bytes per element. */
    final class CodecVector implements IntList {
        private final MappedVector<Integer> vector;

        CodecVector(MappedVector<Integer> vector) {
            this.vector = vector;
        }

        public void push(int value) {
            vector.push(value);
        }

        public int get(int index) {
            return vector.get(index);
        }

        public void set(int index, int value) {
            vector.set(index, value);
        }

        public int pop() {
            return vector.pop();
        }

        public int size() {
            return (int) vector.size();
        }

        public void clear() {
            vector.clear();
        }

        public long iterateSum() {
            long sum = 0;
            for (Iterator<Integer> it = vector.iterator(); it.hasNext(); ) {
                sum += it.next();
            }
            return sum;
        }

        public long forEachSum() {
            long[] sum = {0};
            vector.forEach(value -> sum[0] += value);
            return sum[0];
        }

        /** The vector, for tests that check what a benchmark's setup committed. */
        MappedVector<Integer> vector() {
            return vector;
        }

        public void close() {
            vector.close();
        }
    }

    /** fastutil's IntArrayList: an int[] that grows by half and copies everything each time. */
    final class FastutilList implements IntList {
        private final IntArrayList list = new IntArrayList();

        public void push(int value) {
            list.add(value);
        }

        public int get(int index) {
            return list.getInt(index);
        }

        public void set(int index, int value) {
            list.set(index, value);
        }

        public int pop() {
            return list.popInt();
        }

        public int size() {
            return list.size();
        }

        public void clear() {
            list.clear();
        }

        public long iterateSum() {
            long sum = 0;
            for (var it = list.iterator(); it.hasNext(); ) {
                sum += it.nextInt();
            }
            return sum;
        }

        public long forEachSum() {
            long[] sum = {0};
            list.forEach((IntConsumer) value -> sum[0] += value);
            return sum[0];
        }

        public void close() {
        }
    }

    /** The JDK's default: ArrayList of boxed Integers. */
    final class BoxedList implements IntList {
        private final ArrayList<Integer> list = new ArrayList<>();

        public void push(int value) {
            list.add(value);
        }

        public int get(int index) {
            return list.get(index);
        }

        public void set(int index, int value) {
            list.set(index, value);
        }

        public int pop() {
            return list.remove(list.size() - 1);
        }

        public int size() {
            return list.size();
        }

        public void clear() {
            list.clear();
        }

        public long iterateSum() {
            long sum = 0;
            for (Integer value : list) {
                sum += value;
            }
            return sum;
        }

        public long forEachSum() {
            long[] sum = {0};
            list.forEach(value -> sum[0] += value);
            return sum[0];
        }

        public void close() {
        }
    }
}
