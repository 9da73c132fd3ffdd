package dev.mmsb.queue;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;

import java.util.ConcurrentModificationException;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PrimitiveIterator;
import java.util.function.LongConsumer;

/**
 * A FIFO queue of {@code long}s in mapped pages that gives drained pages back to the OS; {@link MappedQueue} without
 * boxing. Same layout, memory bounds, capacity and exception contract as {@link MappedQueue}, which see. Each method
 * mirrors a {@link java.util.Queue} method: {@link #offerLong} / {@link #addLong} (throws when full), {@link #removeLong}
 * / {@link #elementLong} (throw {@link NoSuchElementException} when empty), and {@link #pollLong(long)} /
 * {@link #peekLong(long)}, which return the caller's empty signal instead of null.
 *
 * <p>Not thread-safe. After {@link #close()} every method throws {@link IllegalStateException} but {@code close},
 * {@link #isClosed()}, {@link #toString()}, {@link #capacity()}, {@link #reservedBytes()} and
 * {@link #committedBytes()} (then 0).
 */
public final class MappedLongQueue implements AutoCloseable {
    private final Ring ring;

    private MappedLongQueue(Backend backend, QueueOptions options) {
        ring = new Ring(backend, Long.BYTES, options, "MappedLongQueue");
    }

    /** An unbounded queue on the {@linkplain Backends#load() configured backend}. */
    public static MappedLongQueue create() {
        return create(Backends.load(), QueueOptions.DEFAULT);
    }

    /**
     * A queue on {@code backend} built as {@code options} say.
     *
     * @throws IllegalArgumentException if the options' reservation cannot hold its bound
     * @throws dev.mmsb.memory.NativeMemoryException if the address space cannot be reserved
     */
    public static MappedLongQueue create(Backend backend, QueueOptions options) {
        return new MappedLongQueue(backend, options);
    }

    /** Adds {@code value} at the tail; false if the queue is full. */
    public boolean offerLong(long value) {
        Ring q = ring;
        if (q.tail >= q.tailStop && !q.prepareOffer()) {
            return false;
        }
        q.mem.putLong(q.tailOff, value);
        q.tailOff += Long.BYTES;
        q.tail++;
        return true;
    }

    /**
     * Adds {@code value} at the tail.
     *
     * @throws IllegalStateException if the queue is full
     */
    public void addLong(long value) {
        if (!offerLong(value)) {
            throw full();
        }
    }

    /** Removes and returns the head, or returns {@code ifEmpty} if the queue is empty. */
    public long pollLong(long ifEmpty) {
        Ring q = ring;
        long h = q.head;
        if (h == q.tail) {
            q.checkOpen();
            return ifEmpty;
        }
        long value = q.mem.getLong(q.headOff);
        q.headOff += Long.BYTES;
        q.head = ++h;
        if (h >= q.headStop) {
            q.afterPoll();
        }
        return value;
    }

    /**
     * Removes and returns the head.
     *
     * @throws NoSuchElementException if the queue is empty
     */
    public long removeLong() {
        Ring q = ring;
        if (q.head == q.tail) {
            q.checkOpen();
            throw empty();
        }
        return pollLong(0);
    }

    /** Returns the head without removing it, or {@code ifEmpty} if the queue is empty. */
    public long peekLong(long ifEmpty) {
        Ring q = ring;
        if (q.head == q.tail) {
            q.checkOpen();
            return ifEmpty;
        }
        return q.mem.getLong(q.headOff);
    }

    /**
     * Returns the head without removing it.
     *
     * @throws NoSuchElementException if the queue is empty
     */
    public long elementLong() {
        Ring q = ring;
        if (q.head == q.tail) {
            q.checkOpen();
            throw empty();
        }
        return q.mem.getLong(q.headOff);
    }

    /**
     * Removes up to {@code max} elements from the head, in order, handing each to {@code sink}. An element is removed
     * once {@code sink} returns; if it throws, that element stays at the head and the exception propagates.
     *
     * @return how many elements were removed
     * @throws IllegalArgumentException if {@code max} is negative
     * @throws ConcurrentModificationException if {@code sink} removed elements from this queue
     */
    public long drain(LongConsumer sink, long max) {
        Objects.requireNonNull(sink, "sink");
        if (max < 0) {
            throw new IllegalArgumentException("max=" + max + " must not be negative");
        }
        Ring q = ring;
        q.checkOpen();
        long done = 0;
        while (done < max && q.head != q.tail) {
            long h = q.head;
            sink.accept(q.mem.getLong(q.headOff));
            if (q.head != h) {
                throw new ConcurrentModificationException("the sink removed elements from the queue it drains");
            }
            q.headOff += Long.BYTES;
            q.head = ++h;
            if (h >= q.headStop) {
                q.afterPoll();
            }
            done++;
        }
        return done;
    }

    /**
     * An iterator from head to tail. Fail-fast: any change to the queue except through the iterator's own
     * {@code remove} makes it throw {@link ConcurrentModificationException}. {@code remove} takes time proportional to
     * the element's distance from the head.
     */
    public PrimitiveIterator.OfLong iterator() {
        ring.checkOpen();
        return new Iter();
    }

    /** Elements in the queue. */
    public long size() {
        return ring.size();
    }

    public boolean isEmpty() {
        return ring.size() == 0;
    }

    /** Removes every element without reading it, and gives their pages back (down to the slack). */
    public void clear() {
        ring.clear();
    }

    /** Most elements the queue can hold: its bound, or for an unbounded queue what its reservation fits. */
    public long capacity() {
        return ring.capacity;
    }

    /** {@code capacity() - size()}. */
    public long remainingCapacity() {
        return ring.capacity - ring.size();
    }

    /** Bytes of the queue's reservation that are committed now; 0 once closed. */
    public long committedBytes() {
        return ring.committedBytes();
    }

    /** Address space the queue reserved. */
    public long reservedBytes() {
        return ring.mem.size();
    }

    public boolean isClosed() {
        return ring.isClosed();
    }

    /** Releases the queue's memory; the elements in it are discarded. Idempotent. */
    @Override
    public void close() {
        ring.close();
    }

    @Override
    public String toString() {
        Ring q = ring;
        return "MappedLongQueue[" + (q.isClosed() ? "closed" : "size=" + (q.tail - q.head) + ", capacity="
                + q.capacity + ", committed=" + q.committedBytes() + ", " + q.mem.backend()) + "]";
    }

    /** The ring, for the tests' invariant checks. */
    Ring ring() {
        return ring;
    }

    private static IllegalStateException full() {
        return new IllegalStateException("MappedLongQueue is full");
    }

    private static NoSuchElementException empty() {
        return new NoSuchElementException("MappedLongQueue is empty");
    }

    private final class Iter implements PrimitiveIterator.OfLong {
        private long head = ring.head;
        private final long tail = ring.tail;
        private long next = head;
        private long offset = ring.headOff;
        private long last = -1;

        @Override
        public boolean hasNext() {
            return next < tail;
        }

        @Override
        public long nextLong() {
            Ring q = ring;
            if (q.head != head || q.tail != tail) {
                q.checkOpen();
                throw new ConcurrentModificationException("MappedLongQueue was modified during iteration");
            }
            if (next >= tail) {
                throw new NoSuchElementException();
            }
            long value = q.mem.getLong(offset);
            offset = q.next(offset);
            last = next++;
            return value;
        }

        @Override
        public void remove() {
            Ring q = ring;
            if (last < 0) {
                throw new IllegalStateException("next() was not called, or remove() was already called after it");
            }
            if (q.head != head || q.tail != tail) {
                q.checkOpen();
                throw new ConcurrentModificationException("MappedLongQueue was modified during iteration");
            }
            q.removeAt(last);
            head = q.head;
            last = -1;
        }
    }
}
