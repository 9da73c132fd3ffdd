package dev.mmsb.vector;

import dev.mmsb.memory.Backend;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PrimitiveIterator;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;

/**
 * A growable vector of {@code long}s in one reservation: growth commits the next pages and never copies or moves
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
public final class MappedLongVector extends AbstractMappedVector implements Iterable<Long> {
    private static final int SHIFT = 3;

    /** A vector with {@link VectorOptions#defaults()}. */
    public MappedLongVector(Backend backend) {
        this(backend, VectorOptions.defaults());
    }

    public MappedLongVector(Backend backend, VectorOptions options) {
        super(backend, Long.BYTES, options);
    }

    /**
     * Appends {@code value}.
     *
     * @throws CapacityExceededException if the vector holds {@link #maxCapacity()} elements
     */
    public void push(long value) {
        long n = length;
        if (n >= capacity) {
            growFor("push", n + 1);
        }
        memory.putLong(n << SHIFT, value);
        length = n + 1;
    }

    /** Same as {@link #push}; returns true, as {@link java.util.Collection#add} does. */
    public boolean add(long value) {
        push(value);
        return true;
    }

    /**
     * Removes and returns the last element; may decommit (see {@link ShrinkPolicy}).
     *
     * @throws NoSuchElementException if the vector is empty
     */
    public long pop() {
        long n = length - 1;
        if (n < 0) {
            throw empty("pop");
        }
        long value = memory.getLong(n << SHIFT);
        length = n;
        if (n < shrinkAt) {
            shrink();
        }
        return value;
    }

    public long get(long index) {
        if (index < 0 || index >= length) {
            throw outOfBounds("get", index);
        }
        return memory.getLong(index << SHIFT);
    }

    /** Replaces the element at {@code index}; returns the previous one. */
    public long set(long index, long value) {
        if (index < 0 || index >= length) {
            throw outOfBounds("set", index);
        }
        long offset = index << SHIFT;
        long previous = memory.getLong(offset);
        memory.putLong(offset, value);
        return previous;
    }

    /**
     * Inserts {@code value} at {@code index} (0 to {@link #size()}), shifting later elements up: O(size - index).
     */
    public void insert(long index, long value) {
        long n = length;
        if (index < 0 || index > n) {
            throw outOfBounds("insert", index);
        }
        if (n >= capacity) {
            growFor("insert", n + 1);
        }
        openGap(index);
        memory.putLong(index << SHIFT, value);
        length = n + 1;
    }

    /** Removes and returns the element at {@code index}, shifting later elements down: O(size - index). */
    public long remove(long index) {
        long n = length;
        if (index < 0 || index >= n) {
            throw outOfBounds("remove", index);
        }
        long value = memory.getLong(index << SHIFT);
        closeGap(index);
        length = n - 1;
        if (n - 1 < shrinkAt) {
            shrink();
        }
        return value;
    }

    /**
     * Calls {@code action} with each element in order, without boxing: the fastest way to visit every element, as it
     * reads the reservation in bulk (1024 elements per check). Changing the vector from {@code action} is
     * not supported; shrinking it makes the traversal throw {@link IndexOutOfBoundsException}.
     */
    public void forEachLong(LongConsumer action) {
        Objects.requireNonNull(action, "action");
        ensureOpen("forEachLong");
        long n = length;
        long[] chunk = new long[(int) Math.min(n, CHUNK)];
        for (long from = 0; from < n; from += CHUNK) {
            int count = checkChunk("forEachLong", from, (int) Math.min(CHUNK, n - from));
            memory.get(from << SHIFT, chunk, 0, count);
            for (int i = 0; i < count; i++) {
                action.accept(chunk[i]);
            }
        }
    }

    /**
     * An iterator over the elements; {@link PrimitiveIterator.OfLong#nextLong()} does not box. It reads the live
     * vector by index: not fail-fast, and changes made while iterating show or not depending on their position.
     */
    @Override
    public PrimitiveIterator.OfLong iterator() {
        ensureOpen("iterator");
        return new PrimitiveIterator.OfLong() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < length;
            }

            @Override
            public long nextLong() {
                if (next >= length) {
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
    public LongStream stream() {
        ensureOpen("stream");
        long n = length;
        return LongStream.range(0, (n + CHUNK - 1) / CHUNK)
                .mapToObj(c -> chunk(c * CHUNK, (int) Math.min(CHUNK, n - c * CHUNK)))
                .flatMapToLong(LongStream::of);
    }

    /** Elements {@code [from, from + count)} as a new array, checked against the current size. */
    private long[] chunk(long from, int count) {
        checkChunk("stream", from, count);
        long[] values = new long[count];
        memory.get(from << SHIFT, values, 0, count);
        return values;
    }

    /** A copy of the elements. */
    public long[] toArray() {
        ensureOpen("toArray");
        long[] copy = new long[arrayLength(length)];
        memory.get(0, copy, 0, copy.length);
        return copy;
    }
}
