package dev.mmsb.queue;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * One face over the three queues so that a test can drive any of them with {@code long} values: the int queue stores
 * their low 32 bits (callers pass values that fit), the generic queue stores them with {@link #checkedCodec}.
 */
abstract class Subject implements AutoCloseable {
    /** A value the checked codec refuses, to test that a failing codec leaves the queue unchanged. */
    static final long POISON = Long.MIN_VALUE + 12345;

    final String kind;

    Subject(String kind) {
        this.kind = kind;
    }

    abstract boolean offer(long value);

    /** add: throws IllegalStateException when full. */
    abstract void add(long value);

    /** poll; null when empty. */
    abstract Long poll();

    /** remove(); NoSuchElementException when empty. */
    abstract long remove();

    abstract Long peek();

    abstract long element();

    abstract long size();

    abstract boolean isEmpty();

    abstract void clear();

    abstract long drain(LongConsumer sink, long max);

    abstract Iterator<Long> iterator();

    abstract Ring ring();

    abstract long committedBytes();

    abstract long capacity();

    @Override
    public abstract void close();

    boolean isClosed() {
        return ring().isClosed();
    }

    int elementSize() {
        return ring().es;
    }

    /** Values this subject can store: all longs, or the int range. */
    long value(long random) {
        return random;
    }

    List<Long> contents() {
        List<Long> list = new ArrayList<>();
        iterator().forEachRemaining(list::add);
        return list;
    }

    @Override
    public String toString() {
        return kind;
    }

    /**
     * Stores a long and a check word in {@code size} bytes (at least 12): the long at the start, the check word in the
     * last four bytes, so a read of a stale or torn slot fails loudly. Refuses {@link #POISON} before writing.
     */
    static ElementCodec<Long> checkedCodec(int size) {
        if (size < 12) {
            throw new IllegalArgumentException("size " + size);
        }
        return ElementCodec.of(size, e -> {
            long v = e.getLong(0);
            int check = e.getInt(size - 4);
            if (check != check(v)) {
                throw new AssertionError("torn element: value " + v + " check " + check);
            }
            return v;
        }, (e, v) -> {
            if (v == POISON) {
                throw new IllegalArgumentException("poison");
            }
            e.putLong(0, v);
            e.putInt(size - 4, check(v));
        });
    }

    private static int check(long v) {
        return (int) (v ^ (v >>> 32)) ^ 0x5A5A5A5A;
    }

    static Subject generic(Backend backend, int elementSize, QueueOptions options) {
        return new Generic(MappedQueue.create(backend, checkedCodec(elementSize), options), elementSize);
    }

    static Subject ints(Backend backend, QueueOptions options) {
        return new Ints(MappedIntQueue.create(backend, options));
    }

    static Subject longs(Backend backend, QueueOptions options) {
        return new Longs(MappedLongQueue.create(backend, options));
    }

    static final class Generic extends Subject {
        final MappedQueue<Long> q;

        Generic(MappedQueue<Long> q, int elementSize) {
            super("MappedQueue<" + elementSize + " bytes>");
            this.q = q;
        }

        @Override
        boolean offer(long value) {
            return q.offer(value);
        }

        @Override
        void add(long value) {
            q.add(value);
        }

        @Override
        Long poll() {
            return q.poll();
        }

        @Override
        long remove() {
            return q.remove();
        }

        @Override
        Long peek() {
            return q.peek();
        }

        @Override
        long element() {
            return q.element();
        }

        @Override
        long size() {
            long size = q.longSize();
            if (q.size() != (int) Math.min(size, Integer.MAX_VALUE)) {
                throw new AssertionError("size() " + q.size() + " vs longSize() " + size);
            }
            return size;
        }

        @Override
        boolean isEmpty() {
            return q.isEmpty();
        }

        @Override
        void clear() {
            q.clear();
        }

        @Override
        long drain(LongConsumer sink, long max) {
            return q.drain(sink::accept, max);
        }

        @Override
        Iterator<Long> iterator() {
            return q.iterator();
        }

        @Override
        Ring ring() {
            return q.ring();
        }

        @Override
        long committedBytes() {
            return q.committedBytes();
        }

        @Override
        long capacity() {
            return q.capacity();
        }

        @Override
        public void close() {
            q.close();
        }
    }

    static final class Ints extends Subject {
        final MappedIntQueue q;

        Ints(MappedIntQueue q) {
            super("MappedIntQueue");
            this.q = q;
        }

        @Override
        long value(long random) {
            return (int) random;
        }

        @Override
        boolean offer(long value) {
            return q.offerInt(Math.toIntExact(value));
        }

        @Override
        void add(long value) {
            q.addInt(Math.toIntExact(value));
        }

        @Override
        Long poll() {
            if (q.isEmpty()) {
                long none = q.pollInt(-7);
                if (none != -7) {
                    throw new AssertionError("pollInt on empty returned " + none);
                }
                return null;
            }
            return (long) q.pollInt(-7);
        }

        @Override
        long remove() {
            return q.removeInt();
        }

        @Override
        Long peek() {
            if (q.isEmpty()) {
                long none = q.peekInt(-9);
                if (none != -9) {
                    throw new AssertionError("peekInt on empty returned " + none);
                }
                return null;
            }
            return (long) q.peekInt(-9);
        }

        @Override
        long element() {
            return q.elementInt();
        }

        @Override
        long size() {
            return q.size();
        }

        @Override
        boolean isEmpty() {
            return q.isEmpty();
        }

        @Override
        void clear() {
            q.clear();
        }

        @Override
        long drain(LongConsumer sink, long max) {
            return q.drain(v -> sink.accept(v), max);
        }

        @Override
        Iterator<Long> iterator() {
            java.util.PrimitiveIterator.OfInt it = q.iterator();
            return new Iterator<Long>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Long next() {
                    return (long) it.nextInt();
                }

                @Override
                public void remove() {
                    it.remove();
                }
            };
        }

        @Override
        Ring ring() {
            return q.ring();
        }

        @Override
        long committedBytes() {
            return q.committedBytes();
        }

        @Override
        long capacity() {
            return q.capacity();
        }

        @Override
        public void close() {
            q.close();
        }
    }

    static final class Longs extends Subject {
        final MappedLongQueue q;

        Longs(MappedLongQueue q) {
            super("MappedLongQueue");
            this.q = q;
        }

        @Override
        boolean offer(long value) {
            return q.offerLong(value);
        }

        @Override
        void add(long value) {
            q.addLong(value);
        }

        @Override
        Long poll() {
            if (q.isEmpty()) {
                long none = q.pollLong(-7);
                if (none != -7) {
                    throw new AssertionError("pollLong on empty returned " + none);
                }
                return null;
            }
            return q.pollLong(-7);
        }

        @Override
        long remove() {
            return q.removeLong();
        }

        @Override
        Long peek() {
            if (q.isEmpty()) {
                long none = q.peekLong(-9);
                if (none != -9) {
                    throw new AssertionError("peekLong on empty returned " + none);
                }
                return null;
            }
            return q.peekLong(-9);
        }

        @Override
        long element() {
            return q.elementLong();
        }

        @Override
        long size() {
            return q.size();
        }

        @Override
        boolean isEmpty() {
            return q.isEmpty();
        }

        @Override
        void clear() {
            q.clear();
        }

        @Override
        long drain(LongConsumer sink, long max) {
            return q.drain(sink, max);
        }

        @Override
        Iterator<Long> iterator() {
            java.util.PrimitiveIterator.OfLong it = q.iterator();
            return new Iterator<Long>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Long next() {
                    return it.nextLong();
                }

                @Override
                public void remove() {
                    it.remove();
                }
            };
        }

        @Override
        Ring ring() {
            return q.ring();
        }

        @Override
        long committedBytes() {
            return q.committedBytes();
        }

        @Override
        long capacity() {
            return q.capacity();
        }

        @Override
        public void close() {
            q.close();
        }
    }

    /** Throws unless {@code it} has no next element and says so both ways. */
    static void assertExhausted(Iterator<?> it) {
        if (it.hasNext()) {
            throw new AssertionError("iterator has more elements");
        }
        try {
            it.next();
            throw new AssertionError("next() past the end did not throw");
        } catch (NoSuchElementException expected) {
            // ok
        }
    }
}
