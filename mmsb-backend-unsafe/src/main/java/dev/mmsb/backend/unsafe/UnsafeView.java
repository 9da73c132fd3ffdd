package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.MemoryView;

import java.lang.ref.Reference;
import java.util.Objects;

import static dev.mmsb.backend.unsafe.UnsafeAccess.BYTE_ARRAY_BASE;
import static dev.mmsb.backend.unsafe.UnsafeAccess.DOUBLE_ARRAY_BASE;
import static dev.mmsb.backend.unsafe.UnsafeAccess.INT_ARRAY_BASE;
import static dev.mmsb.backend.unsafe.UnsafeAccess.LONG_ARRAY_BASE;
import static dev.mmsb.backend.unsafe.UnsafeAccess.UNSAFE;

/**
 * A view as a start address and a length: an access checks that it lies within the view ({@link Objects#checkIndex},
 * which C2 treats as a range check and hoists out of counted loops), then touches {@code address + offset}. Revoking
 * sets the view's length to 0, so the same check fails every later access: the hot path loads two fields of the view
 * and nothing else. The reservation revokes its views before any syscall that takes access away, so a thread that made
 * that call, or that the call happens-before, never touches those pages through a stale view. Accesses end with
 * {@code reachabilityFence(this)}, which keeps the reservation (held by the view) mapped until they return.
 */
final class UnsafeView extends MemoryView {
    /** Keeps the reservation reachable while the view is. */
    private final UnsafeReservation owner;
    private final long address;
    private final long size;
    /**
     * {@link #size} until revoked, then 0. Plain: Unsafe leaves cross-thread ordering to callers (see the backend's
     * threading contract), and the thread that revokes sees its own write.
     */
    private long live;
    private boolean revoked;

    UnsafeView(UnsafeReservation owner, long address, long size) {
        this.owner = owner;
        this.address = address;
        this.size = size;
        this.live = size;
    }

    /** Fails every later access through this view. */
    void revoke() {
        live = 0;
        revoked = true;
    }

    @Override
    public long byteSize() {
        return size;
    }

    @Override
    public boolean isRevoked() {
        return revoked;
    }

    /** The address of {@code [offset, offset + bytes)}; an index exception once revoked, which callers translate. */
    private long at(long offset, long bytes) {
        return address + Objects.checkIndex(offset, live - bytes + 1);
    }

    /** As {@link #at}, for bulk accesses; these check the flag too, so that one of 0 bytes fails once revoked. */
    private long range(long offset, long bytes) {
        if (revoked) {
            throw failed(null);
        }
        return address + Objects.checkFromIndexSize(offset, bytes, live);
    }

    /** What an access that failed its check with {@code e} throws: that the view was revoked, or {@code e}. */
    private RuntimeException failed(IndexOutOfBoundsException e) {
        if (isRevoked()) {
            return new IllegalStateException("view of " + owner + " was revoked by a decommit, protect or release;"
                    + " take a new view");
        }
        return e;
    }

    @Override
    public byte getByte(long offset) {
        try {
            return UNSAFE.getByte(at(offset, Byte.BYTES));
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putByte(long offset, byte value) {
        try {
            UNSAFE.putByte(at(offset, Byte.BYTES), value);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public int getInt(long offset) {
        try {
            return UNSAFE.getInt(at(offset, Integer.BYTES));
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putInt(long offset, int value) {
        try {
            UNSAFE.putInt(at(offset, Integer.BYTES), value);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public long getLong(long offset) {
        try {
            return UNSAFE.getLong(at(offset, Long.BYTES));
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putLong(long offset, long value) {
        try {
            UNSAFE.putLong(at(offset, Long.BYTES), value);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public double getDouble(long offset) {
        try {
            return UNSAFE.getDouble(at(offset, Double.BYTES));
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putDouble(long offset, double value) {
        try {
            UNSAFE.putDouble(at(offset, Double.BYTES), value);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void get(long offset, byte[] dst, int dstIndex, int length) {
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        try {
            UnsafeAccess.copy(null, range(offset, length), dst, BYTE_ARRAY_BASE + dstIndex, length);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void put(long offset, byte[] src, int srcIndex, int length) {
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        try {
            UnsafeAccess.copy(src, BYTE_ARRAY_BASE + srcIndex, null, range(offset, length), length);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void get(long offset, int[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        long bytes = (long) count * Integer.BYTES;
        try {
            UnsafeAccess.copy(null, range(offset, bytes), dst, INT_ARRAY_BASE + (long) dstIndex * Integer.BYTES,
                    bytes);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void put(long offset, int[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        long bytes = (long) count * Integer.BYTES;
        try {
            UnsafeAccess.copy(src, INT_ARRAY_BASE + (long) srcIndex * Integer.BYTES, null, range(offset, bytes),
                    bytes);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void get(long offset, long[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        long bytes = (long) count * Long.BYTES;
        try {
            UnsafeAccess.copy(null, range(offset, bytes), dst, LONG_ARRAY_BASE + (long) dstIndex * Long.BYTES,
                    bytes);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void put(long offset, long[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        long bytes = (long) count * Long.BYTES;
        try {
            UnsafeAccess.copy(src, LONG_ARRAY_BASE + (long) srcIndex * Long.BYTES, null, range(offset, bytes),
                    bytes);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void get(long offset, double[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        long bytes = (long) count * Double.BYTES;
        try {
            UnsafeAccess.copy(null, range(offset, bytes), dst,
                    DOUBLE_ARRAY_BASE + (long) dstIndex * Double.BYTES, bytes);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void put(long offset, double[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        long bytes = (long) count * Double.BYTES;
        try {
            UnsafeAccess.copy(src, DOUBLE_ARRAY_BASE + (long) srcIndex * Double.BYTES, null, range(offset, bytes),
                    bytes);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void copy(long srcOffset, long dstOffset, long length) {
        try {
            long from = range(srcOffset, length);
            long to = range(dstOffset, length);
            UnsafeAccess.copy(null, from, null, to, length);
        } catch (IndexOutOfBoundsException e) {
            throw failed(e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
