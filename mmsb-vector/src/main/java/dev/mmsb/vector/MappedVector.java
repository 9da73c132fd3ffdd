package dev.mmsb.vector;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.codec.ElementSlot;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Spliterator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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
 * codec may do. The codec sees only its element (an {@link dev.mmsb.codec.ElementBuffer} of its size), and a codec
 * that calls back into this vector (a {@code push} from its {@code write}, a {@code clear}, a {@code get}) is refused
 * with an {@link IllegalStateException} before the vector changes. {@code equals} is identity.
 *
 * <p>Not thread-safe, like {@link java.util.ArrayList}: confine a vector to one thread or synchronise. Racing threads
 * may see wrong values; on the Panama backend they never crash the JVM, since every access goes through the
 * reservation's checks.
 *
 * @param <T> the element type
 */
public final class MappedVector<T> extends AbstractMappedVector implements Iterable<T> {
    private final ElementCodec<T> codec;
    /** Runs the codec on one element at a time, bounded to it, and refuses calls from the codec back into the vector. */
    private final ElementSlot<T> slot;

    private MappedVector(Backend backend, ElementCodec<T> codec, VectorOptions options) {
        super(backend, sizeOf(codec), options);
        this.codec = codec;
        this.slot = new ElementSlot<>(memory, codec, "MappedVector");
        this.codecSlot = slot;
    }

    /**
     * An empty vector of elements stored by {@code codec}, with {@link VectorOptions#defaults()}, on the
     * {@linkplain Backends#load() configured backend}.
     *
     * @param <T>   the element type
     * @param codec encodes the elements
     * @return the vector, empty
     * @throws IllegalStateException if no backend can run here
     */
    public static <T> MappedVector<T> create(ElementCodec<T> codec) {
        return new MappedVector<>(Backends.load(), codec, VectorOptions.defaults());
    }

    /**
     * An empty vector of elements stored by {@code codec}, with {@link VectorOptions#defaults()}, on a backend.
     *
     * @param <T>     the element type
     * @param backend the backend whose memory holds the elements
     * @param codec   encodes the elements
     * @return the vector, empty
     */
    public static <T> MappedVector<T> create(Backend backend, ElementCodec<T> codec) {
        return new MappedVector<>(backend, codec, VectorOptions.defaults());
    }

    /**
     * An empty vector of elements stored by {@code codec} on {@code backend}, sized as {@code options} say.
     *
     * @param <T>     the element type
     * @param backend the backend whose memory holds the elements
     * @param codec   encodes the elements
     * @param options the capacities, shrink policy and paging
     * @return the vector, empty, with room for the options' initial capacity committed
     * @throws IllegalArgumentException if the options' initial capacity exceeds their maximum
     * @throws dev.mmsb.memory.NativeMemoryException if the address space cannot be reserved or the initial capacity
     *                                               committed
     */
    public static <T> MappedVector<T> create(Backend backend, ElementCodec<T> codec, VectorOptions options) {
        return new MappedVector<>(backend, codec, options);
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
            slot.write("push", n * elementSize, value);
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
        T value = slot.read("pop", n * elementSize);
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
        return slot.read("get", index * elementSize);
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
        T previous = slot.read("set", offset);
        try {
            slot.write("set", offset, value);
        } catch (Throwable e) {
            // The codec contract says a failed write writes nothing, but a user codec may fail after its first put,
            // and this write goes straight over a live element. Encoding the value we just decoded restores it.
            try {
                slot.write("set", offset, previous);
            } catch (Throwable restoreFailure) {
                e.addSuppressed(restoreFailure);
            }
            throw e;
        }
        return previous;
    }

    /**
     * Inserts {@code value} at {@code index} (0 to {@link #size()}), shifting later elements up: O(size - index).
     * The elements move within the vector's memory, never through the heap, so elements of any size can be inserted.
     * A value the codec refuses, even part-way through encoding it, changes nothing: the elements move back and the
     * growth is undone.
     *
     * @param index from 0 to {@code size()}; {@code size()} appends
     * @param value the element
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size()]}
     * @throws CapacityExceededException if the vector holds {@link #maxCapacity()} elements
     */
    public void insert(long index, T value) {
        long n = length;
        if (index < 0 || index > n) {
            throw outOfBounds("insert", index);
        }
        slot.checkIdle("insert"); // the elements move before the codec runs
        long before = committedBytesUnchecked();
        if (n >= capacity) {
            growFor("insert", n + 1);
        }
        openGap(index);
        try {
            slot.write("insert", index * elementSize, value);
        } catch (Throwable e) {
            // The gap's old element is intact one slot up: moving the tail back down restores every byte.
            length = n + 1;
            closeGap(index);
            length = n;
            undoGrowth(before);
            throw e;
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
        T value = slot.read("remove", index * elementSize);
        closeGap(index);
        length = n - 1;
        if (n - 1 < shrinkAt) {
            shrink();
        }
        return value;
    }

    /**
     * Calls {@code action} with each element in order. As {@code forEachInt} of the primitive vectors: each element is
     * checked against the current size, so an action that shrinks the vector (a {@code clear}, {@code pop} or
     * {@code remove}) makes the traversal throw {@link IndexOutOfBoundsException}, and one that closes it
     * {@link IllegalStateException}; one that pushes does not extend the traversal.
     */
    @Override
    public void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        ensureOpen("forEach");
        for (long i = 0, n = length; i < n; i++) {
            action.accept(slot.read("forEach", traversal("forEach", i) * elementSize));
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
     * The elements present now, as a sequential stream that may be made parallel (each split decodes through its own
     * buffer). Changing the vector while the stream runs is not supported; shrinking it makes the stream throw
     * {@link IndexOutOfBoundsException}, closing it {@link IllegalStateException}.
     *
     * @return a stream of the elements present now
     * @throws IllegalStateException if the vector is closed
     */
    public Stream<T> stream() {
        ensureOpen("stream");
        return StreamSupport.stream(new Elements(0, length, slot), false);
    }

    /** Index ranges of the vector, split in halves for parallel streams; a split reads through a forked slot. */
    private final class Elements implements Spliterator<T> {
        private static final long MIN_SPLIT = 1 << 12;
        private final ElementSlot<T> reader;
        private long next;
        private final long end;

        Elements(long next, long end, ElementSlot<T> reader) {
            this.next = next;
            this.end = end;
            this.reader = reader;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            if (next >= end) {
                return false;
            }
            action.accept(reader.read("stream", traversal("stream", next++) * elementSize));
            return true;
        }

        @Override
        public Spliterator<T> trySplit() {
            long mid = (next + end) >>> 1;
            if (mid - next < MIN_SPLIT) {
                return null;
            }
            Elements prefix = new Elements(next, mid, reader.fork());
            next = mid;
            return prefix;
        }

        @Override
        public long estimateSize() {
            return end - next;
        }

        @Override
        public int characteristics() {
            return ORDERED | SIZED | SUBSIZED;
        }
    }

    /** Commits room for element {@code n} and writes it there; undoes the commit if the codec refuses the value. */
    private void writeGrowing(String operation, long n, T value) {
        slot.checkIdle(operation); // growing commits before the codec runs
        long before = committedBytesUnchecked();
        growFor(operation, n + 1);
        try {
            slot.write(operation, n * elementSize, value);
        } catch (Throwable e) {
            undoGrowth(before);
            throw e;
        }
    }
}
