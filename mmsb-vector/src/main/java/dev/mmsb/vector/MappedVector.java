package dev.mmsb.vector;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A growable vector of fixed-size elements in one reservation, encoded by an {@link ElementCodec}: the codecs in
 * {@link dev.mmsb.codec.Codecs} for the boxed primitives, or {@link ElementCodec#of} for your own records. Growth
 * commits the next pages and never copies or moves elements; removals decommit as the {@link ShrinkPolicy} says. An
 * element may straddle two pages when its size does not divide the page size; both are committed before it is written.
 * For {@code int}, {@code long} and {@code double} prefer {@link MappedIntVector}, {@link MappedLongVector} and
 * {@link MappedDoubleVector}, which do not box.
 *
 * <p>Indices and sizes are {@code long}. An index out of range is an {@link IndexOutOfBoundsException} naming the index
 * and the size. A value the codec cannot encode (with the built-in codecs: null) fails with the codec's exception,
 * a {@link NullPointerException} naming {@code value} for null, and the vector is as it was, capacity included; this
 * holds also for a codec that throws after writing part of the element, which the codec contract forbids but a user
 * codec may do. {@code equals} is identity.
 *
 * <p>Not thread-safe, like {@link java.util.ArrayList}: confine a vector to one thread or synchronise. Racing threads
 * may see wrong values; on the Panama backend they never crash the JVM, since every access goes through the
 * reservation's checks.
 *
 * @param <T> the element type
 */
public final class MappedVector<T> extends AbstractMappedVector implements Iterable<T> {
    private final ElementCodec<T> codec;
    /** One element's bytes, for {@link #insert}; allocated on first use. */
    private byte[] scratch;

    /**
     * A vector with {@link VectorOptions#defaults()}.
     *
     * @param backend where the memory comes from
     * @param codec   encodes each element in its fixed size
     */
    public MappedVector(Backend backend, ElementCodec<T> codec) {
        this(backend, codec, VectorOptions.defaults());
    }

    /**
     * A vector with these options.
     *
     * @param backend where the memory comes from
     * @param codec   encodes each element in its fixed size
     * @param options capacity, shrinking, huge pages
     */
    public MappedVector(Backend backend, ElementCodec<T> codec, VectorOptions options) {
        super(backend, sizeOf(codec), options);
        this.codec = codec;
    }

    private static int sizeOf(ElementCodec<?> codec) {
        return Objects.requireNonNull(codec, "codec").size();
    }

    /** {@return the codec the elements are encoded with} */
    public ElementCodec<T> codec() {
        return codec;
    }

    /**
     * Appends {@code value}. It is encoded into the free slot past the end, which becomes part of the vector only once
     * the codec returns, so a value the codec refuses, even part-way through encoding it, changes nothing.
     *
     * @param value the element
     * @throws CapacityExceededException if the vector holds {@link #maxCapacity()} elements
     * @throws NullPointerException      if {@code value} is null and the codec refuses null
     */
    public void push(T value) {
        long n = length;
        if (n < capacity) {
            codec.write(memory, n * elementSize, value);
        } else {
            writeGrowing("push", n, value);
        }
        length = n + 1;
    }

    /**
     * Same as {@link #push}.
     *
     * @param value the element
     * @return true, as {@link java.util.Collection#add} does
     */
    public boolean add(T value) {
        push(value);
        return true;
    }

    /**
     * Removes and returns the last element; may decommit (see {@link ShrinkPolicy}).
     *
     * @return the element removed
     * @throws NoSuchElementException if the vector is empty
     */
    public T pop() {
        long n = length - 1;
        if (n < 0) {
            throw empty("pop");
        }
        T value = codec.read(memory, n * elementSize);
        length = n;
        if (n < shrinkAt) {
            shrink();
        }
        return value;
    }

    /**
     * The element at {@code index}.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the element
     * @throws IndexOutOfBoundsException if {@code index} is outside the vector
     */
    public T get(long index) {
        if (index < 0 || index >= length) {
            throw outOfBounds("get", index);
        }
        return codec.read(memory, index * elementSize);
    }

    /**
     * Replaces the element at {@code index}; returns the previous one. If the codec throws, the previous element is
     * written back before the exception propagates, so the vector is as it was even when the codec failed part-way.
     * Should writing it back fail too, that failure is added to the codec's exception as suppressed.
     *
     * @param index from 0 to {@code size() - 1}
     * @param value the new element
     * @return the element it replaced
     */
    public T set(long index, T value) {
        if (index < 0 || index >= length) {
            throw outOfBounds("set", index);
        }
        long offset = index * elementSize;
        T previous = codec.read(memory, offset);
        try {
            codec.write(memory, offset, value);
        } catch (Throwable e) {
            // The codec contract says a failed write writes nothing, but a user codec may fail after its first put,
            // and this write goes straight over a live element. Encoding the value we just decoded restores it.
            try {
                codec.write(memory, offset, previous);
            } catch (Throwable restoreFailure) {
                e.addSuppressed(restoreFailure);
            }
            throw e;
        }
        return previous;
    }

    /**
     * Inserts {@code value} at {@code index} (0 to {@link #size()}), shifting later elements up: O(size - index).
     * The value is encoded into the free slot past the end before anything moves, so a value the codec refuses, even
     * part-way through encoding it, changes nothing.
     *
     * @param index where the element goes, from 0 to {@link #size()}
     * @param value the element
     */
    public void insert(long index, T value) {
        long n = length;
        if (index < 0 || index > n) {
            throw outOfBounds("insert", index);
        }
        long end = n * elementSize;
        if (n < capacity) {
            codec.write(memory, end, value);
        } else {
            writeGrowing("insert", n, value);
        }
        if (index < n) {
            byte[] bytes = scratch;
            if (bytes == null) {
                bytes = scratch = new byte[elementSize];
            }
            memory.get(end, bytes, 0, elementSize);
            openGap(index);
            memory.put(index * elementSize, bytes, 0, elementSize);
        }
        length = n + 1;
    }

    /**
     * Removes and returns the element at {@code index}, shifting later elements down: O(size - index).
     *
     * @param index from 0 to {@code size() - 1}
     * @return the element removed
     */
    public T remove(long index) {
        long n = length;
        if (index < 0 || index >= n) {
            throw outOfBounds("remove", index);
        }
        T value = codec.read(memory, index * elementSize);
        closeGap(index);
        length = n - 1;
        if (n - 1 < shrinkAt) {
            shrink();
        }
        return value;
    }

    /** Calls {@code action} with each element in order. */
    @Override
    public void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        ensureOpen("forEach");
        for (long i = 0; i < length; i++) {
            action.accept(codec.read(memory, i * elementSize));
        }
    }

    /**
     * An iterator over the elements. It reads the live vector by index: not fail-fast, and changes made while
     * iterating show or not depending on their position. {@link Iterator#remove()} is not supported. Once the vector
     * is closed, {@code hasNext} and {@code next} throw {@link IllegalStateException}.
     */
    @Override
    public Iterator<T> iterator() {
        ensureOpen("iterator");
        return new Iterator<T>() {
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
            public T next() {
                if (next >= length) {
                    ensureOpen("iterator");
                    throw new NoSuchElementException("index=" + next + " size=" + length);
                }
                return get(next++);
            }
        };
    }

    /**
     * The elements present now, as a sequential stream that may be made parallel. Changing the vector while the
     * stream runs is not supported; shrinking it makes the stream throw {@link IndexOutOfBoundsException}.
     *
     * @return a stream of the elements
     */
    public Stream<T> stream() {
        ensureOpen("stream");
        return LongStream.range(0, length).mapToObj(this::get);
    }

    /** Commits room for element {@code n} and writes it there; undoes the commit if the codec refuses the value. */
    private void writeGrowing(String operation, long n, T value) {
        long before = committedBytesUnchecked();
        growFor(operation, n + 1);
        try {
            codec.write(memory, n * elementSize, value);
        } catch (Throwable e) {
            undoGrowth(before);
            throw e;
        }
    }
}
