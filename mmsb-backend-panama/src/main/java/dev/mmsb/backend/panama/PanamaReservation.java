package dev.mmsb.backend.panama;

import dev.mmsb.memory.MemoryView;
import dev.mmsb.memory.Protection;
import dev.mmsb.memory.spi.AbstractReservation;
import dev.mmsb.memory.spi.HugePages;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;

/**
 * A reservation whose memory is reached through a {@link MemorySegment} over the whole mapping, scoped to a shared
 * {@link Arena} that is closed whenever access is taken away (decommit, protect to fewer rights, release).
 *
 * <p>Why accesses racing those operations on other threads cannot touch memory that lost its rights: every accessor
 * passes the base class's check and accesses through the segment that check returned, the handle of the window it
 * passed. The base class updates its page state before calling {@link #revokeAccess(boolean)}, which publishes a segment over
 * a new arena (with a closed window) and then closes the old arena; the close returns only when no thread is still
 * inside an access through the old segment, and later accesses through it throw {@link IllegalStateException}. So an
 * access either passed a window that carries the new segment, computed from the new page state, or one that carries
 * the old segment, and then it finished before the syscall or fails. Release closes the current arena before
 * {@code munmap} for the same reason.
 *
 * <p>An access whose arena was closed by a revoke on another thread checks again against the new page state and, if
 * its own pages still allow it, runs again: a decommit of some pages does not make accesses to the others fail. An
 * access to the revoked pages then fails with the base class's {@link dev.mmsb.memory.PageAccessException}; one that
 * raced a release fails with {@link IllegalStateException}.
 *
 * <p>The segment does not keep the reservation reachable, yet a reservation its caller no longer holds cannot be
 * collected (and its arena closed by the Cleaner) mid-access: the handler of every access's {@code try} calls
 * {@link #retryable} on {@code this}, so the JIT keeps {@code this} among the frame's roots for the whole access,
 * which is all that {@code Reference.reachabilityFence(this)} in a {@code finally} would do. Such a fence is left
 * out on purpose: its extra locals make C1 give up inlining the {@code Unsafe} access inside the segment's scoped
 * check ("callee uses too much stack"), and that call is where JDK 25's close handshake can miss an access that is
 * already past its check (JDK-8364167) and the JVM crashes.
 */
final class PanamaReservation extends AbstractReservation {
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final String READ = "read";
    private static final String WRITE = "write";

    private final Mapping mapping;
    /** The whole mapping, in the current arena. Replaced (under the base class's lock) by every revoke. */
    private volatile MemorySegment segment;

    PanamaReservation(Mapping mapping, long pageSize) {
        // Before super(): once super() has registered the Cleaner, nothing may fail, or the caller's munmap on
        // failure and the Cleaner's would both unmap the range.
        MemorySegment initial = mapping.segment();
        this.mapping = mapping;
        this.segment = initial;
        super(PanamaBackend.NAME, mapping.address, mapping.size, pageSize, initial, mapping);
    }

    // ---- paging -------------------------------------------------------------------------------------------------

    @Override
    protected void osCommit(long offset, long length) {
        LinuxSyscalls.mprotect(address + offset, length, LinuxSyscalls.PROT_READ | LinuxSyscalls.PROT_WRITE);
    }

    @Override
    protected void osDiscard(long offset, long length) {
        LinuxSyscalls.dontNeed(address + offset, length);
    }

    @Override
    protected void osProtect(long offset, long length, Protection protection) {
        int prot = (protection.readable() ? LinuxSyscalls.PROT_READ : 0)
                | (protection.writable() ? LinuxSyscalls.PROT_WRITE : 0);
        LinuxSyscalls.mprotect(address + offset, length, prot);
    }

    @Override
    protected int osAdvise(long offset, long length, int advice) {
        return LinuxSyscalls.madvise(address + offset, length, advice);
    }

    @Override
    protected String osErrorText(int errno) {
        return LinuxSyscalls.strerror(errno);
    }

    /**
     * Fences off accesses that passed their check before the page state changed: publishes a segment over a new
     * arena, then closes the old arena. The close is a handshake with every thread (costly, but only paid by paging
     * operations that take rights away, never by accesses).
     */
    @Override
    protected void revokeAccess(boolean viewsOut) {
        if (!viewsOut && confinedToCaller()) {
            return; // no other thread has ever passed a check, and no view is out: nobody to fence off
        }
        Arena stale = mapping.replaceArena();
        MemorySegment fresh = mapping.segment();
        segment = fresh;
        publishHandle(fresh);
        stale.close();
    }

    @Override
    protected boolean osMapAt(long at, long length) {
        return LinuxSyscalls.reserveAt(at, length);
    }

    @Override
    protected long osMapAnywhere(long length) {
        return LinuxSyscalls.reserveAligned(length, HugePages.size());
    }

    @Override
    protected void osMove(long from, long length, long to) {
        LinuxSyscalls.move(from, length, to);
    }

    @Override
    protected void osUnmap(long at, long length) {
        LinuxSyscalls.munmap(at, length);
    }

    /**
     * Fences off the old range: publishes a segment whose arena is already closed, so that a check racing the move
     * hands out a handle that fails, then closes the current arena (unless nobody else can be accessing).
     */
    @Override
    protected void beforeMove(boolean viewsOut) {
        boolean fence = viewsOut || !confinedToCaller();
        Arena stale = mapping.replaceArena();
        MemorySegment failing = mapping.segment();
        mapping.replaceArena().close(); // failing's arena; afterGrow's segment comes from the next one
        segment = failing;
        publishHandle(failing);
        if (fence) {
            stale.close();
        }
    }

    /** A segment over the range as it now is; an in-place grow keeps the arena, as no access lost its pages. */
    @Override
    protected void afterGrow(boolean moved) {
        mapping.range(address(), size());
        MemorySegment fresh = mapping.segment();
        segment = fresh;
        publishHandle(fresh);
    }

    /** A release by the only thread that ever accessed the reservation, with no view out, needs no handshake. */
    @Override
    protected void beforeUnmap(boolean viewsOut) {
        if (!viewsOut && confinedToCaller()) {
            mapping.skipFence();
        }
    }

    /** A slice of the current segment: the arena's close at the next revoke or release fails it. */
    @Override
    protected MemoryView newView(long offset, long length) {
        return new PanamaView(this, segment.asSlice(offset, length));
    }

    /**
     * Called when an access through {@code used} failed with {@code closed}. Returns if a revoke has replaced the
     * segment since, so the caller may check and try again; otherwise throws, since the reservation was released (or
     * the failure was not ours to retry).
     */
    private void retryable(MemorySegment used, IllegalStateException closed, String access) {
        if (segment != used) {
            return;
        }
        if (isReleased()) {
            IllegalStateException released = released(access);
            released.initCause(closed);
            throw released;
        }
        throw closed;
    }

    // ---- typed access -------------------------------------------------------------------------------------------

    @Override
    public byte getByte(long offset) {
        MemorySegment m = (MemorySegment) checkRead(offset, Byte.BYTES);
        try {
            return m.get(BYTE, offset);
        } catch (IllegalStateException closed) {
            retryable(m, closed, READ);
            return getByte(offset);
        }
    }

    @Override
    public void putByte(long offset, byte value) {
        MemorySegment m = (MemorySegment) checkWrite(offset, Byte.BYTES);
        try {
            m.set(BYTE, offset, value);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            putByte(offset, value);
        }
    }

    @Override
    public short getShort(long offset) {
        MemorySegment m = (MemorySegment) checkRead(offset, Short.BYTES);
        try {
            return m.get(SHORT, offset);
        } catch (IllegalStateException closed) {
            retryable(m, closed, READ);
            return getShort(offset);
        }
    }

    @Override
    public void putShort(long offset, short value) {
        MemorySegment m = (MemorySegment) checkWrite(offset, Short.BYTES);
        try {
            m.set(SHORT, offset, value);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            putShort(offset, value);
        }
    }

    @Override
    public int getInt(long offset) {
        MemorySegment m = (MemorySegment) checkRead(offset, Integer.BYTES);
        try {
            return m.get(INT, offset);
        } catch (IllegalStateException closed) {
            retryable(m, closed, READ);
            return getInt(offset);
        }
    }

    @Override
    public void putInt(long offset, int value) {
        MemorySegment m = (MemorySegment) checkWrite(offset, Integer.BYTES);
        try {
            m.set(INT, offset, value);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            putInt(offset, value);
        }
    }

    @Override
    public long getLong(long offset) {
        MemorySegment m = (MemorySegment) checkRead(offset, Long.BYTES);
        try {
            return m.get(LONG, offset);
        } catch (IllegalStateException closed) {
            retryable(m, closed, READ);
            return getLong(offset);
        }
    }

    @Override
    public void putLong(long offset, long value) {
        MemorySegment m = (MemorySegment) checkWrite(offset, Long.BYTES);
        try {
            m.set(LONG, offset, value);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            putLong(offset, value);
        }
    }

    @Override
    public float getFloat(long offset) {
        MemorySegment m = (MemorySegment) checkRead(offset, Float.BYTES);
        try {
            return m.get(FLOAT, offset);
        } catch (IllegalStateException closed) {
            retryable(m, closed, READ);
            return getFloat(offset);
        }
    }

    @Override
    public void putFloat(long offset, float value) {
        MemorySegment m = (MemorySegment) checkWrite(offset, Float.BYTES);
        try {
            m.set(FLOAT, offset, value);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            putFloat(offset, value);
        }
    }

    @Override
    public double getDouble(long offset) {
        MemorySegment m = (MemorySegment) checkRead(offset, Double.BYTES);
        try {
            return m.get(DOUBLE, offset);
        } catch (IllegalStateException closed) {
            retryable(m, closed, READ);
            return getDouble(offset);
        }
    }

    @Override
    public void putDouble(long offset, double value) {
        MemorySegment m = (MemorySegment) checkWrite(offset, Double.BYTES);
        try {
            m.set(DOUBLE, offset, value);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            putDouble(offset, value);
        }
    }

    // ---- bulk access --------------------------------------------------------------------------------------------

    @Override
    public void get(long offset, byte[] dst, int dstIndex, int length) {
        Objects.checkFromIndexSize(dstIndex, length, dst.length);
        MemorySegment m = (MemorySegment) checkRead(offset, length);
        try {
            MemorySegment.copy(m, BYTE, offset, dst, dstIndex, length);
        } catch (IllegalStateException closed) {
            retryable(m, closed, READ);
            get(offset, dst, dstIndex, length);
        }
    }

    @Override
    public void put(long offset, byte[] src, int srcIndex, int length) {
        Objects.checkFromIndexSize(srcIndex, length, src.length);
        MemorySegment m = (MemorySegment) checkWrite(offset, length);
        try {
            MemorySegment.copy(src, srcIndex, m, BYTE, offset, length);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            put(offset, src, srcIndex, length);
        }
    }

    @Override
    public void get(long offset, int[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        MemorySegment m = (MemorySegment) checkRead(offset, (long) count * Integer.BYTES);
        try {
            MemorySegment.copy(m, INT, offset, dst, dstIndex, count);
        } catch (IllegalStateException closed) {
            retryable(m, closed, READ);
            get(offset, dst, dstIndex, count);
        }
    }

    @Override
    public void put(long offset, int[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        MemorySegment m = (MemorySegment) checkWrite(offset, (long) count * Integer.BYTES);
        try {
            MemorySegment.copy(src, srcIndex, m, INT, offset, count);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            put(offset, src, srcIndex, count);
        }
    }

    @Override
    public void get(long offset, long[] dst, int dstIndex, int count) {
        Objects.checkFromIndexSize(dstIndex, count, dst.length);
        MemorySegment m = (MemorySegment) checkRead(offset, (long) count * Long.BYTES);
        try {
            MemorySegment.copy(m, LONG, offset, dst, dstIndex, count);
        } catch (IllegalStateException closed) {
            retryable(m, closed, READ);
            get(offset, dst, dstIndex, count);
        }
    }

    @Override
    public void put(long offset, long[] src, int srcIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        MemorySegment m = (MemorySegment) checkWrite(offset, (long) count * Long.BYTES);
        try {
            MemorySegment.copy(src, srcIndex, m, LONG, offset, count);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            put(offset, src, srcIndex, count);
        }
    }

    @Override
    public void get(long offset, ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int length = dst.remaining();
        MemorySegment m = (MemorySegment) checkRead(offset, length);
        try {
            MemorySegment.copy(m, offset, MemorySegment.ofBuffer(dst), 0, length);
        } catch (IllegalStateException closed) {
            retryable(m, closed, READ);
            get(offset, dst);
            return;
        }
        dst.position(dst.position() + length);
    }

    @Override
    public void put(long offset, ByteBuffer src) {
        int length = src.remaining();
        MemorySegment m = (MemorySegment) checkWrite(offset, length);
        try {
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, m, offset, length);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            put(offset, src);
            return;
        }
        src.position(src.position() + length);
    }

    @Override
    public void fill(long offset, long length, byte value) {
        MemorySegment m = (MemorySegment) checkWrite(offset, length);
        try {
            m.asSlice(offset, length).fill(value);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            fill(offset, length, value);
        }
    }

    @Override
    public void copy(long srcOffset, long dstOffset, long length) {
        MemorySegment m = (MemorySegment) checkRead(srcOffset, length);
        if (checkWrite(dstOffset, length) != m) { // a revoke came between the two checks: check both again
            copy(srcOffset, dstOffset, length);
            return;
        }
        try {
            MemorySegment.copy(m, srcOffset, m, dstOffset, length);
        } catch (IllegalStateException closed) {
            retryable(m, closed, WRITE);
            if (srcOffset < dstOffset + length && dstOffset < srcOffset + length) {
                // An overlapping move may have run wholly or partly before it was stopped; running it again would
                // copy bytes it already overwrote.
                throw new IllegalStateException("copy: srcOffset=" + srcOffset + " dstOffset=" + dstOffset
                        + " length=" + length + " raced a decommit or protect on another thread; the destination"
                        + " may be partly written", closed);
            }
            copy(srcOffset, dstOffset, length);
        }
    }

    @Override
    protected void copyToSameBackend(long srcOffset, Object fromHandle, AbstractReservation dst, long dstOffset,
                                     Object toHandle, long length) {
        PanamaReservation target = (PanamaReservation) dst;
        MemorySegment from = (MemorySegment) fromHandle;
        MemorySegment to = (MemorySegment) toHandle;
        try {
            MemorySegment.copy(from, srcOffset, to, dstOffset, length);
        } catch (IllegalStateException closed) {
            if (segment == from && target.segment == to) {
                IllegalStateException released = isReleased() ? released(READ)
                        : target.isReleased() ? target.released(WRITE) : closed;
                if (released != closed) {
                    released.initCause(closed);
                }
                throw released;
            }
            copyTo(srcOffset, dst, dstOffset, length); // a revoke replaced a segment: check both again
        }
    }
}
