/**
 * FIFO queues in mapped pages that give drained pages back to the OS: {@link dev.mmsb.queue.MappedQueue} for any
 * fixed-size element type through a {@link dev.mmsb.codec.ElementCodec}, and {@link dev.mmsb.queue.MappedIntQueue} and
 * {@link dev.mmsb.queue.MappedLongQueue} for {@code int} and {@code long} without boxing. Each queue stores its elements
 * in one reservation used as a ring, commits pages just ahead of its tail and decommits the pages its head has passed,
 * keeping a bounded slack ({@link dev.mmsb.queue.QueueOptions}), so its committed memory follows what it holds rather
 * than what it held at its peak or what has streamed through it. These queues are not thread-safe.
 *
 * <p>{@link dev.mmsb.queue.MappedSpscQueue}, {@link dev.mmsb.queue.MappedIntSpscQueue} and
 * {@link dev.mmsb.queue.MappedLongSpscQueue} are their lock-free single-producer/single-consumer counterparts: elements
 * in a chain of page-aligned chunks that the consumer hands back to the producer or releases
 * ({@link dev.mmsb.queue.SpscQueueOptions}), blocking variants with an {@link dev.mmsb.queue.IdleStrategy}.
 */
package dev.mmsb.queue;
