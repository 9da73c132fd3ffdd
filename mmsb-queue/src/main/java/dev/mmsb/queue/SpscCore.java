package dev.mmsb.queue;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.MemoryView;
import dev.mmsb.memory.Reservation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ConcurrentModificationException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine of the SPSC queues: the chain of chunks, the spare ring that hands passed chunks back to the producer,
 * the index publication and the role/close protocol. The typed queues extend it and keep only their element access.
 *
 * <p><b>Publication.</b> The producer writes an element, then publishes {@code producerIndex} with a release store;
 * the consumer reads it with an acquire load before it reads an element below it. The consumer publishes
 * {@code consumerIndex} the same way after reading, which a bounded producer acquires before reusing space. A
 * chunk's {@code next} link is written before the producer publishes an index inside the next chunk, and a passed
 * chunk goes to the spare ring (release store of {@code spareTail}, acquired by the producer) only after the consumer
 * has read its last element. So the producer never writes a chunk the consumer still reads, and no thread touches a
 * chunk the consumer released: the consumer releases only chunks it has passed, and the producer left them before it
 * published the element that made the consumer pass them. This holds on Unsafe as on Panama; it needs no help from the
 * backend's own checks.
 *
 * <p><b>Roles and close.</b> Each operation enters its role with a compare-and-set of the role flag from 0 to
 * {@link #SHORT_OP} or {@link #LONG_OP} (a full fence), then reads {@code closed}; {@link #close()} sets
 * {@code closed} with a full fence, then reads both flags: by Dekker's argument either the operation sees the close
 * (and touches no memory) or the close sees the operation. A short operation runs no user code and leaves with a
 * release store; the closer waits for it, a few hundred nanoseconds at most. A long operation (one that runs a sink or
 * a codec, which may block or call {@code close} itself) leaves with a full fence and a second read of {@code closed},
 * and if the queue closed meanwhile, it releases the memory itself: the last role to leave releases. A compare-and-set
 * on {@code released} makes that happen once. A second thread entering a role that is busy fails its compare-and-set
 * and gets a {@link ConcurrentModificationException}: a broken single-producer/single-consumer contract is detected
 * whenever two calls of one role overlap, and never reaches memory.
 */
abstract class SpscCore extends SpscPad2 {
    static final int SHORT_OP = 1;
    static final int LONG_OP = 2;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle PRODUCER_IN;
    private static final VarHandle CONSUMER_IN;
    private static final VarHandle SPARE_HEAD;
    private static final VarHandle SPARE_TAIL;
    private static final VarHandle CLOSED;
    private static final VarHandle RELEASED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(SpscProducerFields.class, "producerIndex", long.class);
            PRODUCER_IN = lookup.findVarHandle(SpscProducerFields.class, "producerIn", int.class);
            SPARE_HEAD = lookup.findVarHandle(SpscProducerFields.class, "spareHead", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(SpscConsumerFields.class, "consumerIndex", long.class);
            CONSUMER_IN = lookup.findVarHandle(SpscConsumerFields.class, "consumerIn", int.class);
            SPARE_TAIL = lookup.findVarHandle(SpscConsumerFields.class, "spareTail", long.class);
            CLOSED = lookup.findVarHandle(SpscCore.class, "closed", int.class);
            RELEASED = lookup.findVarHandle(SpscCore.class, "released", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String name;
    final Backend backend;
    final int elementBytes;
    final int chunkBytes;
    /** Elements per chunk. */
    final long chunkElements;
    /** The bound, or {@link Long#MAX_VALUE} for an unbounded queue. */
    final long capacity;
    private final SpscChunk[] spares;
    private final AtomicLong liveChunks = new AtomicLong();
    private final AtomicLong chunksReserved = new AtomicLong();
    private final AtomicLong chunksReleased = new AtomicLong();
    @SuppressWarnings("unused") // through CLOSED
    private int closed;
    @SuppressWarnings("unused") // through RELEASED
    private int released;

    SpscCore(String name, Backend backend, int elementBytes, SpscQueueOptions options) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        this.name = name;
        this.backend = backend;
        this.elementBytes = elementBytes;
        this.chunkBytes = options.chunkBytes();
        if (chunkBytes % backend.pageSize() != 0) {
            throw new IllegalArgumentException("chunkBytes=" + chunkBytes + " must be a multiple of the page size "
                    + backend.pageSize());
        }
        if (elementBytes > chunkBytes) {
            throw new IllegalArgumentException("elementSize=" + elementBytes + " does not fit a chunk of "
                    + chunkBytes + " bytes");
        }
        this.chunkElements = chunkBytes / elementBytes;
        this.capacity = options.maxCapacityElements().orElse(Long.MAX_VALUE);
        this.spares = new SpscChunk[options.spareChunks()];
        SpscChunk first = newChunk();
        producerChunk = first;
        producerView = first.view;
        producerChunkEnd = chunkElements;
        producerLimit = capacity;
        consumerChunk = first;
        consumerView = first.view;
        consumerChunkEnd = chunkElements;
        // The threads that take the roles may get the queue through a data race; let them see a whole one.
        VarHandle.releaseFence();
    }

    // ---- roles ------------------------------------------------------------------------------------------------

    final void enterProducer(int op) {
        if (!PRODUCER_IN.compareAndSet(this, 0, op)) {
            throw roleBusy("producer");
        }
        if ((int) CLOSED.getVolatile(this) != 0) {
            exitProducer(op);
            throw closedException();
        }
    }

    final void exitProducer(int op) {
        if (op == SHORT_OP) {
            PRODUCER_IN.setRelease(this, 0);
        } else {
            PRODUCER_IN.setVolatile(this, 0);
            if ((int) CLOSED.getVolatile(this) != 0) {
                releaseIfIdle();
            }
        }
    }

    final void enterConsumer(int op) {
        if (!CONSUMER_IN.compareAndSet(this, 0, op)) {
            throw roleBusy("consumer");
        }
        if ((int) CLOSED.getVolatile(this) != 0) {
            exitConsumer(op);
            throw closedException();
        }
    }

    final void exitConsumer(int op) {
        if (op == SHORT_OP) {
            CONSUMER_IN.setRelease(this, 0);
        } else {
            CONSUMER_IN.setVolatile(this, 0);
            if ((int) CLOSED.getVolatile(this) != 0) {
                releaseIfIdle();
            }
        }
    }

    /** Whether a long operation's sink or codec closed the queue; the operation then stops and throws. */
    final boolean closedDuringOp() {
        return (int) CLOSED.getOpaque(this) != 0;
    }

    private ConcurrentModificationException roleBusy(String role) {
        return new ConcurrentModificationException(name + ": another call is already inside the " + role
                + " role; an SPSC queue takes one producer and one consumer at a time (or the sink or codec called back"
                + " into the queue)");
    }

    final IllegalStateException closedException() {
        return new IllegalStateException(name + " is closed");
    }

    // ---- indices ----------------------------------------------------------------------------------------------

    final void publishProducerIndex(long index) {
        PRODUCER_INDEX.setRelease(this, index);
    }

    final void publishConsumerIndex(long index) {
        CONSUMER_INDEX.setRelease(this, index);
    }

    /**
     * How many elements the producer may offer at {@code index}, reading the consumer's index again if the cached
     * limit says fewer than {@code wanted}. 0 when the queue is full.
     */
    final long producerRoom(long index, long wanted) {
        long room = producerLimit - index;
        if (room < wanted && capacity != Long.MAX_VALUE) {
            producerLimit = (long) CONSUMER_INDEX.getAcquire(this) + capacity;
            room = producerLimit - index;
        }
        return room;
    }

    /** How many elements the consumer may read at {@code index}; acquires the producer's index if the cache is used up. */
    final long consumerAvailable(long index) {
        long available = consumerLimit - index;
        if (available <= 0) {
            consumerLimit = (long) PRODUCER_INDEX.getAcquire(this);
            available = consumerLimit - index;
        }
        return available;
    }

    // ---- chunks -----------------------------------------------------------------------------------------------

    /** The producer, at {@code index} == the end of its chunk: links the next chunk, a spare if there is one. */
    final void nextProducerChunk(long index) {
        SpscChunk chunk = null;
        long head = spareHead;
        if (head < (long) SPARE_TAIL.getAcquire(this)) {
            int slot = (int) (head % spares.length);
            chunk = spares[slot];
            spares[slot] = null;
            SPARE_HEAD.setRelease(this, head + 1);
        }
        if (chunk == null) {
            chunk = newChunk(); // may throw: nothing has changed yet
        }
        chunk.next = null;
        producerChunk.next = chunk; // published with the next producerIndex, which lies in this chunk
        producerChunk = chunk;
        producerView = chunk.view;
        producerChunkBase = index;
        producerChunkEnd = index + chunkElements;
    }

    /** The consumer, at {@code index} == the end of its chunk with an element after it: moves on, recycles the old. */
    final void nextConsumerChunk(long index) {
        SpscChunk passed = consumerChunk;
        SpscChunk chunk = passed.next;
        consumerChunk = chunk;
        consumerView = chunk.view;
        consumerChunkBase = index;
        consumerChunkEnd = index + chunkElements;
        long tail = spareTail;
        if (tail - (long) SPARE_HEAD.getAcquire(this) < spares.length) {
            spares[(int) (tail % spares.length)] = passed;
            SPARE_TAIL.setRelease(this, tail + 1);
        } else {
            releaseChunk(passed);
        }
    }

    private SpscChunk newChunk() {
        Reservation memory = backend.reserve(chunkBytes);
        MemoryView view;
        try {
            memory.commit(0, chunkBytes);
            view = memory.view(0, chunkBytes);
        } catch (RuntimeException | Error e) {
            memory.release();
            throw e;
        }
        liveChunks.incrementAndGet();
        chunksReserved.incrementAndGet();
        return new SpscChunk(memory, view);
    }

    private void releaseChunk(SpscChunk chunk) {
        chunk.memory.release();
        liveChunks.decrementAndGet();
        chunksReleased.incrementAndGet();
    }

    // ---- lifetime ---------------------------------------------------------------------------------------------

    /**
     * Marks the queue closed and releases its chunks once no role is inside an operation; see the class comment.
     * Idempotent, from any thread.
     */
    public void close() {
        if ((int) CLOSED.getAndSet(this, 1) == 0) {
            releaseIfIdle();
        }
    }

    private void releaseIfIdle() {
        for (;;) {
            int p = (int) PRODUCER_IN.getVolatile(this);
            int c = (int) CONSUMER_IN.getVolatile(this);
            if (p == LONG_OP || c == LONG_OP) {
                return; // that role releases as it leaves
            }
            if (p == SHORT_OP || c == SHORT_OP) {
                Thread.onSpinWait(); // no user code runs inside: it leaves within a few hundred nanoseconds
                continue;
            }
            if (RELEASED.compareAndSet(this, 0, 1)) {
                releaseAll();
            }
            return;
        }
    }

    private void releaseAll() {
        // Both roles are out and their last writes were released to our acquiring reads of their flags.
        SpscChunk chunk = consumerChunk;
        while (chunk != null) {
            SpscChunk next = chunk == producerChunk ? null : chunk.next;
            releaseChunk(chunk);
            chunk = next;
        }
        for (long i = spareHead; i < spareTail; i++) {
            int slot = (int) (i % spares.length);
            releaseChunk(spares[slot]);
            spares[slot] = null;
        }
        producerView = null;
        consumerView = null;
    }

    /** {@return whether {@link #close()} was called} From any thread: one volatile read. */
    public boolean isClosed() {
        return (int) CLOSED.getVolatile(this) != 0;
    }

    // ---- observation, from any thread ------------------------------------------------------------------------

    /** {@return elements in the queue} From any thread: a value it had at some moment during the call. */
    public long size() {
        long consumed = (long) CONSUMER_INDEX.getAcquire(this);
        for (;;) {
            long produced = (long) PRODUCER_INDEX.getAcquire(this);
            long again = (long) CONSUMER_INDEX.getAcquire(this);
            if (again == consumed) {
                return Math.max(0, produced - consumed);
            }
            consumed = again;
        }
    }

    /** {@return whether the queue holds no element} From any thread, as {@link #size()}. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** {@return most elements the queue holds: its bound, or {@link Long#MAX_VALUE} if unbounded} */
    public long capacity() {
        return capacity;
    }

    /** {@return bytes per element} */
    public int elementSize() {
        return elementBytes;
    }

    /** {@return bytes committed now: the chunks in the chain and the spares; 0 once closed and released} */
    public long committedBytes() {
        return liveChunks.get() * chunkBytes;
    }

    /** Reservations (chunks) made and released so far: how often the queue paged, for tests and diagnostics. */
    long chunksReserved() {
        return chunksReserved.get();
    }

    long chunksReleased() {
        return chunksReleased.get();
    }

    /** The documented bound on {@link #committedBytes()} for a queue holding {@code size} elements. */
    final long committedBound(long size) {
        return (long) chunkBytes * ((size + chunkElements - 1) / chunkElements + 1 + spares.length);
    }

    @Override
    public String toString() {
        return name + "[" + (isClosed() ? "closed" : "size=" + size() + ", capacity="
                + (capacity == Long.MAX_VALUE ? "unbounded" : capacity) + ", committed=" + committedBytes() + ", "
                + backend.name()) + "]";
    }
}
