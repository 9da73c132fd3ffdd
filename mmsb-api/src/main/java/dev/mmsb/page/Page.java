package dev.mmsb.page;

import dev.mmsb.internal.diag.Diagnostics;
import dev.mmsb.internal.diag.PageOperationEvent;
import dev.mmsb.memory.Protection;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.spi.AbstractReservation;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A page-aligned range with its own reservation and a state machine (see {@link PageState}). Every operation is
 * checked against the state first and refused with an {@link IllegalPageStateException} naming the page, its state
 * and the operation; a refused operation changes nothing. Every operation, refused or not, is reported as a JFR event
 * ({@code dev.mmsb.PageOperation}) and on the {@code dev.mmsb} logger. Thread-safe: operations on one page are
 * serialised.
 */
public final class Page {
    private final long id;
    private final Reservation memory;
    private PageState state = PageState.RESERVED;

    Page(long id, Reservation memory) {
        this.id = id;
        this.memory = memory;
    }

    /** {@return the id the page was allocated under} */
    public long id() {
        return id;
    }

    /** {@return size in bytes, a multiple of the OS page size.} */
    public long size() {
        return memory.size();
    }

    /** {@return the page's state now} */
    public synchronized PageState state() {
        return state;
    }

    /** {@return start address, for diagnostics.} */
    public long address() {
        return memory instanceof AbstractReservation ? ((AbstractReservation) memory).address() : 0;
    }

    /** {@return bytes of memory the page holds now: its size when COMMITTED or PROTECTED, else 0.} */
    public synchronized long committedBytes() {
        return state.readable() ? memory.size() : 0;
    }

    /** RESERVED or DECOMMITTED → COMMITTED; a recommitted page reads as zeros. */
    public synchronized void commit() {
        transition("commit", PageState.COMMITTED, state == PageState.RESERVED || state == PageState.DECOMMITTED,
                "RESERVED or DECOMMITTED", () -> memory.commit(0, memory.size()));
    }

    /** COMMITTED → DECOMMITTED: the memory goes back to the OS. */
    public synchronized void decommit() {
        transition("decommit", PageState.DECOMMITTED, state == PageState.COMMITTED, "COMMITTED",
                () -> memory.decommit(0, memory.size()));
    }

    /** COMMITTED → PROTECTED (read-only). */
    public synchronized void protect() {
        transition("protect", PageState.PROTECTED, state == PageState.COMMITTED, "COMMITTED",
                () -> memory.protect(0, memory.size(), Protection.READ_ONLY));
    }

    /** PROTECTED → COMMITTED (writable again). */
    public synchronized void unprotect() {
        transition("unprotect", PageState.COMMITTED, state == PageState.PROTECTED, "PROTECTED",
                () -> memory.protect(0, memory.size(), Protection.READ_WRITE));
    }

    /** Any state → RELEASED; releasing a released page does nothing. */
    public synchronized void release() {
        if (state == PageState.RELEASED) {
            return;
        }
        transition("free", PageState.RELEASED, true, "", memory::release);
    }

    /**
     * Copies {@code length} bytes from {@code offset} in the page into {@code dst[index..]}.
     *
     * @param offset where the bytes start in the page
     * @param dst    the array to fill
     * @param index  first index of {@code dst} written
     * @param length bytes to copy
     * @throws IllegalPageStateException unless the page is COMMITTED or PROTECTED
     */
    public synchronized void read(long offset, byte[] dst, int index, int length) {
        access("read", offset, length, state.readable(), "COMMITTED or PROTECTED",
                () -> memory.get(offset, dst, index, length));
    }

    /**
     * Fills {@code dst}'s remaining bytes from {@code offset} in the page.
     *
     * @param offset where the bytes start in the page
     * @param dst    the buffer to fill; its position advances
     * @throws IllegalPageStateException unless the page is COMMITTED or PROTECTED
     */
    public synchronized void read(long offset, ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        access("read", offset, dst.remaining(), state.readable(), "COMMITTED or PROTECTED",
                () -> memory.get(offset, dst));
    }

    /**
     * Copies {@code length} bytes from {@code src[index..]} to {@code offset} in the page.
     *
     * @param offset where the bytes go in the page
     * @param src    the array to copy from
     * @param index  first index of {@code src} read
     * @param length bytes to copy
     * @throws IllegalPageStateException unless the page is COMMITTED
     */
    public synchronized void write(long offset, byte[] src, int index, int length) {
        access("write", offset, length, state.writable(), "COMMITTED", () -> memory.put(offset, src, index, length));
    }

    /**
     * Writes {@code src}'s remaining bytes to {@code offset} in the page.
     *
     * @param offset where the bytes go in the page
     * @param src    the buffer to copy from; its position advances
     * @throws IllegalPageStateException unless the page is COMMITTED
     */
    public synchronized void write(long offset, ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        access("write", offset, src.remaining(), state.writable(), "COMMITTED", () -> memory.put(offset, src));
    }

    private void transition(String operation, PageState next, boolean allowed, String needs, Runnable action) {
        PageOperationEvent event = Diagnostics.pageBegin();
        Throwable failure = null;
        try {
            if (!allowed) {
                throw new IllegalPageStateException(id, state, operation, needs);
            }
            action.run();
            state = next;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            Diagnostics.pageDone(event, operation, memory.backend(), id, address(), 0, memory.size(), state.name(),
                    failure);
        }
    }

    private void access(String operation, long offset, long length, boolean allowed, String needs, Runnable action) {
        PageOperationEvent event = Diagnostics.pageBegin();
        Throwable failure = null;
        try {
            if (!allowed) {
                throw new IllegalPageStateException(id, state, operation, needs);
            }
            action.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            Diagnostics.pageDone(event, operation, memory.backend(), id, address() + Math.max(0, offset), offset,
                    length, state.name(), failure);
        }
    }

    @Override
    public synchronized String toString() {
        return "Page[id=" + id + ", size=" + memory.size() + ", " + state + "]";
    }
}
