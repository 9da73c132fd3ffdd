package dev.mmsb.backend.panama;

import dev.mmsb.memory.MemoryView;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A view as a slice of the reservation's current segment: the segment's own bounds and liveness checks are the
 * view's, so an access is exactly a {@link MemorySegment} access, which C2 hoists out of loops. The next revoke
 * closes the segment's shared arena, and any access through it, here or racing on another thread, then throws.
 *
 * <p>The handlers call {@link #revoked} on {@code this}, which keeps the view, and through it the reservation, among
 * the frame's roots until the access ends (as in {@link PanamaReservation}), so the Cleaner cannot close the arena
 * under an access whose caller dropped the structure.
 */
final class PanamaView extends MemoryView {
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    /** Keeps the reservation reachable while the view is. */
    private final PanamaReservation owner;
    private final MemorySegment segment;

    PanamaView(PanamaReservation owner, MemorySegment segment) {
        this.owner = owner;
        this.segment = segment;
    }

    @Override
    public long byteSize() {
        return segment.byteSize();
    }

    @Override
    public boolean isRevoked() {
        return !segment.scope().isAlive();
    }

    /** @param closed what the segment threw, or null if the view found itself revoked */
    private IllegalStateException revoked(IllegalStateException closed) {
        if (closed != null && segment.scope().isAlive()) {
            return closed; // not a revoke: the segment's own state error, passed on as it is
        }
        return new IllegalStateException("view of " + owner + " was revoked by a decommit, protect or release;"
                + " take a new view", closed);
    }

    @Override
    public byte getByte(long offset) {
        try {
            return segment.get(BYTE, offset);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void putByte(long offset, byte value) {
        try {
            segment.set(BYTE, offset, value);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public int getInt(long offset) {
        try {
            return segment.get(INT, offset);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void putInt(long offset, int value) {
        try {
            segment.set(INT, offset, value);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public long getLong(long offset) {
        try {
            return segment.get(LONG, offset);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void putLong(long offset, long value) {
        try {
            segment.set(LONG, offset, value);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public double getDouble(long offset) {
        try {
            return segment.get(DOUBLE, offset);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void putDouble(long offset, double value) {
        try {
            segment.set(DOUBLE, offset, value);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void get(long offset, byte[] dst, int dstIndex, int length) {
        try {
            MemorySegment.copy(segment, BYTE, offset, dst, dstIndex, length);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void put(long offset, byte[] src, int srcIndex, int length) {
        try {
            MemorySegment.copy(src, srcIndex, segment, BYTE, offset, length);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void get(long offset, int[] dst, int dstIndex, int count) {
        try {
            MemorySegment.copy(segment, INT, offset, dst, dstIndex, count);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void put(long offset, int[] src, int srcIndex, int count) {
        try {
            MemorySegment.copy(src, srcIndex, segment, INT, offset, count);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void get(long offset, long[] dst, int dstIndex, int count) {
        try {
            MemorySegment.copy(segment, LONG, offset, dst, dstIndex, count);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void put(long offset, long[] src, int srcIndex, int count) {
        try {
            MemorySegment.copy(src, srcIndex, segment, LONG, offset, count);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void get(long offset, double[] dst, int dstIndex, int count) {
        try {
            MemorySegment.copy(segment, DOUBLE, offset, dst, dstIndex, count);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void put(long offset, double[] src, int srcIndex, int count) {
        try {
            MemorySegment.copy(src, srcIndex, segment, DOUBLE, offset, count);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
    }

    @Override
    public void copy(long srcOffset, long dstOffset, long length) {
        try {
            MemorySegment.copy(segment, srcOffset, segment, dstOffset, length);
        } catch (IllegalStateException e) {
            throw revoked(e);
        }
        // A segment-to-segment copy of nothing checks the bounds but not the arena (JDK 25), so a revoked view would
        // let it pass; every other access of a revoked view throws, on both backends.
        if (length == 0 && !segment.scope().isAlive()) {
            throw revoked(null);
        }
    }
}
