package dev.mmsb.memory;

import java.nio.ByteBuffer;

/**
 * A range of reserved address space whose pages are committed, decommitted and protected on demand.
 *
 * <p>Offsets are bytes from the start of the reservation. Paging operations take page-aligned ranges; typed access takes
 * any offset, unaligned and in native byte order. Every argument is checked before any syscall or memory access:
 * a range outside the reservation is an {@link IndexOutOfBoundsException}, a misaligned or negative paging argument
 * an {@link IllegalArgumentException}, and touching a page that is not committed (or is protected against the access) a
 * {@link PageAccessException}; none of them reaches memory. After {@link #release()} every method but
 * {@link #release()}, {@link #isReleased()} and the size getters throws {@link IllegalStateException}.
 *
 * <p>Threads: paging operations are serialised internally. Accesses may run on any thread; an access that starts after
 * a release, decommit or protect has returned sees its effect. On the Panama backend an access racing a release,
 * decommit or protect on another thread fails with an exception rather than touching unmapped memory; the Unsafe
 * backend cannot make that race safe and leaves it to the caller.
 *
 * <p>An unreleased reservation is released by a {@link java.lang.ref.Cleaner} after it becomes unreachable, and reported
 * once as a leak on the {@code dev.mmsb} logger.
 *
 * <p>Kernel mappings: a reservation is one mapping per run of pages in one state (a committed prefix and the
 * reserved tail are two; each committed, decommitted or protected range in the middle adds two), and a process may
 * have {@code vm.max_map_count} of them. A {@link #commit}, {@link #decommit} or {@link #protect} that would leave the
 * process fewer than a headroom below that limit is refused with a {@link MappingLimitException} before any syscall,
 * and changes nothing; see {@link dev.mmsb.memory.limits.MappingLimit}. Operations that remove mappings are never
 * refused.
 */
public interface Reservation extends AutoCloseable {

    /**
     * Reserved bytes; works after release too.
     *
     * @return the size in bytes, a multiple of {@link #pageSize()}
     */
    long size();

    /**
     * The page size of this reservation; works after release too.
     *
     * @return the page size in bytes, a power of two
     */
    long pageSize();

    /**
     * Name of the backend that made this reservation.
     *
     * @return the backend's name, as {@link Backend#name()}
     */
    String backend();

    /**
     * Bytes currently committed (readable, read-only or protected {@link Protection#NONE}).
     *
     * @return the committed bytes, a multiple of {@link #pageSize()}
     */
    long committedBytes();

    /**
     * Makes the range readable and writable. Pages that were never committed or were decommitted read as zeros.
     *
     * @param offset start of the range, page-aligned
     * @param length bytes in the range, page-aligned
     * @throws MappingLimitException if the mappings the commit adds would take the process too close to
     *                               {@code vm.max_map_count}; nothing changed
     * @throws NativeMemoryException if {@code mprotect} fails (for {@code ENOMEM}, the message says why)
     */
    void commit(long offset, long length);

    /**
     * Gives the range's memory back to the OS ({@code madvise(MADV_DONTNEED)}) and makes it inaccessible
     * ({@code PROT_NONE}). Decommitting pages that are not committed is allowed and does nothing to them.
     *
     * @param offset start of the range, page-aligned
     * @param length bytes in the range, page-aligned
     * @throws MappingLimitException if decommitting the range would split a mapping with the process too close to
     *                               {@code vm.max_map_count} (a hole in committed pages); nothing changed
     * @throws NativeMemoryException if a syscall fails. The range then keeps its previous state in MMSB's accounting
     *                               ({@link #committedBytes()}, and which pages are committed and accessible), though
     *                               its contents may already be zeros if {@code madvise} ran (it can fail part-way).
     *                               One exception: if {@code mprotect} failed after {@code madvise} succeeded, the
     *                               committed pages stay committed but are protected {@link Protection#NONE}, since
     *                               the OS may have changed some of them and not others.
     */
    void decommit(long offset, long length);

    /**
     * Changes the access rights of committed pages.
     *
     * @param offset     start of the range, page-aligned
     * @param length     bytes in the range, page-aligned
     * @param protection the rights the pages get
     * @throws PageAccessException   if a page in the range is not committed
     * @throws MappingLimitException if the mappings the change adds would take the process too close to
     *                               {@code vm.max_map_count}; nothing changed
     * @throws NativeMemoryException if {@code mprotect} fails; each page then has the fewer of its old and the
     *                               requested rights, since the OS may have changed some pages and not others
     */
    void protect(long offset, long length, Protection protection);

    /**
     * Grows the reservation to {@code newSize} bytes (a multiple of the page size, at least {@link #size()}); the new
     * pages are not committed, and every old page keeps its state and contents. In place when the address space after
     * the reservation is free; otherwise the mapping moves ({@code mremap}), which moves page tables and copies no
     * data. A move is a revoke, like {@link #decommit}: views are revoked, and on Panama an access racing the move on
     * another thread fails with an exception; on Unsafe the caller orders them.
     *
     * @param newSize the new size in bytes
     * @return true if the reservation moved
     * @throws NativeMemoryException if the OS refuses; the reservation is then as it was
     */
    boolean grow(long newSize);

    /**
     * Asks the kernel to back the range with transparent huge pages ({@code madvise(MADV_HUGEPAGE)}): a later first
     * touch of a huge-page-aligned block ({@link #hugePageSize()}, 2 MiB on x86-64) that lies wholly in committed
     * READ_WRITE pages of the range faults in one huge page instead of 512 small ones, and the block then costs one TLB
     * entry. The advice belongs to the range, committed or not, and survives commit, decommit and protect. Advising
     * part of a reservation splits its kernel mapping (up to two more mappings); advise all of it to avoid that.
     * Reservations of at least {@link #hugePageSize()} start on a huge-page boundary, so that their first blocks can
     * be huge.
     *
     * <p>Arguments are checked like {@link #commit}'s. When the kernel refuses (no THP support or an older kernel:
     * {@code EINVAL}; THP set to {@code never}, where the advice would do nothing and is not made), this returns
     * {@code false}, changes nothing, and MMSB logs once per process on the {@code dev.mmsb} logger which advice was
     * refused, the errno, and that pages are faulted 4 KiB at a time instead. A refusal is never an exception.
     *
     * @param offset start of the range, page-aligned
     * @param length bytes in the range, page-aligned
     * @return whether the kernel took the advice. This default returns {@code false} and does nothing: a
     *         {@code Reservation} not made by an MMSB backend may not be able to advise.
     */
    default boolean adviseHugePages(long offset, long length) {
        return false;
    }

    /**
     * Faults in the range's pages now, writable ({@code madvise(MADV_POPULATE_WRITE)}, Linux 5.14+), as first writes
     * would, but in one syscall instead of one page fault per page: the memory becomes resident (RSS grows by the
     * range, less what was resident already) and reads zeros where it was never written. Contents are unchanged.
     *
     * <p>Arguments are checked like {@link #commit}'s, and every page of the range must be committed READ_WRITE. When
     * the kernel refuses ({@code EINVAL} on a kernel before 5.14; {@code ENOMEM}, {@code EFAULT} or
     * {@code EHWPOISON} when it could not fault a page in), this returns {@code false}, the range keeps its state
     * (some of its pages may be resident), and MMSB logs once per process which advice was refused, the errno, and
     * that pages are faulted in on first touch instead. A refusal is never an exception.
     *
     * @param offset start of the range, page-aligned
     * @param length bytes in the range, page-aligned
     * @return whether every page of the range was populated. This default returns {@code false} and does nothing.
     * @throws PageAccessException if a page of the range is not committed READ_WRITE
     */
    default boolean populate(long offset, long length) {
        return false;
    }

    /**
     * The transparent huge page size the kernel reports ({@code hpage_pmd_size}, 2 MiB on x86-64), or 2 MiB when it
     * has no THP support; a size getter that works after release too. This default returns 2 MiB.
     *
     * @return the huge page size in bytes
     */
    default long hugePageSize() {
        return 2L << 20;
    }

    /**
     * A {@link MemoryView} of {@code [offset, offset + length)} (any alignment), for hot paths that must not pay a
     * page-state check per access. Every page of the range must be committed {@link Protection#READ_WRITE} now.
     *
     * <p>The view stays valid while the reservation commits more pages, and is revoked by the next call that takes
     * access away from any page of the reservation, inside the view or not: {@link #decommit}, {@link #protect} to
     * fewer rights, {@link #release}. A structure takes a new view after each such call. Revoking costs a field store
     * on Unsafe; on Panama it closes a shared arena, a handshake with every thread (tens of microseconds), which only
     * the first decommit or protect after views were taken pays.
     *
     * @param offset start of the view, any alignment
     * @param length bytes in the view
     * @return a view of the range
     * @throws PageAccessException if a page of the range is not committed READ_WRITE
     */
    MemoryView view(long offset, long length);

    /** Unmaps the whole range. Idempotent; safe from any thread. */
    void release();

    /**
     * Whether {@link #release()} ran, explicitly or by the Cleaner.
     *
     * @return true once released
     */
    boolean isReleased();

    /** Same as {@link #release()}. */
    @Override
    void close();

    /**
     * Reads a byte from a readable page range.
     *
     * @param offset where the byte starts, any alignment
     * @return the byte at {@code offset}
     */
    byte getByte(long offset);

    /**
     * Writes a byte to a writable page range.
     *
     * @param offset where the byte starts, any alignment
     * @param value  the byte to write
     */
    void putByte(long offset, byte value);

    /**
     * Reads a short from a readable page range.
     *
     * @param offset where the short starts, any alignment
     * @return the short at {@code offset}
     */
    short getShort(long offset);

    /**
     * Writes a short to a writable page range.
     *
     * @param offset where the short starts, any alignment
     * @param value  the short to write
     */
    void putShort(long offset, short value);

    /**
     * Reads a int from a readable page range.
     *
     * @param offset where the int starts, any alignment
     * @return the int at {@code offset}
     */
    int getInt(long offset);

    /**
     * Writes a int to a writable page range.
     *
     * @param offset where the int starts, any alignment
     * @param value  the int to write
     */
    void putInt(long offset, int value);

    /**
     * Reads a long from a readable page range.
     *
     * @param offset where the long starts, any alignment
     * @return the long at {@code offset}
     */
    long getLong(long offset);

    /**
     * Writes a long to a writable page range.
     *
     * @param offset where the long starts, any alignment
     * @param value  the long to write
     */
    void putLong(long offset, long value);

    /**
     * Reads a float from a readable page range.
     *
     * @param offset where the float starts, any alignment
     * @return the float at {@code offset}
     */
    float getFloat(long offset);

    /**
     * Writes a float to a writable page range.
     *
     * @param offset where the float starts, any alignment
     * @param value  the float to write
     */
    void putFloat(long offset, float value);

    /**
     * Reads a double from a readable page range.
     *
     * @param offset where the double starts, any alignment
     * @return the double at {@code offset}
     */
    double getDouble(long offset);

    /**
     * Writes a double to a writable page range.
     *
     * @param offset where the double starts, any alignment
     * @param value  the double to write
     */
    void putDouble(long offset, double value);

    /**
     * Copies {@code length} bytes from {@code offset} into {@code dst[dstIndex..]}.
     *
     * @param offset   where the bytes start in this reservation
     * @param dst      the array to fill
     * @param dstIndex first index of {@code dst} written
     * @param length   bytes to copy
     */
    void get(long offset, byte[] dst, int dstIndex, int length);

    /**
     * Copies {@code length} bytes from {@code src[srcIndex..]} to {@code offset}.
     *
     * @param offset   where the bytes go in this reservation
     * @param src      the array to copy from
     * @param srcIndex first index of {@code src} read
     * @param length   bytes to copy
     */
    void put(long offset, byte[] src, int srcIndex, int length);

    /**
     * Copies {@code count} ints ({@code 4 * count} bytes) from {@code offset} into {@code dst[dstIndex..]}.
     *
     * @param offset   where the ints start in this reservation
     * @param dst      the array to fill
     * @param dstIndex first index of {@code dst} written
     * @param count    ints to copy
     */
    void get(long offset, int[] dst, int dstIndex, int count);

    /**
     * Copies {@code count} ints ({@code 4 * count} bytes) from {@code src[srcIndex..]} to {@code offset}.
     *
     * @param offset   where the ints go in this reservation
     * @param src      the array to copy from
     * @param srcIndex first index of {@code src} read
     * @param count    ints to copy
     */
    void put(long offset, int[] src, int srcIndex, int count);

    /**
     * Copies {@code count} longs ({@code 8 * count} bytes) from {@code offset} into {@code dst[dstIndex..]}.
     *
     * @param offset   where the longs start in this reservation
     * @param dst      the array to fill
     * @param dstIndex first index of {@code dst} written
     * @param count    longs to copy
     */
    void get(long offset, long[] dst, int dstIndex, int count);

    /**
     * Copies {@code count} longs ({@code 8 * count} bytes) from {@code src[srcIndex..]} to {@code offset}.
     *
     * @param offset   where the longs go in this reservation
     * @param src      the array to copy from
     * @param srcIndex first index of {@code src} read
     * @param count    longs to copy
     */
    void put(long offset, long[] src, int srcIndex, int count);

    /**
     * Fills {@code dst}'s remaining bytes from {@code offset} and advances its position.
     *
     * @param offset where the bytes start in this reservation
     * @param dst    the buffer to fill
     */
    void get(long offset, ByteBuffer dst);

    /**
     * Writes {@code src}'s remaining bytes to {@code offset} and advances its position.
     *
     * @param offset where the bytes go in this reservation
     * @param src    the buffer to copy from
     */
    void put(long offset, ByteBuffer src);

    /**
     * Sets {@code length} bytes from {@code offset} to {@code value}.
     *
     * @param offset where the range starts
     * @param length bytes to set
     * @param value  the byte every one of them gets
     */
    void fill(long offset, long length, byte value);

    /**
     * Copies {@code length} bytes within this reservation; the ranges may overlap.
     *
     * @param srcOffset where the bytes are read
     * @param dstOffset where they are written
     * @param length    bytes to copy
     */
    void copy(long srcOffset, long dstOffset, long length);

    /**
     * Copies {@code length} bytes from this reservation to {@code dst}, which may come from another backend.
     *
     * @param srcOffset where the bytes are read in this reservation
     * @param dst       the reservation written
     * @param dstOffset where they are written in {@code dst}
     * @param length    bytes to copy
     */
    void copyTo(long srcOffset, Reservation dst, long dstOffset, long length);
}
