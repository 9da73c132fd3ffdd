package dev.mmsb.codec;

import dev.mmsb.memory.Reservation;

import java.util.Objects;

/**
 * Encodes values of {@code T} as a fixed number of bytes in a {@link Reservation}; what {@code MappedVector} and
 * {@code MappedQueue} store their elements with.
 *
 * <p>Contract: {@link #write} writes only {@code [offset, offset + size())} and must throw before writing anything if
 * it cannot encode the value (for example {@code NullPointerException} naming the parameter for null), so a failed
 * write leaves memory as it was. {@link #read} of what {@link #write} wrote returns an equal value.
 *
 * <pre>{@code
 * record Point(int x, long y) {}
 * ElementCodec<Point> POINT = ElementCodec.of(12,
 *         (r, off) -> new Point(r.getInt(off), r.getLong(off + 4)),
 *         (r, off, p) -> { r.putInt(off, p.x()); r.putLong(off + 4, p.y()); });
 * }</pre>
 *
 * @param <T> the element type
 */
public interface ElementCodec<T> {

    /** {@return bytes per element; positive and the same for every value.} */
    int size();

    /**
     * Reads the element that starts at {@code offset}.
     *
     * @param memory the structure's memory
     * @param offset where the element's {@link #size()} bytes start
     * @return the element
     */
    T read(Reservation memory, long offset);

    /**
     * Writes {@code value} to the {@link #size()} bytes at {@code offset}.
     *
     * @param memory the structure's memory
     * @param offset where the element's bytes start
     * @param value  the element
     */
    void write(Reservation memory, long offset, T value);

    /**
     * Reads a field layout described by two lambdas.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    interface Reader<T> {
        /**
         * Reads the element that starts at {@code offset}.
         *
         * @param memory the structure's memory
         * @param offset where the element starts
         * @return the element
         */
        T read(Reservation memory, long offset);
    }

    /**
     * Writes a value; called only with a non-null value.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    interface Writer<T> {
        /**
         * Writes {@code value} at {@code offset}.
         *
         * @param memory the structure's memory
         * @param offset where the element starts
         * @param value  the element, never null
         */
        void write(Reservation memory, long offset, T value);
    }

    /**
     * A codec from a size and two lambdas. The returned codec refuses null with a {@link NullPointerException} before
     * the writer runs.
     *
     * @param <T>    the element type
     * @param size   bytes per element, positive
     * @param reader reads an element
     * @param writer writes a non-null element
     * @return the codec
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    static <T> ElementCodec<T> of(int size, Reader<T> reader, Writer<T> writer) {
        if (size <= 0) {
            throw new IllegalArgumentException("size=" + size + " must be positive");
        }
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(writer, "writer");
        return new ElementCodec<T>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public T read(Reservation memory, long offset) {
                return reader.read(memory, offset);
            }

            @Override
            public void write(Reservation memory, long offset, T value) {
                Objects.requireNonNull(value, "value");
                writer.write(memory, offset, value);
            }

            @Override
            public String toString() {
                return "ElementCodec[size=" + size + "]";
            }
        };
    }
}
