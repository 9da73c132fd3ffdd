package dev.mmsb.vector;

import dev.mmsb.codec.Codecs;
import dev.mmsb.memory.Backend;

/** The vector classes under test, behind one long-valued adapter so that one test body covers all of them. */
enum Kind {
    INT {
        @Override
        TestVector create(Backend backend, VectorOptions options) {
            MappedIntVector v = new MappedIntVector(backend, options);
            return new TestVector(v) {
                @Override public void push(long x) { v.push((int) x); }
                @Override public long pop() { return v.pop(); }
                @Override public long get(long i) { return v.get(i); }
                @Override public long set(long i, long x) { return v.set(i, (int) x); }
                @Override public void insert(long i, long x) { v.insert(i, (int) x); }
                @Override public long remove(long i) { return v.remove(i); }
            };
        }
    },
    LONG {
        @Override
        long normalize(long value) {
            return value * 0x9E3779B97F4A7C15L;
        }

        @Override
        TestVector create(Backend backend, VectorOptions options) {
            MappedLongVector v = new MappedLongVector(backend, options);
            return new TestVector(v) {
                @Override public void push(long x) { v.push(x); }
                @Override public long pop() { return v.pop(); }
                @Override public long get(long i) { return v.get(i); }
                @Override public long set(long i, long x) { return v.set(i, x); }
                @Override public void insert(long i, long x) { v.insert(i, x); }
                @Override public long remove(long i) { return v.remove(i); }
            };
        }
    },
    DOUBLE {
        @Override
        TestVector create(Backend backend, VectorOptions options) {
            MappedDoubleVector v = new MappedDoubleVector(backend, options);
            return new TestVector(v) {
                @Override public void push(long x) { v.push(x); }
                @Override public long pop() { return (long) v.pop(); }
                @Override public long get(long i) { return (long) v.get(i); }
                @Override public long set(long i, long x) { return (long) v.set(i, x); }
                @Override public void insert(long i, long x) { v.insert(i, x); }
                @Override public long remove(long i) { return (long) v.remove(i); }
            };
        }
    },
    BOXED_INT {
        @Override
        TestVector create(Backend backend, VectorOptions options) {
            MappedVector<Integer> v = new MappedVector<>(backend, Codecs.INT, options);
            return new TestVector(v) {
                @Override public void push(long x) { v.push((int) x); }
                @Override public long pop() { return v.pop(); }
                @Override public long get(long i) { return v.get(i); }
                @Override public long set(long i, long x) { return v.set(i, (int) x); }
                @Override public void insert(long i, long x) { v.insert(i, (int) x); }
                @Override public long remove(long i) { return v.remove(i); }
            };
        }
    },
    /** 12-byte elements: some straddle two pages. */
    RECORD12 {
        @Override
        long normalize(long value) {
            return value * 0x9E3779B97F4A7C15L;
        }

        @Override
        TestVector create(Backend backend, VectorOptions options) {
            MappedVector<Point> v = new MappedVector<>(backend, Point.CODEC, options);
            return new TestVector(v) {
                @Override public void push(long x) { v.push(Point.of(x)); }
                @Override public long pop() { return v.pop().value(); }
                @Override public long get(long i) { return v.get(i).value(); }
                @Override public long set(long i, long x) { return v.set(i, Point.of(x)).value(); }
                @Override public void insert(long i, long x) { v.insert(i, Point.of(x)); }
                @Override public long remove(long i) { return v.remove(i).value(); }
            };
        }
    };

    abstract TestVector create(Backend backend, VectorOptions options);

    /** Maps an int to a value this kind stores exactly (and that uses all its bytes where it can). */
    long normalize(long value) {
        return (int) value;
    }

    /** A vector's operations with long values. */
    abstract static class TestVector implements AutoCloseable {
        final AbstractMappedVector vector;

        TestVector(AbstractMappedVector vector) {
            this.vector = vector;
        }

        abstract void push(long x);

        abstract long pop();

        abstract long get(long i);

        abstract long set(long i, long x);

        abstract void insert(long i, long x);

        abstract long remove(long i);

        long size() {
            return vector.size();
        }

        @Override
        public void close() {
            vector.close();
        }
    }
}
