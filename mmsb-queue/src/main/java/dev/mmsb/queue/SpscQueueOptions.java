package dev.mmsb.queue;

import java.util.OptionalLong;

/**
 * How a single-producer/single-consumer mapped queue ({@link MappedSpscQueue}, {@link MappedIntSpscQueue},
 * {@link MappedLongSpscQueue}) is built: an optional bound, the size of its chunks and how many emptied chunks it keeps
 * committed for reuse. Immutable; start from {@link #defaults()}:
 *
 * <pre>{@code
 * SpscQueueOptions bounded = SpscQueueOptions.defaults().withMaxCapacityElements(1 << 20).withChunkBytes(1 << 20);
 * }</pre>
 *
 * <p><b>Memory bound.</b> The elements live in a chain of chunks of {@link #chunkBytes()} bytes, each its own
 * reservation, committed whole. The consumer hands each chunk it has passed back to the producer through a ring of at
 * most {@link #spareChunks()} spares and releases it when that ring is full. So at every moment, with
 * {@code E = chunkBytes / elementSize} elements per chunk,
 * <pre>{@code committedBytes() <= chunkBytes * (ceil(size / E) + 1 + spareChunks)}</pre>
 * and a bounded queue commits at most {@code chunkBytes * (ceil(maxCapacity / E) + 1 + spareChunks)} however much
 * streams through it. A queue whose size stays within {@code spareChunks} chunks of its level makes no paging call at
 * all in steady state: every chunk it needs is a spare, already committed and touched.
 */
public final class SpscQueueOptions {
    /** Chunk size unless told otherwise: 256 KiB, 64 Ki ints. */
    public static final int DEFAULT_CHUNK_BYTES = 256 << 10;
    /** Spare chunks kept committed unless told otherwise. */
    public static final int DEFAULT_SPARE_CHUNKS = 2;
    private static final SpscQueueOptions DEFAULTS = new SpscQueueOptions(0, DEFAULT_CHUNK_BYTES, DEFAULT_SPARE_CHUNKS);

    private final long maxCapacity;
    private final int chunkBytes;
    private final int spareChunks;

    private SpscQueueOptions(long maxCapacity, int chunkBytes, int spareChunks) {
        this.maxCapacity = maxCapacity;
        this.chunkBytes = chunkBytes;
        this.spareChunks = spareChunks;
    }

    /**
     * Unbounded, {@value #DEFAULT_CHUNK_BYTES}-byte chunks, {@value #DEFAULT_SPARE_CHUNKS} spares.
     *
     * @return the default options
     */
    public static SpscQueueOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Bounds the queue to {@code elements} elements: an offer to a full queue is refused.
     *
     * @param elements the bound in elements
     * @return options with this bound, the rest as these
     * @throws IllegalArgumentException if {@code elements} is not positive
     */
    public SpscQueueOptions withMaxCapacityElements(long elements) {
        if (elements <= 0) {
            throw new IllegalArgumentException("maxCapacityElements=" + elements + " must be positive");
        }
        return new SpscQueueOptions(elements, chunkBytes, spareChunks);
    }

    /**
     * Removes the bound: the queue grows by chunks until the OS refuses one.
     *
     * @return options without a bound, the rest as these
     */
    public SpscQueueOptions withoutMaxCapacity() {
        return new SpscQueueOptions(0, chunkBytes, spareChunks);
    }

    /**
     * Sets the chunk size. Larger chunks mean fewer reservations (one kernel mapping each) and rarer releases; smaller
     * ones a tighter memory bound. Must be a multiple of the backend's page size when the queue is built.
     *
     * @param chunkBytes the chunk size in bytes, a multiple of the page size
     * @return options with this chunk size, the rest as these
     * @throws IllegalArgumentException if {@code chunkBytes} is below 4096
     */
    public SpscQueueOptions withChunkBytes(int chunkBytes) {
        if (chunkBytes < 4096) {
            throw new IllegalArgumentException("chunkBytes=" + chunkBytes + " must be at least 4096");
        }
        return new SpscQueueOptions(maxCapacity, chunkBytes, spareChunks);
    }

    /**
     * Sets how many emptied chunks the queue keeps committed for the producer to reuse. 0 releases every chunk as
     * soon as the consumer has passed it, which on Panama costs a shared-arena close (a handshake with every thread)
     * per chunk.
     *
     * @param spareChunks the emptied chunks kept committed, from 0 to 1024
     * @return options with this many spares, the rest as these
     * @throws IllegalArgumentException if {@code spareChunks} is negative or above 1024
     */
    public SpscQueueOptions withSpareChunks(int spareChunks) {
        if (spareChunks < 0 || spareChunks > 1024) {
            throw new IllegalArgumentException("spareChunks=" + spareChunks + " must be in [0, 1024]");
        }
        return new SpscQueueOptions(maxCapacity, chunkBytes, spareChunks);
    }

    /** {@return the bound in elements, or empty if the queue is unbounded} */
    public OptionalLong maxCapacityElements() {
        return maxCapacity == 0 ? OptionalLong.empty() : OptionalLong.of(maxCapacity);
    }

    /** {@return the chunk size in bytes; {@value #DEFAULT_CHUNK_BYTES} unless set} */
    public int chunkBytes() {
        return chunkBytes;
    }

    /** {@return the emptied chunks kept committed for reuse; {@value #DEFAULT_SPARE_CHUNKS} unless set} */
    public int spareChunks() {
        return spareChunks;
    }

    @Override
    public String toString() {
        return "SpscQueueOptions[maxCapacity=" + (maxCapacity == 0 ? "unbounded" : maxCapacity) + ", chunkBytes="
                + chunkBytes + ", spareChunks=" + spareChunks + "]";
    }
}
