package dev.mmsb.bench.subject;

import dev.mmsb.queue.MappedIntQueue;
import dev.mmsb.queue.QueueOptions;
import it.unimi.dsi.fastutil.ints.IntArrayFIFOQueue;

import java.util.ArrayDeque;

/** The int FIFO queues the queue benchmarks compare, behind one interface (monomorphic in each JMH fork). */
public interface IntFifo extends AutoCloseable {
    /** Returned by {@link #poll()} when the queue is empty. */
    int EMPTY = Integer.MIN_VALUE;

    void offer(int value);

    int poll();

    int size();

    @Override
    void close();

    /**
     * {@code panama} / {@code unsafe}: {@link MappedIntQueue} with default options; {@code IntArrayFIFOQueue}:
     * fastutil's primitive ring buffer; {@code ArrayDeque}: {@code ArrayDeque<Integer>}.
     */
    static IntFifo create(String impl) {
        switch (impl) {
            case "IntArrayFIFOQueue":
                return new FastutilRing();
            case "ArrayDeque":
                return new BoxedDeque();
            default:
                return new MappedQueue(MappedIntQueue.create(Impl.backend(impl), QueueOptions.defaults()));
        }
    }

    /** MMSB's int queue: pages behind the head go back to the OS. */
    final class MappedQueue implements IntFifo {
        private final MappedIntQueue queue;

        MappedQueue(MappedIntQueue queue) {
            this.queue = queue;
        }

        public void offer(int value) {
            queue.offerInt(value);
        }

        public int poll() {
            return queue.pollInt(EMPTY);
        }

        public int size() {
            return (int) queue.size();
        }

        public void close() {
            queue.close();
        }
    }

    /** fastutil's IntArrayFIFOQueue: an int[] ring that doubles when full. */
    final class FastutilRing implements IntFifo {
        private final IntArrayFIFOQueue queue = new IntArrayFIFOQueue();

        public void offer(int value) {
            queue.enqueue(value);
        }

        public int poll() {
            return queue.isEmpty() ? EMPTY : queue.dequeueInt();
        }

        public int size() {
            return queue.size();
        }

        public void close() {
        }
    }

    /** The JDK's default: ArrayDeque of boxed Integers. */
    final class BoxedDeque implements IntFifo {
        private final ArrayDeque<Integer> queue = new ArrayDeque<>();

        public void offer(int value) {
            queue.offer(value);
        }

        public int poll() {
            Integer value = queue.poll();
            return value == null ? EMPTY : value;
        }

        public int size() {
            return queue.size();
        }

        public void close() {
        }
    }
}
