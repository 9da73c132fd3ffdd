package dev.mmsb.codec;

import java.util.Objects;

/**
 * Encodes values of {@code T} as a fixed number of bytes; what {@code MappedVector} and {@code MappedQueue} store their
 * elements with. A codec sees one element at a time, through an {@link ElementBuffer} bounded to its
 * {@link #size()} bytes: it cannot touch its neighbours or its structure's pages, and an access outside the element
 * is an {@link IndexOutOfBoundsException} naming the element size.
 *
 * <p>Contract: {@link #write} must throw before writing anything if it cannot encode the value (for example
 * {@code NullPointerException} naming the parameter for null), so a failed write leaves memory as it was; the
 * structures also restore what they can if it does not. {@link #read} of what {@link #write} wrote returns an equal
 * value. A codec must not call its own structure: such a call is refused with an {@link IllegalStateException} and
 * changes nothing.
 *
 * <pre>{@code
 * record Point(int x, long y) {}
 * ElementCodec<Point> POINT = ElementCodec.of(12,
 *         e -> new Point(e.getInt(0), e.getLong(4)),
 *         (e, p) -> { e.putInt(0, p.x()); e.putLong(4, p.y()); });
 * }</pre>
 *
 * @param <T> the element type
 */
public interface ElementCodec<T> {

    /** {@return bytes per element; positive and the same for every value.} */
    int size();

    /**
     * Decodes the element in {@code element}.
     *
     * @param element the element's bytes; valid only during this call
     * @return the value that {@link #write} encoded there
     */
    T read(ElementBuffer element);

    /**
     * Encodes {@code value} into {@code element}; throws before writing anything if it cannot.
     *
     * @param element the element's bytes; valid only during this call
     * @param value   the value to encode
     */
    void write(ElementBuffer element, T value);

    /**
     * Reads a field layout described by two lambdas.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    interface Reader<T> {
        /**
         * Decodes one element.
         *
         * @param element the element's bytes; valid only during this call
         * @return the decoded value
         */
        T read(ElementBuffer element);
    }

    /**
     * Writes a value; called only with a non-null value.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    interface Writer<T> {
        /**
         * Encodes one element.
         *
         * @param element the element's bytes; valid only during this call
         * @param value   the value to encode, never null
         */
        void write(ElementBuffer element, T value);
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
            public T read(ElementBuffer element) {
                return reader.read(element);
            }

            @Override
            public void write(ElementBuffer element, T value) {
                Objects.requireNonNull(value, "value");
                writer.write(element, value);
            }

            @Override
            public String toString() {
                return "ElementCodec[size=" + size + "]";
            }
        };
    }
}
