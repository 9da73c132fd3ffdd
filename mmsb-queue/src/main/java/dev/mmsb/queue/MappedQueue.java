package dev.mmsb.queue;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.codec.ElementSlot;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.NativeMemoryException;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A FIFO {@link java.util.Queue} of fixed-size elements in mapped pages that gives drained pages back to the OS.
 * Elements are stored by an {@link ElementCodec} in a ring that laps inside the committed prefix of one reservation:
 * {@link #offer} and {@link #poll} are O(1), and a queue whose size stays within a factor of two makes no paging call
 * in steady state. The lap doubles when full (moving at most the wrapped part of the elements) and halves when a
 * quarter full, never below {@link QueueOptions#slackBytes()}, so {@link #committedBytes()} follows the live size,
 * not the peak or the total that went through: after every operation it is at most four times the live bytes, or the
 * floor (the slack, or four elements, rounded up to pages), whichever is larger; see {@link QueueOptions}. See
 * {@link MappedIntQueue} and {@link MappedLongQueue} for {@code int} and {@code long} without boxing, whose hot paths
 * also skip the reservation's page checks by reading and writing through a view of the lap.
 *
 * <pre>{@code
 * try (MappedQueue<Long> queue = MappedQueue.create(backend, Codecs.LONG)) {
 *     queue.offer(42L);
 *     Long head = queue.poll();
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> As {@link java.util.Queue}, with these choices:
 * <ul>
 *   <li>Null elements are refused ({@link NullPointerException}), whatever the codec, since {@link #poll} and
 *       {@link #peek} return null for an empty queue.</li>
 *   <li>Capacity: a queue built with {@link QueueOptions#withMaxCapacityElements} refuses an offer when full
 *       ({@link #offer} returns false, {@link #add} throws {@link IllegalStateException}), like
 *       {@link java.util.concurrent.ArrayBlockingQueue}. An unbounded queue is limited by its reservation (64 GiB of
 *       address space by default, see {@link QueueOptions#withReservationBytes}) and refuses offers the same way when
 *       that is full: see {@link #capacity()}.</li>
 *   <li>Commit budget ({@link dev.mmsb.memory.limits.MemoryBudget}, {@code -Dmmsb.budget}): an offer whose lap
 *       must grow past the budget is refused like an offer to a full queue: {@link #offer} returns false and
 *       {@link #add} throws {@link IllegalStateException} whose cause is the
 *       {@link dev.mmsb.memory.BudgetExceededException}; nothing changes. When a refusal anywhere in the process asks
 *       the queue to trim, its owner thread gives back the lap above the elements (all of it when empty, the slack
 *       included) at its next out-of-line call: a poll that finds the queue empty, an offer or poll that resizes or
 *       reaches the end of the lap, {@link #clear()}. No other thread ever trims it.</li>
 *   <li>{@link #size()} is capped at {@link Integer#MAX_VALUE}, as {@link Collection#size()} says; {@link #longSize()}
 *       is exact.</li>
 *   <li>Failures leave the queue unchanged: bad arguments, a full or empty queue, a codec that throws (also part-way
 *       through an element), or the OS refusing to commit memory ({@link NativeMemoryException}) change nothing,
 *       {@link #committedBytes()} included: a failed {@link #offer} or {@link #addAll} decommits the pages it
 *       committed. Only if the user code involved (the codec, or the collection given to {@code addAll}) itself
 *       changes this queue may pages committed ahead of the tail stay, within the slack. {@link #addAll} is all or
 *       nothing; {@link #drain} removes just the elements its sink accepted. Exceptions from user code called during
 *       {@link #removeIf}, {@link #removeAll} or {@link #retainAll} leave the removals made before them, as in every
 *       {@link Collection}. A refused decommit is not an error for the queue: the reservation reports it (WARNING log
 *       record and JFR event) and the queue goes on.</li>
 *   <li>The codec sees only its element (an {@link dev.mmsb.codec.ElementBuffer} of its size). A codec that calls back
 *       into this queue (an {@code offer} from its {@code write}, a {@code poll}, a {@code clear}) is refused with an
 *       {@link IllegalStateException} before the queue changes, so no element is lost and none made up.</li>
 *   <li>The iterator runs from head to tail and is fail-fast ({@link ConcurrentModificationException}); its
 *       {@code remove}, and so {@link #remove(Object)}, costs time proportional to the distance from the head.</li>
 * </ul>
 *
 * <p><b>Kernel mappings.</b> A queue's reservation is one kernel mapping per run of pages in one state: with the ring
 * as laid out today, at most three (the committed window and the reserved space on either side of it, or, while the
 * window wraps around the end of the ring, its two parts and the gap between them). A process may hold
 * {@code vm.max_map_count} mappings in all; an operation that would take it within
 * {@link dev.mmsb.memory.limits.MappingLimit}'s headroom of that limit fails with
 * {@link dev.mmsb.memory.MappingLimitException} (a {@link NativeMemoryException}) and, as above, changes nothing.
 *
 * <p><b>Threads.</b> Not thread-safe: use it from one thread at a time, with external synchronisation if threads take
 * turns.
 *
 * <p><b>Lifetime.</b> {@link #close()} releases the memory and discards the elements; after it every method throws
 * {@link IllegalStateException} but {@code close}, {@link #isClosed()}, {@link #toString()} and the fixed facts
 * {@link #capacity()}, {@link #elementSize()}, {@link #reservedBytes()} and {@link #committedBytes()} (then 0). A
 * queue that is never closed has its reservation released by a Cleaner once unreachable, reported as a leak.
 *
 * @param <T> the element type
 */
public final class MappedQueue<T> extends AbstractQueue<T> implements AutoCloseable {
    private final Ring ring;
    /** Runs the codec on one element at a time, bounded to it, and refuses calls from the codec back into the queue. */
    private final ElementSlot<T> codec;

    private MappedQueue(Backend backend, ElementCodec<T> codec, QueueOptions options) {
        Objects.requireNonNull(codec, "codec");
        this.ring = new Ring(backend, codec.size(), options, "MappedQueue");
        this.codec = new ElementSlot<>(ring.mem, codec, "MappedQueue");
    }

    /**
     * An empty queue of elements stored by {@code codec}, with {@link QueueOptions#defaults()} (unbounded), on the
     * {@linkplain Backends#load() configured backend}.
     *
     * @param <T>   the element type
     * @param codec encodes each element in its fixed size
     * @return the queue, empty
     * @throws IllegalStateException if no backend can run here
     */
    public static <T> MappedQueue<T> create(ElementCodec<T> codec) {
        return create(Backends.load(), codec, QueueOptions.defaults());
    }

    /**
     * An empty queue of elements stored by {@code codec}, with {@link QueueOptions#defaults()}, on {@code backend}.
     *
     * @param <T>     the element type
     * @param backend where the memory comes from
     * @param codec   encodes each element in its fixed size
     * @return the queue, empty
     */
    public static <T> MappedQueue<T> create(Backend backend, ElementCodec<T> codec) {
        return create(backend, codec, QueueOptions.defaults());
    }

    /**
     * An empty queue of elements stored by {@code codec} on {@code backend}, built as {@code options} say.
     *
     * @param <T>     the element type
     * @param backend where the memory comes from
     * @param codec   encodes each element in its fixed size
     * @param options bound, slack, reservation, huge pages
     * @return the queue, empty
     * @throws IllegalArgumentException if the options' reservation cannot hold its bound
     * @throws NativeMemoryException if the address space cannot be reserved
     */
    public static <T> MappedQueue<T> create(Backend backend, ElementCodec<T> codec, QueueOptions options) {
        return new MappedQueue<>(backend, codec, options);
    }

    /**
     * Adds {@code element} at the tail.
     *
     * @return false if the queue is full
     * @throws NullPointerException if {@code element} is null
     */
    @Override
    public boolean offer(T element) {
        Objects.requireNonNull(element, "element");
        Ring q = ring;
        if (q.tail >= q.tailStop) {
            codec.checkIdle("offer"); // the lap may change before the codec runs
            return q.offerSlow(codec, element);
        }
        // The slot is committed and nothing else changes until the tail moves, so a codec that throws, even part-way,
        // leaves the queue as it was.
        codec.write("offer", q.tailOff, element);
        q.tailOff += q.es;
        q.tail++;
        return true;
    }

    /**
     * Adds {@code element} at the tail.
     *
     * @throws IllegalStateException if the queue is full
     * @throws NullPointerException if {@code element} is null
     */
    @Override
    public boolean add(T element) {
        if (!offer(element)) {
            throw ring.full("MappedQueue");
        }
        return true;
    }

    /**
     * Adds every element of {@code elements} in order, or none of them if one fails (null, a full queue, or the codec
     * refusing it), in which case the pages committed for them are decommitted again.
     *
     * @throws IllegalStateException if the elements do not all fit
     * @throws NullPointerException if {@code elements} or one of them is null
     * @throws IllegalArgumentException if {@code elements} is this queue
     */
    @Override
    public boolean addAll(Collection<? extends T> elements) {
        Objects.requireNonNull(elements, "elements");
        if (elements == this) {
            throw new IllegalArgumentException("a queue cannot be added to itself");
        }
        codec.checkIdle("addAll");
        return ring.addAll(codec, elements);
    }

    /** Removes and returns the head, or returns null if the queue is empty. */
    @Override
    public T poll() {
        Ring q = ring;
        long h = q.head;
        if (h == q.tail) {
            codec.checkIdle("poll");
            q.pollEmpty();
            return null;
        }
        T element = codec.read("poll", q.headOff);
        q.headOff += q.es;
        q.head = ++h;
        if (h >= q.headStop) {
            q.afterPoll();
        }
        return element;
    }

    /** Returns the head without removing it, or null if the queue is empty. */
    @Override
    public T peek() {
        Ring q = ring;
        if (q.head == q.tail) {
            q.checkOpen();
            codec.checkIdle("peek");
            return null;
        }
        return codec.read("peek", q.headOff);
    }

    /**
     * Removes up to {@code max} elements from the head, in order, handing each to {@code sink}. An element is removed
     * once {@code sink} returns; if it throws, that element stays at the head and the exception propagates.
     *
     * @param sink takes each element removed
     * @param max  the most elements to remove
     * @return how many elements were removed
     * @throws IllegalArgumentException if {@code max} is negative
     * @throws ConcurrentModificationException if {@code sink} removed elements from this queue
     * @throws IllegalStateException if the queue is closed, also by {@code sink}
     */
    public long drain(Consumer<? super T> sink, long max) {
        Objects.requireNonNull(sink, "sink");
        if (max < 0) {
            throw new IllegalArgumentException("max=" + max + " must not be negative");
        }
        Ring q = ring;
        q.checkOpen();
        codec.checkIdle("drain");
        long done = 0;
        while (done < max && q.head != q.tail) {
            long h = q.head;
            sink.accept(codec.read("drain", q.headOff));
            // close() empties the ring without moving the head, so it needs its own check.
            if (q.head != h || q.isClosed()) {
                q.checkOpen();
                throw new ConcurrentModificationException("the sink removed elements from the queue it drains");
            }
            q.headOff += q.es;
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
    @Override
    public Iterator<T> iterator() {
        ring.checkOpen();
        codec.checkIdle("iterator");
        return new Iter();
    }

    /** Elements in the queue, capped at {@link Integer#MAX_VALUE}; see {@link #longSize()}. */
    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, ring.size());
    }

    /** {@return elements in the queue.} */
    public long longSize() {
        return ring.size();
    }

    @Override
    public boolean isEmpty() {
        return ring.size() == 0;
    }

    /** Removes every element without reading it, and gives their pages back (down to the slack). */
    @Override
    public void clear() {
        codec.checkIdle("clear");
        ring.clear();
    }

    /** {@return most elements the queue can hold: its bound, or for an unbounded queue what its reservation fits.} */
    public long capacity() {
        return ring.capacity;
    }

    /** {@return {@code capacity() - longSize()}.} */
    public long remainingCapacity() {
        return ring.capacity - ring.size();
    }

    /** {@return bytes per element, from the codec.} */
    public int elementSize() {
        return ring.es;
    }

    /** {@return bytes of the queue's reservation that are committed now; 0 once closed.} */
    public long committedBytes() {
        return ring.committedBytes();
    }

    /**
     * Address space the queue holds now: it starts at 64 MiB (or the configured reservation, if smaller) and doubles
     * as the queue needs, up to the configured reservation.
     *
     * @return the reserved bytes
     */
    public long reservedBytes() {
        return ring.mem.size();
    }

    /** {@return whether {@link #close()} ran} */
    public boolean isClosed() {
        return ring.isClosed();
    }

    /** Releases the queue's memory; the elements in it are discarded. Idempotent. */
    @Override
    public void close() {
        if (!ring.isClosed()) {
            codec.checkIdle("close");
        }
        ring.close();
    }

    /** The elements, as {@link java.util.AbstractCollection#toString()} lists them; {@code MappedQueue[closed]} once closed. */
    @Override
    public String toString() {
        return ring.isClosed() ? "MappedQueue[closed]" : super.toString();
    }

    // ---- Queue methods that AbstractQueue would implement with a bare NoSuchElementException --------------------

    /**
     * Removes and returns the head.
     *
     * @throws NoSuchElementException if the queue is empty
     * @throws IllegalStateException if the queue is closed
     */
    @Override
    public T remove() {
        T head = poll();
        if (head == null) {
            throw empty();
        }
        return head;
    }

    /**
     * Returns the head without removing it.
     *
     * @throws NoSuchElementException if the queue is empty
     * @throws IllegalStateException if the queue is closed
     */
    @Override
    public T element() {
        T head = peek();
        if (head == null) {
            throw empty();
        }
        return head;
    }

    private static NoSuchElementException empty() {
        return new NoSuchElementException("MappedQueue is empty");
    }

    /** The ring, for the tests' invariant checks. */
    Ring ring() {
        return ring;
    }

    private final class Iter implements Iterator<T> {
        private long head = ring.head;
        private final long tail = ring.tail;
        private long resizes = ring.resizes;
        private long next = head;
        private long offset = ring.headOff;
        private long last = -1;

        @Override
        public boolean hasNext() {
            // close() leaves the counters as they are, so they cannot tell it.
            ring.checkOpen();
            return next < tail;
        }

        @Override
        public T next() {
            Ring q = ring;
            checkUnmodified(q);
            if (next >= tail) {
                q.checkOpen();
                throw new NoSuchElementException();
            }
            T element = codec.read("iterator", offset);
            offset = q.next(offset);
            last = next++;
            return element;
        }

        @Override
        public void remove() {
            Ring q = ring;
            if (last < 0) {
                throw new IllegalStateException("next() was not called, or remove() was already called after it");
            }
            checkUnmodified(q);
            codec.checkIdle("iterator.remove");
            q.removeAt(last);
            head = q.head;
            resizes = q.resizes;
            offset = q.offsetOf(next); // the removal may have shrunk the lap and moved the elements
            last = -1;
        }

        private void checkUnmodified(Ring q) {
            if (q.head != head || q.tail != tail || q.resizes != resizes) {
                q.checkOpen();
                throw new ConcurrentModificationException("MappedQueue was modified during iteration");
            }
        }
    }
}
