package dev.mmsb.memory;

/**
 * Direct read-write access to a range of a reservation's pages, for hot paths: every access is one bounds check
 * against the view's own {@link #byteSize()} plus a liveness check, both of which the JIT hoists out of a loop, and
 * no page-state lookup. A structure keeps a view of exactly the bytes it knows are committed and takes a new one
 * whenever it commits or decommits; {@link Reservation#view} says when a view is taken and revoked.
 *
 * <p>Offsets are bytes from the start of the view, any alignment, native byte order. An offset or array range outside
 * the view is an {@link IndexOutOfBoundsException}; any access after the view is revoked is an
 * {@link IllegalStateException}; neither touches memory.
 *
 * <p>Threads: as for the reservation. On Panama an access racing the revoke on another thread fails with an
 * exception; on Unsafe the caller must order them (the revoke happens-before the other thread's next access).
 */
public abstract class MemoryView {
    /** For backends only. */
    protected MemoryView() {
    }

    /**
     * Bytes this view covers.
     *
     * @return the view's size in bytes
     */
    public abstract long byteSize();

    /**
     * Reads a byte.
     *
     * @param offset where the byte starts in the view
     * @return the byte at {@code offset}
     */
    public abstract byte getByte(long offset);

    /**
     * Writes a byte.
     *
     * @param offset where the byte starts in the view
     * @param value  the byte to write
     */
    public abstract void putByte(long offset, byte value);

    /**
     * Reads a int.
     *
     * @param offset where the int starts in the view
     * @return the int at {@code offset}
     */
    public abstract int getInt(long offset);

    /**
     * Writes a int.
     *
     * @param offset where the int starts in the view
     * @param value  the int to write
     */
    public abstract void putInt(long offset, int value);

    /**
     * Reads a long.
     *
     * @param offset where the long starts in the view
     * @return the long at {@code offset}
     */
    public abstract long getLong(long offset);

    /**
     * Writes a long.
     *
     * @param offset where the long starts in the view
     * @param value  the long to write
     */
    public abstract void putLong(long offset, long value);

    /**
     * Reads a double.
     *
     * @param offset where the double starts in the view
     * @return the double at {@code offset}
     */
    public abstract double getDouble(long offset);

    /**
     * Writes a double.
     *
     * @param offset where the double starts in the view
     * @param value  the double to write
     */
    public abstract void putDouble(long offset, double value);

    /**
     * Copies {@code length} bytes from {@code offset} into {@code dst[dstIndex..]}.
     *
     * @param offset   where the bytes start in the view
     * @param dst      the array to fill
     * @param dstIndex first index of {@code dst} written
     * @param length   bytes to copy
     */
    public abstract void get(long offset, byte[] dst, int dstIndex, int length);

    /**
     * Copies {@code length} bytes from {@code src[srcIndex..]} to {@code offset}.
     *
     * @param offset   where the bytes go in the view
     * @param src      the array to copy from
     * @param srcIndex first index of {@code src} read
     * @param length   bytes to copy
     */
    public abstract void put(long offset, byte[] src, int srcIndex, int length);

    /**
     * Copies {@code count} ints from {@code offset} into {@code dst[dstIndex..]}.
     *
     * @param offset   where the ints start in the view
     * @param dst      the array to fill
     * @param dstIndex first index of {@code dst} written
     * @param count    ints to copy
     */
    public abstract void get(long offset, int[] dst, int dstIndex, int count);

    /**
     * Copies {@code count} ints from {@code src[srcIndex..]} to {@code offset}.
     *
     * @param offset   where the ints go in the view
     * @param src      the array to copy from
     * @param srcIndex first index of {@code src} read
     * @param count    ints to copy
     */
    public abstract void put(long offset, int[] src, int srcIndex, int count);

    /**
     * Copies {@code count} longs from {@code offset} into {@code dst[dstIndex..]}.
     *
     * @param offset   where the longs start in the view
     * @param dst      the array to fill
     * @param dstIndex first index of {@code dst} written
     * @param count    longs to copy
     */
    public abstract void get(long offset, long[] dst, int dstIndex, int count);

    /**
     * Copies {@code count} longs from {@code src[srcIndex..]} to {@code offset}.
     *
     * @param offset   where the longs go in the view
     * @param src      the array to copy from
     * @param srcIndex first index of {@code src} read
     * @param count    longs to copy
     */
    public abstract void put(long offset, long[] src, int srcIndex, int count);

    /**
     * Copies {@code count} doubles from {@code offset} into {@code dst[dstIndex..]}.
     *
     * @param offset   where the doubles start in the view
     * @param dst      the array to fill
     * @param dstIndex first index of {@code dst} written
     * @param count    doubles to copy
     */
    public abstract void get(long offset, double[] dst, int dstIndex, int count);

    /**
     * Copies {@code count} doubles from {@code src[srcIndex..]} to {@code offset}.
     *
     * @param offset   where the doubles go in the view
     * @param src      the array to copy from
     * @param srcIndex first index of {@code src} read
     * @param count    doubles to copy
     */
    public abstract void put(long offset, double[] src, int srcIndex, int count);

    /**
     * Copies {@code length} bytes within this view; the ranges may overlap.
     *
     * @param srcOffset where the bytes are read
     * @param dstOffset where they are written
     * @param length    bytes to copy
     */
    public abstract void copy(long srcOffset, long dstOffset, long length);

    /**
     * Whether the reservation has revoked this view; accesses then throw {@link IllegalStateException}.
     *
     * @return true once revoked
     */
    public abstract boolean isRevoked();
}
