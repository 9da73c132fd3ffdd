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

    /** Bytes this view covers. */
    public abstract long byteSize();

    public abstract byte getByte(long offset);

    public abstract void putByte(long offset, byte value);

    public abstract int getInt(long offset);

    public abstract void putInt(long offset, int value);

    public abstract long getLong(long offset);

    public abstract void putLong(long offset, long value);

    public abstract double getDouble(long offset);

    public abstract void putDouble(long offset, double value);

    /** Copies {@code length} bytes from {@code offset} into {@code dst[dstIndex..]}. */
    public abstract void get(long offset, byte[] dst, int dstIndex, int length);

    public abstract void put(long offset, byte[] src, int srcIndex, int length);

    /** Copies {@code count} ints from {@code offset} into {@code dst[dstIndex..]}. */
    public abstract void get(long offset, int[] dst, int dstIndex, int count);

    public abstract void put(long offset, int[] src, int srcIndex, int count);

    /** Copies {@code count} longs from {@code offset} into {@code dst[dstIndex..]}. */
    public abstract void get(long offset, long[] dst, int dstIndex, int count);

    public abstract void put(long offset, long[] src, int srcIndex, int count);

    /** Copies {@code count} doubles from {@code offset} into {@code dst[dstIndex..]}. */
    public abstract void get(long offset, double[] dst, int dstIndex, int count);

    public abstract void put(long offset, double[] src, int srcIndex, int count);

    /** Copies {@code length} bytes within this view; the ranges may overlap. */
    public abstract void copy(long srcOffset, long dstOffset, long length);

    /** Whether the reservation has revoked this view; accesses then throw {@link IllegalStateException}. */
    public abstract boolean isRevoked();
}
