package dev.mmsb.vector;

import dev.mmsb.codec.Codecs;
import dev.mmsb.memory.Backend;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;

/** The vector classes under test, behind one long-valued adapter so that one test body covers all of them. */
enum Kind {
    INT {
        @Override
        TestVector create(Backend backend, VectorOptions options) {
            MappedIntVector v = MappedIntVector.create(backend, options);
            return new TestVector(v) {
                @Override public void push(long x) { v.push((int) x); }
                @Override public long pop() { return v.pop(); }
                @Override public long get(long i) { return v.get(i); }
                @Override public long set(long i, long x) { return v.set(i, (int) x); }
                @Override public void insert(long i, long x) { v.insert(i, (int) x); }
                @Override public long remove(long i) { return v.remove(i); }

                @Override
                Map<String, long[]> traversals() {
                    Map<String, long[]> seen = new LinkedHashMap<>();
                    seen.put("toArray", Arrays.stream(v.toArray()).asLongStream().toArray());
                    seen.put("iterator", collect(sink -> {
                        PrimitiveIterator.OfInt it = v.iterator();
                        while (it.hasNext()) {
                            sink.accept(it.nextInt());
                        }
                    }));
                    seen.put("forEachInt", collect(sink -> v.forEachInt(sink::accept)));
                    seen.put("stream", v.stream().asLongStream().toArray());
                    seen.put("parallel stream", v.stream().parallel().asLongStream().toArray());
                    return seen;
                }
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
            MappedLongVector v = MappedLongVector.create(backend, options);
            return new TestVector(v) {
                @Override public void push(long x) { v.push(x); }
                @Override public long pop() { return v.pop(); }
                @Override public long get(long i) { return v.get(i); }
                @Override public long set(long i, long x) { return v.set(i, x); }
                @Override public void insert(long i, long x) { v.insert(i, x); }
                @Override public long remove(long i) { return v.remove(i); }

                @Override
                Map<String, long[]> traversals() {
                    Map<String, long[]> seen = new LinkedHashMap<>();
                    seen.put("toArray", v.toArray());
                    seen.put("iterator", collect(sink -> {
                        PrimitiveIterator.OfLong it = v.iterator();
                        while (it.hasNext()) {
                            sink.accept(it.nextLong());
                        }
                    }));
                    seen.put("forEachLong", collect(v::forEachLong));
                    seen.put("stream", v.stream().toArray());
                    seen.put("parallel stream", v.stream().parallel().toArray());
                    return seen;
                }
            };
        }
    },
    DOUBLE {
        @Override
        TestVector create(Backend backend, VectorOptions options) {
            MappedDoubleVector v = MappedDoubleVector.create(backend, options);
            return new TestVector(v) {
                @Override public void push(long x) { v.push(x); }
                @Override public long pop() { return (long) v.pop(); }
                @Override public long get(long i) { return (long) v.get(i); }
                @Override public long set(long i, long x) { return (long) v.set(i, x); }
                @Override public void insert(long i, long x) { v.insert(i, x); }
                @Override public long remove(long i) { return (long) v.remove(i); }

                @Override
                Map<String, long[]> traversals() {
                    Map<String, long[]> seen = new LinkedHashMap<>();
                    seen.put("toArray", Arrays.stream(v.toArray()).mapToLong(x -> (long) x).toArray());
                    seen.put("iterator", collect(sink -> {
                        PrimitiveIterator.OfDouble it = v.iterator();
                        while (it.hasNext()) {
                            sink.accept((long) it.nextDouble());
                        }
                    }));
                    seen.put("forEachDouble", collect(sink -> v.forEachDouble(x -> sink.accept((long) x))));
                    seen.put("stream", v.stream().mapToLong(x -> (long) x).toArray());
                    seen.put("parallel stream", v.stream().parallel().mapToLong(x -> (long) x).toArray());
                    return seen;
                }
            };
        }
    },
    BOXED_INT {
        @Override
        TestVector create(Backend backend, VectorOptions options) {
            MappedVector<Integer> v = MappedVector.create(backend, Codecs.INT, options);
            return new TestVector(v) {
                @Override public void push(long x) { v.push((int) x); }
                @Override public long pop() { return v.pop(); }
                @Override public long get(long i) { return v.get(i); }
                @Override public long set(long i, long x) { return v.set(i, (int) x); }
                @Override public void insert(long i, long x) { v.insert(i, (int) x); }
                @Override public long remove(long i) { return v.remove(i); }

                @Override
                Map<String, long[]> traversals() {
                    return boxedTraversals(v, Integer::longValue);
                }
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
            MappedVector<Point> v = MappedVector.create(backend, Point.CODEC, options);
            return new TestVector(v) {
                @Override public void push(long x) { v.push(Point.of(x)); }
                @Override public long pop() { return v.pop().value(); }
                @Override public long get(long i) { return v.get(i).value(); }
                @Override public long set(long i, long x) { return v.set(i, Point.of(x)).value(); }
                @Override public void insert(long i, long x) { v.insert(i, Point.of(x)); }
                @Override public long remove(long i) { return v.remove(i).value(); }

                @Override
                Map<String, long[]> traversals() {
                    return boxedTraversals(v, Point::value);
                }
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

        /** The contents as each way of traversing the vector sees them, by the traversal's name. */
        abstract Map<String, long[]> traversals();

        /** What {@code traversal} hands its sink, in order. */
        long[] collect(Consumer<LongConsumer> traversal) {
            long[] values = new long[Math.toIntExact(vector.size())];
            int[] n = {0};
            traversal.accept(x -> {
                if (n[0] == values.length) {
                    throw new AssertionError("traversal yields more than size() = " + values.length + " elements");
                }
                values[n[0]++] = x;
            });
            return Arrays.copyOf(values, n[0]);
        }

        <T> Map<String, long[]> boxedTraversals(MappedVector<T> v, ToLongFunction<T> value) {
            Map<String, long[]> seen = new LinkedHashMap<>();
            seen.put("iterator", collect(sink -> {
                for (T x : v) {
                    sink.accept(value.applyAsLong(x));
                }
            }));
            seen.put("forEach", collect(sink -> v.forEach(x -> sink.accept(value.applyAsLong(x)))));
            seen.put("stream", v.stream().mapToLong(value).toArray());
            seen.put("parallel stream", v.stream().parallel().mapToLong(value).toArray());
            return seen;
        }

        @Override
        public void close() {
            vector.close();
        }
    }
}
