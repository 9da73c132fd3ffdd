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
 * A view as a start address and a length: an access checks that its {@link Grant} is live and that it lies within the
 * view ({@link Objects#checkIndex}, which C2 treats as a range check and hoists out of counted loops), then touches
 * {@code address + offset}. The reservation revokes the grant before any syscall that takes access away, so a
 * thread that made that call, or that the call happens-before, never touches those pages through a stale view.
 * Accesses end with {@code reachabilityFence(this)}, which keeps the reservation (held by the view) mapped until
 * they return.
 */
final class UnsafeView extends MemoryView {
    /** Keeps the reservation reachable while the view is. */
    private final UnsafeReservation owner;
    private final Grant grant;
    private final long address;
    private final long size;

    UnsafeView(UnsafeReservation owner, Grant grant, long address, long size) {
        this.owner = owner;
        this.grant = grant;
        this.address = address;
        this.size = size;
    }

    /** Shared by the views made between two revokes; plain, as Unsafe leaves cross-thread ordering to callers. */
    static final class Grant {
        boolean revoked;
    }

    @Override
    public long byteSize() {
        return size;
    }

    @Override
    public boolean isRevoked() {
        return grant.revoked;
    }

    private long at(long offset, long bytes) {
        if (grant.revoked) {
            throw revoked();
        }
        return address + Objects.checkIndex(offset, size - bytes + 1);
    }

    private long range(long offset, long bytes) {
        if (grant.revoked) {
            throw revoked();
        }
        return address + Objects.checkFromIndexSize(offset, bytes, size);
    }

    private IllegalStateException revoked() {
        return new IllegalStateException("view of " + owner + " was revoked by a decommit, protect or release;"
                + " take a new view");
    }

    @Override
    public byte getByte(long offset) {
        try {
            return UNSAFE.getByte(at(offset, Byte.BYTES));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putByte(long offset, byte value) {
        try {
            UNSAFE.putByte(at(offset, Byte.BYTES), value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public int getInt(long offset) {
        try {
            return UNSAFE.getInt(at(offset, Integer.BYTES));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putInt(long offset, int value) {
        try {
            UNSAFE.putInt(at(offset, Integer.BYTES), value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public long getLong(long offset) {
        try {
            return UNSAFE.getLong(at(offset, Long.BYTES));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putLong(long offset, long value) {
        try {
            UNSAFE.putLong(at(offset, Long.BYTES), value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public double getDouble(long offset) {
        try {
            return UNSAFE.getDouble(at(offset, Double.BYTES));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putDouble(long offset, double value) {
        try {
            UNSAFE.putDouble(at(offset, Double.BYTES), value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void get(long offset, byte[] dst, int dstIndex, int length) {
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        try {
            UnsafeAccess.copy(null, range(offset, length), dst, BYTE_ARRAY_BASE + dstIndex, length);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void put(long offset, byte[] src, int srcIndex, int length) {
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        try {
            UnsafeAccess.copy(src, BYTE_ARRAY_BASE + srcIndex, null, range(offset, length), length);
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
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
