package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.MemoryView;
import dev.mmsb.memory.Protection;
import dev.mmsb.memory.spi.AbstractReservation;
import dev.mmsb.memory.spi.HugePages;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;

import static dev.mmsb.backend.unsafe.UnsafeAccess.BYTE_ARRAY_BASE;
import static dev.mmsb.backend.unsafe.UnsafeAccess.INT_ARRAY_BASE;
import static dev.mmsb.backend.unsafe.UnsafeAccess.LONG_ARRAY_BASE;
import static dev.mmsb.backend.unsafe.UnsafeAccess.UNSAFE;

/**
 * A reservation whose pages are changed with {@code mprotect}/{@code madvise} and touched with {@code sun.misc.Unsafe}
 * at {@code address + offset}. Every access is checked by {@link AbstractReservation} first, so it never reaches a page
 * that is not accessible when the access starts; an access already past its check while another thread releases,
 * decommits or protects its pages is not fenced off and may crash the JVM (see {@link dev.mmsb.memory.Reservation}).
 * Values are in native byte order and may be unaligned (x86-64 and AArch64 allow it).
 *
 * <p>Every access ends with {@link Reference#reachabilityFence(Object) reachabilityFence(this)}: once the address is
 * read, nothing else in an access uses {@code this}, so without the fence a reservation its caller no longer holds
 * (as in {@code backend.reserve(n).get(...)}) could be collected mid-copy, and its Cleaner would unmap the range under
 * the copy.
 */
final class UnsafeReservation extends AbstractReservation {
    /** Bytes a ByteBuffer without an accessible array is copied through at a time. */
    private static final int BUFFER_CHUNK = 1 << 16;

    /**
     * Views made since the last revoke, which revokes each. Weak, so that views a caller dropped cost nothing; pruned
     * when the list doubles, so that a caller that takes views and never revokes holds O(live views).
     */
    private final ArrayList<WeakReference<UnsafeView>> views = new ArrayList<>();
    private int pruneAt = 16;

    private final Range range;

    UnsafeReservation(long address, long size, long pageSize) {
        this(address, size, pageSize, new Range(address, size));
    }

    private UnsafeReservation(long address, long size, long pageSize, Range range) {
        super(UnsafeBackend.NAME, address, size, pageSize, null, range);
        this.range = range;
    }

    /** The Cleaner's action: it holds only the range, so the reservation can become unreachable. */
    private static final class Range implements Runnable {
        /** Changed by a grow, under the reservation's lock; volatile for the Cleaner thread. */
        volatile long address;
        volatile long size;

        Range(long address, long size) {
            this.address = address;
            this.size = size;
        }

        @Override
        public void run() {
            Syscalls.unmap(address, size);
        }
    }

    @Override
    protected boolean osMapAt(long at, long length) {
        return Syscalls.mapAt(at, length);
    }

    @Override
    protected long osMapAnywhere(long length) {
        return Syscalls.mapAligned(length, HugePages.size());
    }

    @Override
    protected void osMove(long from, long length, long to) {
        Syscalls.move(from, length, to);
    }

    @Override
    protected void osUnmap(long at, long length) {
        Syscalls.unmap(at, length);
    }

    /** Unsafe cannot fence accesses in flight (see the class): only views are revoked. */
    @Override
    protected void beforeMove(boolean viewsOut) {
        revokeAccess(viewsOut);
    }

    @Override
    protected void afterGrow(boolean moved) {
        range.address = address;
        range.size = size();
    }

    // ---- paging -------------------------------------------------------------------------------------------------

    @Override
    protected void osCommit(long offset, long length) {
        Syscalls.protect(address + offset, length, Syscalls.PROT_READ | Syscalls.PROT_WRITE);
    }

    @Override
    protected void osDiscard(long offset, long length) {
        Syscalls.dontNeed(address + offset, length);
    }

    @Override
    protected void osProtect(long offset, long length, Protection protection) {
        int prot = (protection.readable() ? Syscalls.PROT_READ : 0) | (protection.writable() ? Syscalls.PROT_WRITE : 0);
        Syscalls.protect(address + offset, length, prot);
    }

    @Override
    protected int osAdvise(long offset, long length, int advice) {
        return Syscalls.advise(address + offset, length, advice);
    }

    @Override
    protected String osErrorText(int errno) {
        return Syscalls.strerror(errno);
    }

    @Override
    protected MemoryView newView(long offset, long length) {
        UnsafeView view = new UnsafeView(this, address + offset, length);
        if (views.size() == pruneAt) {
            views.removeIf(ref -> ref.get() == null);
            pruneAt = Math.max(16, 2 * views.size());
        }
        views.add(new WeakReference<>(view));
        return view;
    }

    /** Fails every view made so far; Unsafe has no fence for accesses already past their check (see the class). */
    @Override
    protected void revokeAccess(boolean viewsOut) {
        if (viewsOut) {
            revokeViews();
        }
    }

    @Override
    protected void beforeUnmap(boolean viewsOut) {
        revokeViews();
    }

    private void revokeViews() {
        for (WeakReference<UnsafeView> ref : views) {
            UnsafeView view = ref.get();
            if (view != null) {
                view.revoke();
            }
        }
        views.clear();
        pruneAt = 16;
    }

    // ---- typed access -------------------------------------------------------------------------------------------

    @Override
    public byte getByte(long offset) {
        checkRead(offset, Byte.BYTES);
        try {
            return UNSAFE.getByte(address + offset);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putByte(long offset, byte value) {
        checkWrite(offset, Byte.BYTES);
        try {
            UNSAFE.putByte(address + offset, value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public short getShort(long offset) {
        checkRead(offset, Short.BYTES);
        try {
            return UNSAFE.getShort(address + offset);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putShort(long offset, short value) {
        checkWrite(offset, Short.BYTES);
        try {
            UNSAFE.putShort(address + offset, value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public int getInt(long offset) {
        checkRead(offset, Integer.BYTES);
        try {
            return UNSAFE.getInt(address + offset);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putInt(long offset, int value) {
        checkWrite(offset, Integer.BYTES);
        try {
            UNSAFE.putInt(address + offset, value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public long getLong(long offset) {
        checkRead(offset, Long.BYTES);
        try {
            return UNSAFE.getLong(address + offset);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putLong(long offset, long value) {
        checkWrite(offset, Long.BYTES);
        try {
            UNSAFE.putLong(address + offset, value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public float getFloat(long offset) {
        checkRead(offset, Float.BYTES);
        try {
            return UNSAFE.getFloat(address + offset);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putFloat(long offset, float value) {
        checkWrite(offset, Float.BYTES);
        try {
            UNSAFE.putFloat(address + offset, value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public double getDouble(long offset) {
        checkRead(offset, Double.BYTES);
        try {
            return UNSAFE.getDouble(address + offset);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void putDouble(long offset, double value) {
        checkWrite(offset, Double.BYTES);
        try {
            UNSAFE.putDouble(address + offset, value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---- bulk access --------------------------------------------------------------------------------------------

    @Override
    public void get(long offset, byte[] dst, int dstIndex, int length) {
        checkArray(dstIndex, length, dst.length);
        checkRead(offset, length);
        try {
            UnsafeAccess.copy(null, address + offset, dst, BYTE_ARRAY_BASE + dstIndex, length);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void put(long offset, byte[] src, int srcIndex, int length) {
        checkArray(srcIndex, length, src.length);
        checkWrite(offset, length);
        try {
            UnsafeAccess.copy(src, BYTE_ARRAY_BASE + srcIndex, null, address + offset, length);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void get(long offset, int[] dst, int dstIndex, int count) {
        checkArray(dstIndex, count, dst.length);
        long bytes = (long) count * Integer.BYTES;
        checkRead(offset, bytes);
        try {
            UnsafeAccess.copy(null, address + offset, dst, INT_ARRAY_BASE + (long) dstIndex * Integer.BYTES, bytes);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void put(long offset, int[] src, int srcIndex, int count) {
        checkArray(srcIndex, count, src.length);
        long bytes = (long) count * Integer.BYTES;
        checkWrite(offset, bytes);
        try {
            UnsafeAccess.copy(src, INT_ARRAY_BASE + (long) srcIndex * Integer.BYTES, null, address + offset, bytes);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void get(long offset, long[] dst, int dstIndex, int count) {
        checkArray(dstIndex, count, dst.length);
        long bytes = (long) count * Long.BYTES;
        checkRead(offset, bytes);
        try {
            UnsafeAccess.copy(null, address + offset, dst, LONG_ARRAY_BASE + (long) dstIndex * Long.BYTES, bytes);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void put(long offset, long[] src, int srcIndex, int count) {
        checkArray(srcIndex, count, src.length);
        long bytes = (long) count * Long.BYTES;
        checkWrite(offset, bytes);
        try {
            UnsafeAccess.copy(src, LONG_ARRAY_BASE + (long) srcIndex * Long.BYTES, null, address + offset, bytes);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Heap buffers are copied straight from their array; direct and read-only ones through a heap chunk with the
     * buffer's own absolute bulk get/put, which keeps the JDK's checks on memory the buffer does not own.
     */
    @Override
    public void get(long offset, ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int position = dst.position();
        int length = dst.remaining();
        checkRead(offset, length);
        try {
            if (dst.hasArray()) {
                UnsafeAccess.copy(null, address + offset, dst.array(),
                        BYTE_ARRAY_BASE + dst.arrayOffset() + position, length);
            } else {
                byte[] chunk = new byte[Math.min(length, BUFFER_CHUNK)];
                for (int done = 0; done < length; ) {
                    int n = Math.min(chunk.length, length - done);
                    UNSAFE.copyMemory(null, address + offset + done, chunk, BYTE_ARRAY_BASE, n);
                    dst.put(position + done, chunk, 0, n);
                    done += n;
                }
            }
        } finally {
            Reference.reachabilityFence(this);
        }
        dst.position(position + length);
    }

    @Override
    public void put(long offset, ByteBuffer src) {
        int position = src.position();
        int length = src.remaining();
        checkWrite(offset, length);
        try {
            if (src.hasArray()) {
                UnsafeAccess.copy(src.array(), BYTE_ARRAY_BASE + src.arrayOffset() + position, null,
                        address + offset, length);
            } else {
                byte[] chunk = new byte[Math.min(length, BUFFER_CHUNK)];
                for (int done = 0; done < length; ) {
                    int n = Math.min(chunk.length, length - done);
                    src.get(position + done, chunk, 0, n);
                    UNSAFE.copyMemory(chunk, BYTE_ARRAY_BASE, null, address + offset + done, n);
                    done += n;
                }
            }
        } finally {
            Reference.reachabilityFence(this);
        }
        src.position(position + length);
    }

    @Override
    public void fill(long offset, long length, byte value) {
        checkWrite(offset, length);
        try {
            UnsafeAccess.fill(address + offset, length, value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void copy(long srcOffset, long dstOffset, long length) {
        checkRead(srcOffset, length);
        checkWrite(dstOffset, length);
        try {
            UnsafeAccess.copy(null, address + srcOffset, null, address + dstOffset, length);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** {@link AbstractReservation#copyTo} keeps both reservations reachable until this returns. */
    @Override
    protected void copyToSameBackend(long srcOffset, Object from, AbstractReservation dst, long dstOffset, Object to,
                                     long length) {
        UnsafeAccess.copy(null, address + srcOffset, null, dst.address() + dstOffset, length);
    }
}
