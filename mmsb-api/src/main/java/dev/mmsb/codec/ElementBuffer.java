package dev.mmsb.codec;

import dev.mmsb.memory.Reservation;

import java.util.Objects;

/**
 * One element's bytes, as an {@link ElementCodec} sees them: offsets {@code 0} to {@link #size()} - 1 from the start
 * of the element, any alignment, native byte order. A codec cannot reach past its element: an access outside it is an
 * {@link IndexOutOfBoundsException} naming the offset and the element size, and touches no memory. There are no paging
 * methods, so a codec cannot commit, decommit, protect or release its structure's memory.
 *
 * <p>A buffer is valid only during the {@link ElementCodec#read} or {@link ElementCodec#write} call it is given to;
 * a codec that keeps it and uses it later gets an {@link IllegalStateException}. Structures reuse one buffer for all
 * their elements, so reading and writing through it allocates nothing.
 */
public final class ElementBuffer {
    /** The reservation the element lies in; moved by {@link ElementSlot} for structures built of several. */
    Reservation memory;
    private final int size;
    private final String owner;
    /** Reservation offset of the element's first byte; set by {@link ElementSlot}. */
    long base;
    /** Whether a codec call is running on this buffer; set by {@link ElementSlot}. */
    boolean active;

    ElementBuffer(Reservation memory, int size, String owner) {
        this.memory = memory;
        this.size = size;
        this.owner = owner;
    }

    Reservation memory() {
        return memory;
    }

    /** {@return bytes in the element: the codec's {@link ElementCodec#size()}} */
    public int size() {
        return size;
    }

    /**
     * {@return the byte at {@code offset}}
     *
     * @param offset the offset in the element, from {@code 0} to {@link #size()} - 1
     */
    public byte getByte(int offset) {
        return memory.getByte(at("getByte", offset, Byte.BYTES));
    }

    /**
     * Writes {@code value} at {@code offset}.
     *
     * @param offset the offset in the element, from {@code 0} to {@link #size()} - 1
     * @param value  the byte to write
     */
    public void putByte(int offset, byte value) {
        memory.putByte(at("putByte", offset, Byte.BYTES), value);
    }

    /**
     * {@return the short at {@code offset}}
     *
     * @param offset the offset in the element, in bytes; the 2 bytes from it must lie in the element
     */
    public short getShort(int offset) {
        return memory.getShort(at("getShort", offset, Short.BYTES));
    }

    /**
     * Writes {@code value} at {@code offset}.
     *
     * @param offset the offset in the element, in bytes; the 2 bytes from it must lie in the element
     * @param value  the short to write
     */
    public void putShort(int offset, short value) {
        memory.putShort(at("putShort", offset, Short.BYTES), value);
    }

    /**
     * {@return the char at {@code offset}}
     *
     * @param offset the offset in the element, in bytes; the 2 bytes from it must lie in the element
     */
    public char getChar(int offset) {
        return (char) memory.getShort(at("getChar", offset, Character.BYTES));
    }

    /**
     * Writes {@code value} at {@code offset}.
     *
     * @param offset the offset in the element, in bytes; the 2 bytes from it must lie in the element
     * @param value  the char to write
     */
    public void putChar(int offset, char value) {
        memory.putShort(at("putChar", offset, Character.BYTES), (short) value);
    }

    /**
     * {@return the int at {@code offset}}
     *
     * @param offset the offset in the element, in bytes; the 4 bytes from it must lie in the element
     */
    public int getInt(int offset) {
        return memory.getInt(at("getInt", offset, Integer.BYTES));
    }

    /**
     * Writes {@code value} at {@code offset}.
     *
     * @param offset the offset in the element, in bytes; the 4 bytes from it must lie in the element
     * @param value  the int to write
     */
    public void putInt(int offset, int value) {
        memory.putInt(at("putInt", offset, Integer.BYTES), value);
    }

    /**
     * {@return the long at {@code offset}}
     *
     * @param offset the offset in the element, in bytes; the 8 bytes from it must lie in the element
     */
    public long getLong(int offset) {
        return memory.getLong(at("getLong", offset, Long.BYTES));
    }

    /**
     * Writes {@code value} at {@code offset}.
     *
     * @param offset the offset in the element, in bytes; the 8 bytes from it must lie in the element
     * @param value  the long to write
     */
    public void putLong(int offset, long value) {
        memory.putLong(at("putLong", offset, Long.BYTES), value);
    }

    /**
     * {@return the float at {@code offset}}
     *
     * @param offset the offset in the element, in bytes; the 4 bytes from it must lie in the element
     */
    public float getFloat(int offset) {
        return memory.getFloat(at("getFloat", offset, Float.BYTES));
    }

    /**
     * Writes {@code value} at {@code offset}.
     *
     * @param offset the offset in the element, in bytes; the 4 bytes from it must lie in the element
     * @param value  the float to write
     */
    public void putFloat(int offset, float value) {
        memory.putFloat(at("putFloat", offset, Float.BYTES), value);
    }

    /**
     * {@return the double at {@code offset}}
     *
     * @param offset the offset in the element, in bytes; the 8 bytes from it must lie in the element
     */
    public double getDouble(int offset) {
        return memory.getDouble(at("getDouble", offset, Double.BYTES));
    }

    /**
     * Writes {@code value} at {@code offset}.
     *
     * @param offset the offset in the element, in bytes; the 8 bytes from it must lie in the element
     * @param value  the double to write
     */
    public void putDouble(int offset, double value) {
        memory.putDouble(at("putDouble", offset, Double.BYTES), value);
    }

    /**
     * Copies {@code length} bytes from {@code offset} into {@code dst[dstIndex..]}.
     *
     * @param offset   the offset in the element of the first byte to copy
     * @param dst      the array to copy into
     * @param dstIndex the index in {@code dst} of the first byte copied
     * @param length   the number of bytes to copy
     * @throws IndexOutOfBoundsException if either range is out of bounds; nothing is copied
     */
    public void get(int offset, byte[] dst, int dstIndex, int length) {
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        memory.get(at("get", offset, length), dst, dstIndex, length);
    }

    /**
     * Copies {@code length} bytes from {@code src[srcIndex..]} to {@code offset}.
     *
     * @param offset   the offset in the element of the first byte written
     * @param src      the array to copy from
     * @param srcIndex the index in {@code src} of the first byte to copy
     * @param length   the number of bytes to copy
     * @throws IndexOutOfBoundsException if either range is out of bounds; nothing is copied
     */
    public void put(int offset, byte[] src, int srcIndex, int length) {
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        memory.put(at("put", offset, length), src, srcIndex, length);
    }

    @Override
    public String toString() {
        return "ElementBuffer[size=" + size + ", " + owner + (active ? "]" : ", outside a codec call]");
    }

    /** The reservation offset of {@code [offset, offset + width)}, checked to lie in the element. */
    private long at(String operation, int offset, int width) {
        if (!active) {
            throw new IllegalStateException("ElementBuffer." + operation + ": used outside the codec call it was "
                    + "given to (" + owner + "); a codec must not keep its buffer");
        }
        if (offset < 0 || offset > size - width) {
            throw new IndexOutOfBoundsException("ElementBuffer." + operation + ": offset=" + offset + " and " + width
                    + " bytes reach outside the element of " + size + " bytes (the codec's size(); " + owner + ")");
        }
        return base + offset;
    }
}
