package dev.mmsb.codec;

import dev.mmsb.memory.Reservation;

import java.util.Objects;

/**
 * For structures, not for codecs: runs a structure's {@link ElementCodec} on one element of its reservation at a
 * time, through one reused {@link ElementBuffer} bounded to that element. The codec never sees the reservation.
 *
 * <p>It also refuses re-entry: while the codec runs, {@link #read} and {@link #write} throw
 * {@link IllegalStateException}, and the structure calls {@link #checkIdle} before any change that does not go
 * through the codec first. So a codec that calls back into its own structure (an {@code offer} from {@code write})
 * fails before the structure changes, instead of losing the inner element or leaving a torn one. Not thread-safe,
 * like the structures.
 *
 * @param <T> the element type
 */
public final class ElementSlot<T> {
    private final ElementCodec<T> codec;
    private final ElementBuffer buffer;
    private final String owner;

    /**
     * A slot running {@code codec} on the elements of {@code memory}.
     *
     * @param memory the structure's reservation; elements are {@code codec.size()} bytes at the offsets given
     * @param codec  the structure's codec
     * @param owner  the structure's name, for messages
     * @throws NullPointerException if any argument is null
     */
    public ElementSlot(Reservation memory, ElementCodec<T> codec, String owner) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.buffer = new ElementBuffer(Objects.requireNonNull(memory, "memory"), codec.size(), owner);
    }

    private ElementSlot(ElementSlot<T> of) {
        this.codec = of.codec;
        this.owner = of.owner;
        this.buffer = new ElementBuffer(of.buffer.memory(), codec.size(), owner);
    }

    /** {@return the codec this slot runs} */
    public ElementCodec<T> codec() {
        return codec;
    }

    /**
     * Another slot on the same memory and codec with its own buffer, for a reader on another thread, such as a split
     * of a parallel stream: one slot serves one thread at a time. It does not see this slot's codec running.
     *
     * @return a new slot, on the reservation this slot was last on
     */
    public ElementSlot<T> fork() {
        return new ElementSlot<>(this);
    }

    /**
     * Decodes the element at reservation offset {@code offset}.
     *
     * @param operation the structure's operation, for messages
     * @param offset    the element's offset in the reservation
     * @return the element
     * @throws IllegalStateException if called while this slot's codec runs
     */
    public T read(String operation, long offset) {
        ElementBuffer b = buffer;
        if (b.active) {
            throw reentered(operation);
        }
        b.base = offset;
        b.active = true;
        try {
            return codec.read(b);
        } finally {
            b.active = false;
        }
    }

    /**
     * Encodes {@code value} into the element at reservation offset {@code offset}.
     *
     * @param operation the structure's operation, for messages
     * @param offset    the element's offset in the reservation
     * @param value     the element
     * @throws IllegalStateException if called while this slot's codec runs
     */
    public void write(String operation, long offset, T value) {
        ElementBuffer b = buffer;
        if (b.active) {
            throw reentered(operation);
        }
        b.base = offset;
        b.active = true;
        try {
            codec.write(b, value);
        } finally {
            b.active = false;
        }
    }

    /**
     * Decodes the element at offset {@code offset} of {@code memory}: for a structure whose elements lie in several
     * reservations (the chunks of an SPSC queue). The slot then stays on {@code memory}.
     *
     * @param operation the structure's operation, for messages
     * @param memory    the reservation the element lies in
     * @param offset    the element's offset in {@code memory}
     * @return the element
     * @throws IllegalStateException if called while this slot's codec runs
     */
    public T read(String operation, Reservation memory, long offset) {
        if (buffer.active) {
            throw reentered(operation);
        }
        buffer.memory = memory;
        return read(operation, offset);
    }

    /**
     * Encodes {@code value} into the element at offset {@code offset} of {@code memory}, as
     * {@link #read(String, Reservation, long)} reads.
     *
     * @param operation the structure's operation, for messages
     * @param memory    the reservation the element lies in
     * @param offset    the element's offset in {@code memory}
     * @param value     the element
     * @throws IllegalStateException if called while this slot's codec runs
     */
    public void write(String operation, Reservation memory, long offset, T value) {
        if (buffer.active) {
            throw reentered(operation);
        }
        buffer.memory = memory;
        write(operation, offset, value);
    }

    /**
     * Throws if this slot's codec is running: for a structure's operation that would change the structure before (or
     * without) calling the codec.
     *
     * @param operation the structure's operation, for messages
     * @throws IllegalStateException if called while this slot's codec runs
     */
    public void checkIdle(String operation) {
        if (buffer.active) {
            throw reentered(operation);
        }
    }

    private IllegalStateException reentered(String operation) {
        return new IllegalStateException(operation + ": refused, called from " + owner + "'s own codec while it "
                + "encodes or decodes an element; a codec must not use the structure it serves (" + owner
                + " is unchanged)");
    }
}
