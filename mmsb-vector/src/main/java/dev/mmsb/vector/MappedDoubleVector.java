package dev.mmsb.vector;

import dev.mmsb.memory.Backend;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PrimitiveIterator;
import java.util.function.DoubleConsumer;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;

/**
 * A growable vector of {@code double}s in one reservation: growth commits the next pages and never copies or moves
 * elements; removals decommit as the {@link ShrinkPolicy} says. Hot paths ({@link #push}, {@link #pop}, {@link #get},
 * {@link #set}) neither box nor allocate: a bounds check and one reservation access, plus, rarely, a commit or
 * decommit (at most one per doubling or halving of the size).
 *
 * <p>Indices and sizes are {@code long}: a vector may hold more than {@code Integer.MAX_VALUE} elements. An index out
 * of range is an {@link IndexOutOfBoundsException} naming the index and the size; a failed operation leaves the vector
 * as it was. {@code equals} is identity.
 *
 * <p>Not thread-safe, like {@link java.util.ArrayList}: confine a vector to one thread or synchronise. Racing threads
 * may see wrong values; on the Panama backend they never crash the JVM, since every access goes through the
 * reservation's checks.
 */
public final class MappedDoubleVector extends AbstractMappedVector implements Iterable<Double> {
    private static final int SHIFT = 3;

    /** A vector with {@link VectorOptions#defaults()}. */
    public MappedDoubleVector(Backend backend) {
        this(backend, VectorOptions.defaults());
    }

    public MappedDoubleVector(Backend backend, VectorOptions options) {
        super(backend, Double.BYTES, options);
    }

    /**
     * Appends {@code value}.
     *
     * @throws CapacityExceededException if the vector holds {@link #maxCapacity()} elements
     */
    public void push(double value) {
        long n = length;
        if (n >= capacity) {
            growFor("push", n + 1);
        }
        memory.putDouble(n << SHIFT, value);
        length = n + 1;
    }

    /** Same as {@link #push}; returns true, as {@link java.util.Collection#add} does. */
    public boolean add(double value) {
        push(value);
        return true;
    }

    /**
     * Removes and returns the last element; may decommit (see {@link ShrinkPolicy}).
     *
     * @throws NoSuchElementException if the vector is empty
     */
    public double pop() {
        long n = length - 1;
        if (n < 0) {
            throw empty("pop");
        }
        double value = memory.getDouble(n << SHIFT);
        length = n;
        if (n < shrinkAt) {
            shrink();
        }
        return value;
    }

    public double get(long index) {
        if (index < 0 || index >= length) {
            throw outOfBounds("get", index);
        }
        return memory.getDouble(index << SHIFT);
    }

    /** Replaces the element at {@code index}; returns the previous one. */
    public double set(long index, double value) {
        if (index < 0 || index >= length) {
            throw outOfBounds("set", index);
        }
        long offset = index << SHIFT;
        double previous = memory.getDouble(offset);
        memory.putDouble(offset, value);
        return previous;
    }

    /**
     * Inserts {@code value} at {@code index} (0 to {@link #size()}), shifting later elements up: O(size - index).
     */
    public void insert(long index, double value) {
        long n = length;
        if (index < 0 || index > n) {
            throw outOfBounds("insert", index);
        }
        if (n >= capacity) {
            growFor("insert", n + 1);
        }
        openGap(index);
        memory.putDouble(index << SHIFT, value);
        length = n + 1;
    }

    /** Removes and returns the element at {@code index}, shifting later elements down: O(size - index). */
    public double remove(long index) {
        long n = length;
        if (index < 0 || index >= n) {
            throw outOfBounds("remove", index);
        }
        double value = memory.getDouble(index << SHIFT);
        closeGap(index);
        length = n - 1;
        if (n - 1 < shrinkAt) {
            shrink();
        }
        return value;
    }

    /**
     * Calls {@code action} with each element in order, without boxing: the fastest way to visit every element, as it
     * reads the reservation in bulk (1024 elements per check). The bulk reads go through one buffer of up to 1024
     * elements (8 KiB) that each call allocates, so a call allocates a little, once, however long the vector.
     * Changing the vector from {@code action} is not supported; shrinking it makes the traversal throw
     * {@link IndexOutOfBoundsException}.
     */
    public void forEachDouble(DoubleConsumer action) {
        Objects.requireNonNull(action, "action");
        ensureOpen("forEachDouble");
        long n = length;
        long[] chunk = new long[(int) Math.min(n, CHUNK)];
        for (long from = 0; from < n; from += CHUNK) {
            int count = checkChunk("forEachDouble", from, (int) Math.min(CHUNK, n - from));
            memory.get(from << SHIFT, chunk, 0, count);
            for (int i = 0; i < count; i++) {
                action.accept(Double.longBitsToDouble(chunk[i]));
            }
        }
    }

    /**
     * An iterator over the elements; {@link PrimitiveIterator.OfDouble#nextDouble()} does not box. It reads the live
     * vector by index: not fail-fast, and changes made while iterating show or not depending on their position.
     * Once the vector is closed, {@code hasNext} and {@code next} throw {@link IllegalStateException}.
     */
    @Override
    public PrimitiveIterator.OfDouble iterator() {
        ensureOpen("iterator");
        return new PrimitiveIterator.OfDouble() {
            private long next;

            @Override
            public boolean hasNext() {
                if (next < length) {
                    return true;
                }
                // close() sets length to 0: say that the vector is closed rather than that it has no more elements.
                ensureOpen("iterator");
                return false;
            }

            @Override
            public double nextDouble() {
                if (next >= length) {
                    ensureOpen("iterator");
                    throw new NoSuchElementException("index=" + next + " size=" + length);
                }
                return get(next++);
            }
        };
    }

    /**
     * The elements present now, as a sequential stream that may be made parallel; read in bulk, 1024
     * elements at a time. Changing the vector while the stream runs is not supported; shrinking it makes the stream
     * throw {@link IndexOutOfBoundsException}.
     */
    public DoubleStream stream() {
        ensureOpen("stream");
        long n = length;
        return LongStream.range(0, (n + CHUNK - 1) / CHUNK)
                .mapToObj(c -> chunk(c * CHUNK, (int) Math.min(CHUNK, n - c * CHUNK)))
                .flatMapToDouble(DoubleStream::of);
    }

    /** Elements {@code [from, from + count)} as a new array, checked against the current size. */
    private double[] chunk(long from, int count) {
        checkChunk("stream", from, count);
        double[] values = new double[count];
        long[] bits = new long[count];
        memory.get(from << SHIFT, bits, 0, count);
        for (int i = 0; i < count; i++) {
            values[i] = Double.longBitsToDouble(bits[i]);
        }
        return values;
    }

    /** A copy of the elements. */
    public double[] toArray() {
        ensureOpen("toArray");
        int n = arrayLength(length);
        double[] copy = new double[n];
        long[] chunk = new long[Math.min(n, CHUNK)];
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            memory.get((long) from << SHIFT, chunk, 0, count);
            for (int i = 0; i < count; i++) {
                copy[from + i] = Double.longBitsToDouble(chunk[i]);
            }
        }
        return copy;
    }
}
