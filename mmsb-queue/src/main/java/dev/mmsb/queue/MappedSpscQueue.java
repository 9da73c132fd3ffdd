package dev.mmsb.queue;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.codec.ElementSlot;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A lock-free single-producer/single-consumer queue of fixed-size elements in mapped pages, stored by an
 * {@link ElementCodec}, that gives the pages its consumer has passed back to the OS: what {@link MappedQueue} is for
 * one thread, this is for a producer thread and a consumer thread. {@link MappedIntSpscQueue} and
 * {@link MappedLongSpscQueue} do the same for {@code int} and {@code long} without boxing.
 *
 * <pre>{@code
 * try (MappedSpscQueue<Long> queue = MappedSpscQueue.create(backend, Codecs.LONG, SpscQueueOptions.defaults())) {
 *     // producer thread                 // consumer thread
 *     queue.offer(42L);                  Long head = queue.poll();
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> Exactly one producer thread (calling {@link #offer}, {@link #offer(Object[], int, int)},
 * {@link #put}) and one consumer thread (calling {@link #poll}, {@link #peek}, {@link #drain}, {@link #take}) at a
 * time; the two may be any threads, and a role may move to another thread between calls (the release store that ends
 * one call orders it before the next call's compare-and-set, whatever thread makes it). {@link #size()},
 * {@link #committedBytes()}, {@link #close()} and the getters work from any thread. Breaking the contract, two calls
 * of one role at once (or a codec or sink calling back into its own role), is detected: the second call gets a
 * {@link java.util.ConcurrentModificationException} and changes nothing. Null elements are refused. A bounded queue
 * ({@link SpscQueueOptions#withMaxCapacityElements}) refuses an offer when full; an unbounded one grows a chunk at a time
 * until the OS refuses one ({@link dev.mmsb.memory.NativeMemoryException} from the offer, which changes nothing).
 * Offers and polls take no lock and allocate nothing (except a new chunk when no spare is left: a reservation and two
 * small objects), and a codec that throws leaves the queue unchanged.
 *
 * <p><b>Memory.</b> The elements live in a chain of page-aligned chunks, each its own reservation, committed whole when
 * the producer links it. The consumer hands each chunk it has passed back to the producer through a small ring of
 * spares and releases it when that ring is full, so the queue commits at most
 * {@code chunkBytes * (ceil(size / elementsPerChunk) + 1 + spareChunks)} and a queue whose size stays level makes no
 * paging call: see {@link SpscQueueOptions}.
 *
 * <p><b>Safety.</b> The producer never touches a chunk the consumer has released, because the consumer releases only
 * chunks it has read to the end, which the producer left before publishing the element that let the consumer pass
 * them (release/acquire on the indices; {@code SpscCore} gives the argument). It holds on Unsafe as on Panama. On
 * Panama, a release closes only that chunk's arena, and the spare ring means a queue at a steady level releases
 * nothing, so the shared-arena handshake is paid once per chunk the queue shrinks by, never per access.
 *
 * <p><b>Closing.</b> {@link #close()} from any thread, also while the other threads are inside an operation: it marks
 * the queue closed; the operations that start afterwards throw {@link IllegalStateException}; one already running
 * either finishes (an offer, poll or array copy, which runs no user code and which {@code close} waits for) or, if it
 * runs a codec or sink, stops at the next element with {@link IllegalStateException}, and then the last role to
 * leave releases the chunks. No thread ever touches a released chunk, on either backend. A queue never closed has its
 * chunks released by the backends' Cleaners once unreachable, each reported as a leak.
 *
 * @param <T> the element type
 */
public final class MappedSpscQueue<T> extends SpscCore implements AutoCloseable {
    private final ElementCodec<T> codec;
    /** The producer's and the consumer's codec slots: each bounds the codec to one element, on its own thread. */
    private final ElementSlot<T> writer;
    private final ElementSlot<T> reader;

    private MappedSpscQueue(Backend backend, ElementCodec<T> codec, SpscQueueOptions options) {
        super("MappedSpscQueue", backend, Objects.requireNonNull(codec, "codec").size(), options);
        this.codec = codec;
        this.writer = new ElementSlot<>(producerChunk.memory, codec, "MappedSpscQueue");
        this.reader = writer.fork();
    }

    /**
     * An empty queue with {@link SpscQueueOptions#defaults()} (unbounded) on the {@linkplain Backends#load()
     * configured backend}.
     *
     * @param <T>   the element type
     * @param codec encodes each element in its fixed size
     * @return the queue
     */
    public static <T> MappedSpscQueue<T> create(ElementCodec<T> codec) {
        return create(Backends.load(), codec, SpscQueueOptions.defaults());
    }

    /**
     * An empty queue with {@link SpscQueueOptions#defaults()} on {@code backend}.
     *
     * @param <T>     the element type
     * @param backend where the memory comes from
     * @param codec   encodes each element in its fixed size
     * @return the queue
     */
    public static <T> MappedSpscQueue<T> create(Backend backend, ElementCodec<T> codec) {
        return create(backend, codec, SpscQueueOptions.defaults());
    }

    /**
     * A queue on {@code backend} built as {@code options} say.
     *
     * @param <T>     the element type
     * @param backend where the memory comes from
     * @param codec   encodes each element in its fixed size
     * @param options bound, chunk size, spare chunks
     * @return the queue, empty, with its first chunk committed
     * @throws IllegalArgumentException if the chunk size is not a multiple of the page size or smaller than an element
     * @throws dev.mmsb.memory.NativeMemoryException if the first chunk cannot be reserved or committed
     */
    public static <T> MappedSpscQueue<T> create(Backend backend, ElementCodec<T> codec, SpscQueueOptions options) {
        return new MappedSpscQueue<>(backend, codec, options);
    }

    /**
     * Producer: adds {@code value} at the tail; false if the queue is full.
     *
     * @param value the element
     * @return true if added, false if the queue is full (nothing changed)
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if the queue is closed
     */
    public boolean offer(T value) {
        Objects.requireNonNull(value, "value");
        enterProducer(LONG_OP);
        try {
            long i = producerIndex;
            if (i >= producerLimit && producerRoom(i, 1) <= 0) {
                return false;
            }
            if (i == producerChunkEnd) {
                nextProducerChunk(i);
            }
            writer.write("offer", producerChunk.memory, (i - producerChunkBase) * elementBytes, value);
            if (closedDuringOp()) {
                throw closedException();
            }
            publishProducerIndex(i + 1);
            return true;
        } finally {
            exitProducer(LONG_OP);
        }
    }

    /**
     * Producer: adds as many of {@code src[from .. from + count)} as fit, in order.
     *
     * @param src   the elements
     * @param from  index in {@code src} of the first element to add
     * @param count how many elements to add at most
     * @return how many were added
     * @throws NullPointerException if an element in the range is null; the ones before it were added
     */
    public int offer(T[] src, int from, int count) {
        Objects.checkFromIndexSize(from, count, src.length);
        enterProducer(LONG_OP);
        long i = producerIndex;
        long start = i;
        try {
            long n = Math.min(count, producerRoom(i, count));
            for (int k = 0; k < n; k++) {
                T value = Objects.requireNonNull(src[from + k], "src element");
                if (i == producerChunkEnd) {
                    if (k > 0) {
                        publishProducerIndex(i);
                    }
                    nextProducerChunk(i);
                }
                writer.write("offer", producerChunk.memory, (i - producerChunkBase) * elementBytes, value);
                i++;
                if (closedDuringOp()) {
                    throw closedException();
                }
            }
            return (int) (i - start);
        } finally {
            publishProducerIndex(i);
            exitProducer(LONG_OP);
        }
    }

    /**
     * Producer: adds {@code value}, waiting with {@code idle} while the queue is full.
     *
     * @param value the element
     * @param idle  what to do between attempts
     * @throws InterruptedException if interrupted while waiting; the value was not added
     */
    public void put(T value, IdleStrategy idle) throws InterruptedException {
        Objects.requireNonNull(idle, "idle");
        for (int attempt = 1; !offer(value); attempt = attempt == Integer.MAX_VALUE ? attempt : attempt + 1) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            idle.idle(attempt);
        }
    }

    /**
     * Consumer: removes and returns the head, or null if the queue is empty.
     *
     * @return the head, or null if the queue is empty
     * @throws IllegalStateException if the queue is closed
     */
    public T poll() {
        return read(true);
    }

    /**
     * Consumer: returns the head without removing it, or null if the queue is empty.
     *
     * @return the head, or null if the queue is empty
     * @throws IllegalStateException if the queue is closed
     */
    public T peek() {
        return read(false);
    }

    private T read(boolean remove) {
        enterConsumer(LONG_OP);
        try {
            long i = consumerIndex;
            if (i >= consumerLimit && consumerAvailable(i) <= 0) {
                return null;
            }
            if (i == consumerChunkEnd) {
                nextConsumerChunk(i);
            }
            T value = reader.read("poll", consumerChunk.memory, (i - consumerChunkBase) * elementBytes);
            if (closedDuringOp()) {
                throw closedException();
            }
            if (remove) {
                publishConsumerIndex(i + 1);
            }
            return value;
        } finally {
            exitConsumer(LONG_OP);
        }
    }

    /**
     * Consumer: removes up to {@code max} elements from the head, in order, handing each to {@code sink}. An element
     * is removed once {@code sink} returns; if it throws, that element stays at the head and the exception propagates.
     *
     * @param sink receives each element, on the consumer thread
     * @param max  the most elements to remove, not negative
     * @return how many were removed
     * @throws IllegalStateException if the queue is closed, also by {@code sink} (the drain then stops)
     */
    public long drain(Consumer<? super T> sink, long max) {
        Objects.requireNonNull(sink, "sink");
        if (max < 0) {
            throw new IllegalArgumentException("max=" + max + " must not be negative");
        }
        enterConsumer(LONG_OP);
        long i = consumerIndex;
        long start = i;
        try {
            long end = i + Math.min(max, consumerAvailable(i));
            while (i < end) {
                if (i == consumerChunkEnd) {
                    nextConsumerChunk(i);
                }
                sink.accept(reader.read("poll", consumerChunk.memory, (i - consumerChunkBase) * elementBytes));
                i++;
                if (closedDuringOp()) {
                    throw closedException();
                }
            }
            return i - start;
        } finally {
            publishConsumerIndex(i);
            exitConsumer(LONG_OP);
        }
    }

    /**
     * Consumer: removes and returns the head, waiting with {@code idle} while the queue is empty.
     *
     * @param idle what to do between attempts
     * @return the head
     * @throws InterruptedException if interrupted while waiting
     */
    public T take(IdleStrategy idle) throws InterruptedException {
        Objects.requireNonNull(idle, "idle");
        for (int attempt = 1; ; attempt = attempt == Integer.MAX_VALUE ? attempt : attempt + 1) {
            T value = poll();
            if (value != null) {
                return value;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            idle.idle(attempt);
        }
    }

    /**
     * Marks the queue closed and releases its chunks as soon as no operation is running (at once if none is); see the
     * class comment. Idempotent, from any thread.
     */
    @Override
    public void close() {
        super.close();
    }
}
