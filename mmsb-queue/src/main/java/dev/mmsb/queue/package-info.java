/**
 * FIFO queues in mapped pages that give drained pages back to the OS: {@link dev.mmsb.queue.MappedQueue} for any
 * fixed-size element type through a {@link dev.mmsb.codec.ElementCodec}, and {@link dev.mmsb.queue.MappedIntQueue} and
 * {@link dev.mmsb.queue.MappedLongQueue} for {@code int} and {@code long} without boxing. Each queue stores its elements
 * in one reservation used as a ring, commits pages just ahead of its tail and decommits the pages its head has passed,
 * keeping a bounded slack ({@link dev.mmsb.queue.QueueOptions}), so its committed memory follows what it holds rather
 * than what it held at its peak or what has streamed through it. The queues are not thread-safe.
 */
package dev.mmsb.queue;
