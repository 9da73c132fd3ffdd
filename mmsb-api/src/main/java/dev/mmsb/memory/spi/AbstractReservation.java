package dev.mmsb.memory.spi;

import dev.mmsb.internal.diag.Diagnostics;
import dev.mmsb.internal.diag.MemoryOperationEvent;
import dev.mmsb.memory.MemoryView;
import dev.mmsb.memory.NativeMemoryException;
import dev.mmsb.memory.PageAccessException;
import dev.mmsb.memory.Protection;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.limits.MappingLimit;
import dev.mmsb.memory.limits.MemoryBudget;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both backends share: argument checks, the per-page state that every access is checked against, diagnostics,
 * and release (explicit or by the {@link Cleaner}). A backend supplies the syscalls and the raw memory access.
 *
 * <p>Access checks: a typed access first compares its offset with a cached {@link Window} of pages known to be
 * readable (writable); only a miss consults the page map, which then widens the window around the access. The window
 * is an immutable object in a plain field, so the check costs a load and two compares that the JIT may hoist out of a
 * loop. Paging operations that take access away update the page map first and then publish a closed window
 * (a volatile store); the slow path reads the window (a volatile load) before it scans the page map, so a window
 * that grants access is always computed from page state at least as new as the window it replaces.
 *
 * <p>The window also carries the backend's access handle (for Panama, the segment of the arena that guards the
 * mapping) and the checks return it. An access uses the handle of the window it passed, so a backend that replaces
 * its handle when access is revoked ({@link #revokeAccess(boolean)}, {@link #publishHandle(Object)}) knows that a thread
 * holding a stale window also holds the stale handle. Threads that access a reservation while another thread
 * releases or revokes it see the change once that operation happens-before their access (a join, a lock, a volatile);
 * without that, only a backend whose handle fails when revoked (Panama) keeps the race safe.
 *
 * <p>Ownership: the first thread whose access reaches the slow path owns the reservation, and the windows it builds
 * pass only its own accesses (one more compare with {@code Thread.currentThread()}). Another thread's slow path marks
 * the reservation shared for good, and from then on windows pass any thread. While the reservation is not shared, a
 * revoke or release made by the owner (or before anyone accessed it) knows that no other thread can be inside an
 * access, so a backend may skip its fence ({@link #confinedToCaller()}): for Panama that saves a shared arena's close,
 * a handshake with every thread (about 38 µs per decommit in the bench run of 2026-12-02, against 5 µs confined).
 * The writer publishes the closed window and then reads the ownership; a new accessor records itself and then reads
 * the window (both volatile), so at least one of them sees the other.
 *
 * <p>Leaks: a reservation nobody released is released by the Cleaner once it is unreachable, and reported at WARNING
 * on logger {@code dev.mmsb}. With {@code -Dmmsb.leakDetection=paranoid} (every reservation) or {@code =simple} (one
 * in 128) the report includes the stack of the thread that made it; the default, {@code disabled}, records nothing.
 *
 * <p>The slow path reads the page map without the lock. A racing paging operation can make it refuse an access that
 * would have been allowed, never allow one that the published state refuses.
 */
public abstract class AbstractReservation implements Reservation {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong IDS = new AtomicLong();
    private static final AtomicLong RECLAIMED_LEAKS = new AtomicLong();
    private static final VarHandle WINDOW;
    private static final VarHandle OWNER;

    static {
        try {
            WINDOW = MethodHandles.lookup().findVarHandle(AbstractReservation.class, "window", Window.class);
            OWNER = MethodHandles.lookup().findVarHandle(AbstractReservation.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Changed only by a {@link #grow} that moves, under the lock; see {@link #address()}. */
    protected long address;
    private volatile long size;
    private final long pageSize;
    private final int pageShift;
    private final String backend;
    private final long id;
    /** Replaced by {@link #grow}; the slow path reads it once per check, without the lock. */
    private volatile PageMap pages;
    private final Unmapper unmapper;
    private final Cleaner.Cleanable cleanable;
    /** Plain on purpose: see the class comment. Written under the lock or by compare-and-set. */
    private Window window;
    private volatile boolean released;
    private volatile long committedPages;
    /** The first thread that accessed the reservation; null until then. */
    private volatile Thread owner;
    /** Sticky: some thread other than the owner has accessed the reservation. */
    private volatile boolean shared;
    /** A {@link MemoryView} was handed out since the last revoke; written under the lock. */
    private boolean viewsOut;

    /**
     * A reservation of a mapping the backend has made, all of it {@code PROT_NONE}, registered with the Cleaner.
     *
     * @param backend  the backend's name
     * @param address  start address of the mapping
     * @param size     bytes mapped, a multiple of {@code pageSize}
     * @param pageSize the page size, a power of two
     * @param handle   what accesses go through, returned by {@link #checkRead}/{@link #checkWrite}; may be null
     * @param unmap    releases the mapping; must not refer to this object, or the Cleaner could never run it
     */
    protected AbstractReservation(String backend, long address, long size, long pageSize, Object handle,
                                  Runnable unmap) {
        this.backend = backend;
        this.address = address;
        this.size = size;
        this.pageSize = pageSize;
        this.pageShift = Long.numberOfTrailingZeros(pageSize);
        this.id = IDS.incrementAndGet();
        this.pages = new PageMap(size >>> pageShift);
        this.window = Window.closed(handle);
        this.unmapper = new Unmapper(id, backend, address, size, unmap, LeakDetection.site(id));
        this.cleanable = CLEANER.register(this, unmapper);
    }

    /**
     * Reservations the Cleaner released because their owner never closed them, since the JVM started.
     *
     * @return the number of leaks reclaimed
     */
    public static long reclaimedLeaks() {
        return RECLAIMED_LEAKS.get();
    }

    /**
     * Unique id of this reservation, as the diagnostics report it.
     *
     * @return the id, from 1 in the order reservations were made
     */
    public final long id() {
        return id;
    }

    /**
     * Start address of the mapping; meaningless once released. A {@link #grow} may move it: only a thread that the
     * grow happens-before sees the new one.
     *
     * @return the start address
     */
    public final long address() {
        return address;
    }

    @Override
    public final long size() {
        return size;
    }

    @Override
    public final long pageSize() {
        return pageSize;
    }

    @Override
    public final String backend() {
        return backend;
    }

    @Override
    public final long committedBytes() {
        return committedPages << pageShift;
    }

    /**
     * The kernel memory mappings this reservation makes, by MMSB's count: one per run of pages in one state (an upper
     * bound, since the kernel merges neighbours of equal protection); see {@link MappingLimit}.
     *
     * @return the number of mappings
     */
    public final long mappings() {
        return unmapper.mappings;
    }

    @Override
    public final boolean isReleased() {
        return released;
    }

    // ---- paging -------------------------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>The bytes it adds are taken from the process's commit budget ({@link MemoryBudget}) before the syscall. If
     * they do not fit, the structures that hold unused memory are asked to trim, outside this reservation's lock (the
     * trims run on their owners' threads, see {@link MemoryBudget}), and the commit is tried once more; then it throws
     * {@link dev.mmsb.memory.BudgetExceededException} with nothing changed.
     */
    @Override
    public final void commit(long offset, long length) {
        long missing = commitOnce(offset, length, false);
        if (missing > 0) {
            MemoryBudget.process().makeRoom(missing);
            commitOnce(offset, length, true);
        }
    }

    /**
     * One attempt at a commit, under the lock.
     *
     * @param last whether a refusal by the budget throws; otherwise it returns the bytes that did not fit, and
     *             records nothing (the next attempt does)
     * @return 0 if committed, else the bytes the budget could not take
     */
    private synchronized long commitOnce(long offset, long length, boolean last) {
        MemoryOperationEvent event = Diagnostics.memoryBegin();
        Throwable failure = null;
        boolean retry = false;
        try {
            checkPagingRange("commit", offset, length);
            if (length > 0) {
                long from = offset >>> pageShift;
                long to = (offset + length) >>> pageShift;
                long bytes = pages.countUncommitted(from, to) << pageShift;
                MemoryBudget budget = MemoryBudget.process();
                if (!budget.tryCommit(backend, bytes)) {
                    if (!last) {
                        retry = true;
                        return bytes;
                    }
                    throw budget.refuse("commit", backend, address + offset, length, bytes);
                }
                long before = committedPages;
                try {
                    long mappings = claimMappings("commit", null, from, to, PageMap.READ_WRITE, offset, length);
                    boolean done = false;
                    try {
                        osCommit(offset, length);
                        committedPages += pages.set(from, to, PageMap.READ_WRITE);
                        done = true;
                    } finally {
                        settleMappings(mappings, done);
                    }
                } finally {
                    settleBudget(before, bytes);
                }
            }
            return 0;
        } catch (NativeMemoryException e) {
            failure = explained(e);
            throw (NativeMemoryException) failure;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (!retry) {
                Diagnostics.memoryDone(event, "commit", backend, id, offset >> pageShift, address + offset, offset,
                        length, failure);
            }
        }
    }

    /**
     * After a commit or decommit: the budget took {@code taken} bytes for it beforehand; what the committed pages
     * changed by since {@code beforePages} is what really happened, so the difference goes back.
     */
    private void settleBudget(long beforePages, long taken) {
        long now = committedPages;
        unmapper.committedBytes = now << pageShift;
        long change = (now - beforePages) << pageShift;
        if (change != taken) {
            MemoryBudget.process().uncommitted(backend, taken - change);
        }
    }

    @Override
    public final synchronized void decommit(long offset, long length) {
        MemoryOperationEvent event = Diagnostics.memoryBegin();
        Throwable failure = null;
        try {
            checkPagingRange("decommit", offset, length);
            long from = offset >>> pageShift;
            long to = (offset + length) >>> pageShift;
            // Pages never committed or already decommitted hold no memory and are PROT_NONE: nothing to do for them.
            if (length > 0 && pages.anyAtLeast(from, to, PageMap.NO_ACCESS)) {
                // A hole in the middle of committed pages splits a mapping: counted and checked before anything.
                long mappings = claimMappings("decommit", null, from, to, PageMap.UNCOMMITTED, offset, length);
                boolean done = false;
                long beforePages = committedPages;
                try {
                    PageMap.Runs before = pages.snapshot(from, to);
                    committedPages += pages.set(from, to, PageMap.UNCOMMITTED);
                    // If a step fails, the pages get their old states back, but no rights the OS may have taken away.
                    byte left = PageMap.READ_WRITE;
                    try {
                        revoke();
                        osDiscard(offset, length); // changes no rights, even when it fails part-way
                        left = PageMap.NO_ACCESS; // mprotect may fail part-way, having taken some pages' rights
                        osProtect(offset, length, Protection.NONE);
                    } catch (RuntimeException | Error e) {
                        committedPages += pages.restore(before, left);
                        throw e;
                    }
                    done = true;
                } finally {
                    settleMappings(mappings, done);
                    settleBudget(beforePages, 0);
                }
            }
        } catch (NativeMemoryException e) {
            failure = explained(e);
            throw (NativeMemoryException) failure;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            Diagnostics.memoryDone(event, "decommit", backend, id, offset >> pageShift, address + offset, offset,
                    length, failure);
        }
    }

    @Override
    public final synchronized void protect(long offset, long length, Protection protection) {
        MemoryOperationEvent event = Diagnostics.memoryBegin();
        Throwable failure = null;
        try {
            Objects.requireNonNull(protection, "protection");
            checkPagingRange("protect", offset, length);
            long from = offset >>> pageShift;
            long to = (offset + length) >>> pageShift;
            long uncommitted = pages.firstBelow(from, to, PageMap.NO_ACCESS);
            if (uncommitted >= 0) {
                throw new PageAccessException("protect " + protection + ": page " + uncommitted + " (offset="
                        + (uncommitted << pageShift) + ") of reservation #" + id + " is not committed", offset,
                        uncommitted << pageShift);
            }
            if (length > 0) {
                byte state = protection == Protection.READ_WRITE ? PageMap.READ_WRITE
                        : protection == Protection.READ_ONLY ? PageMap.READ_ONLY : PageMap.NO_ACCESS;
                long mappings = claimMappings("protect", protection, from, to, state, offset, length);
                boolean done = false;
                try {
                    if (pages.anyAtLeast(from, to, (byte) (state + 1))) {
                        // Rights go before the call and come only after it. A failed mprotect may have changed some
                        // pages and not others, so then each page keeps the fewer of its old and the new rights.
                        pages.lower(from, to, state);
                        revoke();
                    }
                    osProtect(offset, length, protection);
                    pages.set(from, to, state);
                    done = true;
                } finally {
                    settleMappings(mappings, done);
                }
            }
        } catch (NativeMemoryException e) {
            failure = explained(e);
            throw (NativeMemoryException) failure;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            Diagnostics.memoryDone(event, "protect(" + protection + ")", backend, id, offset >> pageShift,
                    address + offset, offset, length, failure);
        }
    }

    @Override
    public final synchronized boolean grow(long newSize) {
        MemoryOperationEvent event = Diagnostics.memoryBegin();
        Throwable failure = null;
        long oldSize = size;
        boolean moved = false;
        try {
            if (released) {
                throw released("grow");
            }
            if (newSize < oldSize || (newSize & (pageSize - 1)) != 0) {
                throw new IllegalArgumentException("grow: newSize=" + newSize + " must be a multiple of the page size "
                        + pageSize + " and at least size=" + oldSize);
            }
            if (newSize == oldSize) {
                return false;
            }
            // The new pages are PROT_NONE: one more mapping unless the last page is too (then the kernel merges them).
            // A move keeps the count; the few mappings it makes while moving are not counted.
            long extra = pages.get((oldSize >>> pageShift) - 1) == PageMap.UNCOMMITTED ? 0 : 1;
            MappingLimit.process().claim(extra, "grow", address + oldSize, newSize - oldSize);
            try {
                if (!osMapAt(address + oldSize, newSize - oldSize)) {
                    moveTo(osMapAnywhere(newSize), newSize);
                    moved = true;
                }
            } catch (NativeMemoryException e) {
                MappingLimit.process().adjust(-extra);
                throw MappingLimit.process().explain(e, newSize);
            } catch (RuntimeException | Error e) {
                MappingLimit.process().adjust(-extra);
                throw e;
            }
            unmapper.mappings += extra;
            MappingLimit.process().reserved(newSize - oldSize);
            pages = pages.grow(newSize >>> pageShift);
            size = newSize;
            unmapper.range(address, newSize);
            afterGrow(moved);
            return moved;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            Diagnostics.memoryDone(event, moved ? "grow(moved)" : "grow", backend, id, 0, address, oldSize,
                    newSize - oldSize, failure);
        }
    }

    /**
     * Moves every committed run of pages into the fresh {@code PROT_NONE} range at {@code target} and unmaps the old
     * range; accesses are revoked first, since their addresses are about to stop being this reservation's. On
     * failure the runs moved so far go back and the target is unmapped, so the reservation is as it was.
     */
    private void moveTo(long target, long newSize) {
        long oldSize = size;
        PageMap.Runs runs = pages.snapshot(0, oldSize >>> pageShift);
        WINDOW.setVolatile(this, Window.closed(window.handle));
        boolean views = viewsOut;
        viewsOut = false;
        beforeMove(views);
        int done = 0;
        try {
            for (; done < runs.count(); done++) {
                if (runs.state(done) != PageMap.UNCOMMITTED) {
                    long from = runs.start(done) << pageShift;
                    osMove(address + from, (runs.end(done) << pageShift) - from, target + from);
                }
            }
        } catch (RuntimeException | Error e) {
            for (int i = 0; i < done; i++) {
                if (runs.state(i) != PageMap.UNCOMMITTED) {
                    long from = runs.start(i) << pageShift;
                    osMove(target + from, (runs.end(i) << pageShift) - from, address + from);
                }
            }
            osUnmap(target, newSize);
            afterGrow(true);
            throw e;
        }
        osUnmap(address, oldSize);
        address = target;
    }

    @Override
    public final synchronized boolean adviseHugePages(long offset, long length) {
        MemoryOperationEvent event = Diagnostics.memoryBegin();
        Throwable failure = null;
        String declined = null;
        try {
            checkPagingRange("adviseHugePages", offset, length);
            if (length == 0) {
                return true;
            }
            if (!HugePages.usable()) {
                declined = "declined: transparent huge pages are " + HugePages.mode();
                HugePages.logRefusalOnce("MADV_HUGEPAGE", 0, "transparent huge pages are " + HugePages.mode()
                        + " in /sys/kernel/mm/transparent_hugepage/enabled", "faults memory in 4 KiB pages");
                return false;
            }
            declined = advise(offset, length, HugePages.MADV_HUGEPAGE, "MADV_HUGEPAGE",
                    "faults memory in 4 KiB pages");
            return declined == null;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            done(event, "adviseHugePages", offset, length, failure, declined);
        }
    }

    @Override
    public final synchronized boolean populate(long offset, long length) {
        MemoryOperationEvent event = Diagnostics.memoryBegin();
        Throwable failure = null;
        String declined = null;
        try {
            checkPagingRange("populate", offset, length);
            long from = offset >>> pageShift;
            long to = (offset + length) >>> pageShift;
            long bad = pages.firstBelow(from, to, PageMap.READ_WRITE);
            if (bad >= 0) {
                throw new PageAccessException("populate: page " + bad + " (offset=" + (bad << pageShift)
                        + ") of reservation #" + id + " is " + describe(pages.get(bad)) + ", not READ_WRITE",
                        offset, bad << pageShift);
            }
            if (length == 0) {
                return true;
            }
            declined = advise(offset, length, HugePages.MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE",
                    "lets pages fault in on first touch, one fault per page");
            return declined == null;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            done(event, "populate", offset, length, failure, declined);
        }
    }

    /**
     * Gives the advice; returns null if the kernel took it, else the refusal for the diagnostics, logged once per
     * process with what MMSB does {@code instead}.
     */
    private String advise(long offset, long length, int advice, String name, String instead) {
        int errno = osAdvise(offset, length, advice);
        if (errno == 0) {
            return null;
        }
        String text = osErrorText(errno);
        HugePages.logRefusalOnce(name, errno, text, instead);
        return "declined: errno=" + errno + " (" + text + ")";
    }

    @Override
    public final long hugePageSize() {
        return HugePages.size();
    }

    private void done(MemoryOperationEvent event, String operation, long offset, long length, Throwable failure,
                      String declined) {
        if (declined != null) {
            Diagnostics.memoryDeclined(event, operation, backend, id, offset >> pageShift, address + offset, offset,
                    length, declined);
        } else {
            Diagnostics.memoryDone(event, operation, backend, id, offset >> pageShift, address + offset, offset,
                    length, failure);
        }
    }

    @Override
    public final synchronized MemoryView view(long offset, long length) {
        if (released) {
            throw released("view");
        }
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("view: offset=" + offset + " length=" + length + " size=" + size);
        }
        if (length > 0) {
            long first = offset >>> pageShift;
            long end = ((offset + length - 1) >>> pageShift) + 1;
            long bad = pages.firstBelow(first, end, PageMap.READ_WRITE);
            if (bad >= 0) {
                throw new PageAccessException("view at offset=" + offset + " length=" + length + " touches page "
                        + bad + " (offset=" + (bad << pageShift) + ") of reservation #" + id + " which is "
                        + describe(pages.get(bad)), offset, bad << pageShift);
            }
        }
        viewsOut = true;
        return newView(offset, length);
    }

    /**
     * A view of {@code [offset, offset + length)}, whose pages are READ_WRITE (checked), called under the lock. It must
     * fail every access once {@link #revokeAccess(boolean)} or the release that follows has run, and keep this
     * reservation reachable while it is.
     *
     * @param offset start of the view
     * @param length bytes in the view
     * @return the view
     */
    protected abstract MemoryView newView(long offset, long length);

    @Override
    public final void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            WINDOW.setVolatile(this, Window.closed(window.handle));
            committedPages = 0;
            beforeUnmap(viewsOut);
            viewsOut = false;
        }
        MemoryOperationEvent event = Diagnostics.memoryBegin();
        Throwable failure = null;
        try {
            unmapper.explicit = true;
            cleanable.clean();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            Diagnostics.memoryDone(event, "release", backend, id, 0, address, 0, size, failure);
        }
    }

    @Override
    public final void close() {
        release();
    }

    /**
     * Makes the range readable and writable ({@code mprotect}). Arguments are checked.
     *
     * @param offset start of the range, page-aligned
     * @param length bytes in the range, page-aligned
     */
    protected abstract void osCommit(long offset, long length);

    /**
     * Returns the range's memory to the OS ({@code madvise(MADV_DONTNEED)}) without changing its protection; decommit
     * then makes it {@code PROT_NONE} with {@link #osProtect}, so that it knows which of the two calls failed.
     * Arguments are checked.
     *
     * @param offset start of the range, page-aligned
     * @param length bytes in the range, page-aligned
     */
    protected abstract void osDiscard(long offset, long length);

    /**
     * Sets the range's protection ({@code mprotect}). Arguments are checked.
     *
     * @param offset     start of the range, page-aligned
     * @param length     bytes in the range, page-aligned
     * @param protection the rights the pages get
     */
    protected abstract void osProtect(long offset, long length, Protection protection);

    /**
     * {@code madvise(address + offset, length, advice)} for an advice that changes no contents or rights
     * ({@link HugePages#MADV_HUGEPAGE}, {@link HugePages#MADV_POPULATE_WRITE}). Arguments are checked.
     *
     * @param offset start of the range, page-aligned
     * @param length bytes in the range, page-aligned
     * @param advice the {@code madvise} advice
     * @return 0, or the errno the call failed with; never throws for a failed call
     */
    protected abstract int osAdvise(long offset, long length, int advice);

    /**
     * The C library's text for {@code errno}; called right after {@link #osAdvise} failed.
     *
     * @param errno the error number
     * @return its {@code strerror} text
     */
    protected abstract String osErrorText(int errno);

    /**
     * Maps {@code length} bytes {@code PROT_NONE} at exactly {@code at} if that address space is free
     * ({@code MAP_FIXED_NOREPLACE}), for a {@link #grow} in place.
     *
     * @param at     the address the mapping must start at
     * @param length bytes to map
     * @return true if mapped there; false if anything is mapped there already
     */
    protected abstract boolean osMapAt(long at, long length);

    /**
     * Maps {@code length} bytes {@code PROT_NONE} wherever the OS puts them.
     *
     * @param length bytes to map
     * @return the start address of the new mapping
     */
    protected abstract long osMapAnywhere(long length);

    /**
     * Moves the pages of {@code [from, from + length)}, one mapping of this reservation, to {@code to}, keeping their
     * contents and protection ({@code mremap(MREMAP_MAYMOVE | MREMAP_FIXED)}: page tables move, no data is copied).
     *
     * @param from   start address of the pages
     * @param length bytes to move
     * @param to     the address they move to
     */
    protected abstract void osMove(long from, long length, long to);

    /**
     * Unmaps {@code [at, at + length)} ({@code munmap}): a moving {@link #grow} unmaps the old range, or the new one
     * when the move failed.
     *
     * @param at     start address
     * @param length bytes to unmap
     */
    protected abstract void osUnmap(long at, long length);

    /**
     * Called by a {@link #grow} that must move the mapping, under the lock, after the window was closed and before
     * any page moves: no access may reach the old range afterwards (Panama closes its arena unless the caller is
     * the only thread that ever accessed the reservation and no view is out, and publishes a handle that fails every
     * access until {@link #afterGrow}). Views must be revoked.
     *
     * @param viewsOut views were handed out since the last revoke
     */
    protected abstract void beforeMove(boolean viewsOut);

    /**
     * Called by {@link #grow} under the lock once the reservation spans {@code [address, address + size())} (or, after
     * a failed move, its old range again): a backend whose handles cover the range publishes new ones.
     *
     * @param moved whether the mapping moved to a new address
     */
    protected abstract void afterGrow(boolean moved);

    /**
     * Called when access is being taken away, after the page map and window say so and before the syscall. A backend
     * that can fence off accesses already past their check (Panama, by closing a shared arena) does it here: it
     * {@linkplain #publishHandle publishes} a fresh handle and then invalidates the old one. It must also revoke every
     * {@link MemoryView} it made, when {@code viewsOut} says there may be some.
     *
     * @param viewsOut views were handed out since the last revoke; they may be used on any thread
     */
    protected abstract void revokeAccess(boolean viewsOut);

    /**
     * Called by {@link #release()} under the lock, after the window is closed and before the unmap action runs; a
     * backend can ask {@link #confinedToCaller()} here whether the unmap needs its fence, which it does anyway when
     * {@code viewsOut}. Views must fail from then on.
     *
     * @param viewsOut views were handed out since the last revoke
     */
    protected void beforeUnmap(boolean viewsOut) {
    }

    /**
     * Makes {@code handle} the one that later checks return; only from {@link #revokeAccess(boolean)}.
     *
     * @param handle the new access handle
     */
    protected final void publishHandle(Object handle) {
        WINDOW.setVolatile(this, Window.closed(handle));
    }

    /**
     * True if no thread but the caller can be inside a checked access now: the reservation is not shared, and its
     * owner is the caller or nobody. Views are not counted. Meaningful only from {@link #revokeAccess(boolean)} and
     * {@link #beforeUnmap(boolean)}, after the window was closed.
     *
     * @return whether the caller may skip the fence
     */
    protected final boolean confinedToCaller() {
        if (shared) {
            return false;
        }
        Thread first = owner;
        return first == null || first == Thread.currentThread();
    }

    private void revoke() {
        WINDOW.setVolatile(this, Window.closed(window.handle));
        boolean views = viewsOut;
        viewsOut = false;
        revokeAccess(views);
    }

    // ---- mappings (see MappingLimit) ----------------------------------------------------------------------------

    /**
     * Counts the kernel mappings that setting pages {@code [from, to)} to {@code state} adds, before any syscall or
     * change of state, and refuses the operation if they would take the process too close to
     * {@code vm.max_map_count}. Returns the change in this reservation's mappings, for {@link #settleMappings}.
     *
     * @param protection for the message of a protect; null for other operations
     *
     * @throws dev.mmsb.memory.MappingLimitException if MMSB refuses the operation; nothing was changed
     */
    private long claimMappings(String operation, Protection protection, long from, long to, byte state, long offset,
                               long length) {
        long delta = pages.runsDelta(from, to, state);
        if (delta > 0) {
            String name = protection == null ? operation
                    : new StringBuilder(24).append(operation).append('(').append(protection.name()).append(')')
                    .toString();
            MappingLimit.process().claim(delta, name, address + offset, length);
        }
        return delta;
    }

    /**
     * After an operation that {@link #claimMappings} counted: on success its change is exact; after a failure the
     * page map holds whatever the undo left, so the reservation's mappings are counted again from it.
     */
    private void settleMappings(long delta, boolean succeeded) {
        long before = unmapper.mappings;
        long now = succeeded ? before + delta : 1 + pages.changes(0, pages.pages());
        long unclaimed = now - before - Math.max(delta, 0);
        if (unclaimed != 0) {
            MappingLimit.process().adjust(unclaimed);
        }
        if (now != before) {
            unmapper.mappings = now;
        }
    }

    /** An {@code ENOMEM} from {@code mprotect} (a split past the map limit) says so. */
    private static NativeMemoryException explained(NativeMemoryException e) {
        return e.operation().startsWith("mprotect") ? MappingLimit.process().explain(e, -1) : e;
    }

    private void checkPagingRange(String operation, long offset, long length) {
        if (released) {
            throw released(operation);
        }
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(operation + ": offset=" + offset + " length=" + length
                    + " must not be negative");
        }
        if (((offset | length) & (pageSize - 1)) != 0) {
            throw new IllegalArgumentException(operation + ": offset=" + offset + " length=" + length
                    + " must be multiples of the page size " + pageSize);
        }
        if (offset > size - length) {
            throw new IndexOutOfBoundsException(operation + ": offset=" + offset + " length=" + length
                    + " exceeds size=" + size);
        }
    }

    // ---- access checks ------------------------------------------------------------------------------------------

    /**
     * Throws unless {@code [offset, offset + length)} lies in pages that are readable now.
     *
     * @param offset start of the access
     * @param length bytes accessed
     * @return the handle to access through (see the class comment)
     */
    protected final Object checkRead(long offset, long length) {
        Window w = window;
        if (length < 0 || offset < w.readLo || offset > w.readHi - length
                || (w.owner != null && w.owner != Thread.currentThread())) {
            return slowCheck(offset, length, false);
        }
        return w.handle;
    }

    /**
     * Throws unless {@code [offset, offset + length)} lies in pages that are writable now.
     *
     * @param offset start of the access
     * @param length bytes accessed
     * @return the handle to access through (see the class comment)
     */
    protected final Object checkWrite(long offset, long length) {
        Window w = window;
        if (length < 0 || offset < w.writeLo || offset > w.writeHi - length
                || (w.owner != null && w.owner != Thread.currentThread())) {
            return slowCheck(offset, length, true);
        }
        return w.handle;
    }

    /**
     * Checks an array range: {@code length} elements from {@code index} in an array of {@code arrayLength}.
     *
     * @param index       first element
     * @param length      elements in the range
     * @param arrayLength the array's length
     * @throws IndexOutOfBoundsException if the range does not fit the array
     */
    protected static void checkArray(int index, int length, int arrayLength) {
        Objects.checkFromIndexSize(index, length, arrayLength);
    }

    private Object slowCheck(long offset, long length, boolean write) {
        Thread me = Thread.currentThread();
        if (!shared) {
            Thread first = owner;
            if (first == null ? !OWNER.compareAndSet(this, null, me) && owner != me : first != me) {
                shared = true;
            }
        }
        Window seen = (Window) WINDOW.getVolatile(this);
        String access = write ? "write" : "read";
        if (released) {
            throw released(access);
        }
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException(access + ": offset=" + offset + " length=" + length + " size="
                    + size);
        }
        if (length == 0) {
            return seen.handle;
        }
        byte min = write ? PageMap.READ_WRITE : PageMap.READ_ONLY;
        long first = offset >>> pageShift;
        long end = ((offset + length - 1) >>> pageShift) + 1;
        PageMap pages = this.pages;
        if (end > pages.pages()) {
            // A grow raced this check: the size is the new one, the map the old one. Refuse; the caller may retry.
            throw new IllegalStateException(access + " at offset=" + offset + " raced a grow of reservation #" + id);
        }
        long bad = pages.firstBelow(first, end, min);
        if (bad >= 0) {
            throw new PageAccessException(access + " at offset=" + offset + " length=" + length + " touches page "
                    + bad + " (offset=" + (bad << pageShift) + ") of reservation #" + id + " which is "
                    + describe(pages.get(bad)), offset, bad << pageShift);
        }
        // The whole run of accessible pages around the access: a window that ends short of it would send sequential
        // access back here at every edge, and the JIT cannot hoist a check out of a loop that keeps calling this.
        long lo = pages.runStart(first, min, 0) << pageShift;
        long hi = pages.runEnd(end, min, pages.pages()) << pageShift;
        Thread user = shared ? null : me;
        Window next;
        if (write) {
            boolean keepRead = seen.owner == user && seen.readLo <= seen.readHi && seen.readHi - seen.readLo > hi - lo;
            next = keepRead ? new Window(seen.readLo, seen.readHi, lo, hi, seen.handle, user)
                    : new Window(lo, hi, lo, hi, seen.handle, user);
        } else if (seen.owner == user) {
            next = new Window(lo, hi, seen.writeLo, seen.writeHi, seen.handle, user);
        } else {
            next = new Window(lo, hi, 1, 0, seen.handle, user);
        }
        // A paging operation that changed the window meanwhile wins; the next access takes the slow path again.
        WINDOW.compareAndSet(this, seen, next);
        return seen.handle;
    }

    static String describe(byte state) {
        switch (state) {
            case PageMap.UNCOMMITTED:
                return "not committed";
            case PageMap.NO_ACCESS:
                return "protected NONE";
            case PageMap.READ_ONLY:
                return "protected READ_ONLY";
            default:
                return "READ_WRITE";
        }
    }

    /**
     * The exception for an operation on a released reservation, naming it.
     *
     * @param operation what the caller tried
     * @return the exception, for the caller to throw
     */
    protected final IllegalStateException released(String operation) {
        return new IllegalStateException(operation + ": reservation #" + id + " (" + backend + ", " + size
                + " bytes) is released");
    }

    // ---- copies -------------------------------------------------------------------------------------------------

    @Override
    public final void copyTo(long srcOffset, Reservation dst, long dstOffset, long length) {
        Objects.requireNonNull(dst, "dst");
        if (dst == this) {
            copy(srcOffset, dstOffset, length);
            return;
        }
        try {
            Object from = checkRead(srcOffset, length);
            if (dst instanceof AbstractReservation) {
                AbstractReservation target = (AbstractReservation) dst;
                Object to = target.checkWrite(dstOffset, length);
                if (target.getClass() == getClass()) {
                    copyToSameBackend(srcOffset, from, target, dstOffset, to, length);
                    return;
                }
            }
            byte[] buffer = new byte[(int) Math.min(length, 1 << 16)];
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(buffer.length, length - done);
                get(srcOffset + done, buffer, 0, n);
                dst.put(dstOffset + done, buffer, 0, n);
                done += n;
            }
        } finally {
            // The same-backend copy works on both addresses: neither reservation may be collected (and unmapped by
            // its Cleaner) before it ends, though callers often hold neither.
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(dst);
        }
    }

    /**
     * Copies between two reservations of this backend; both ranges were checked, and {@code from} and {@code to} are
     * the handles those checks returned. The caller keeps both reservations reachable until it returns.
     *
     * @param srcOffset where the bytes are read in this reservation
     * @param from      the handle of the read check
     * @param dst       the reservation written
     * @param dstOffset where they are written in {@code dst}
     * @param to        the handle of the write check
     * @param length    bytes to copy
     */
    protected abstract void copyToSameBackend(long srcOffset, Object from, AbstractReservation dst, long dstOffset,
                                              Object to, long length);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "#" + id + "[" + backend + ", size=" + size + ", committed="
                + committedBytes() + (released ? ", released]" : "]");
    }

    /** Byte ranges known to be readable and writable; replaced, never mutated. */
    static final class Window {
        final long readLo;
        final long readHi;
        final long writeLo;
        final long writeHi;
        final Object handle;
        /** The only thread whose accesses this window passes, or null for any thread. */
        final Thread owner;

        Window(long readLo, long readHi, long writeLo, long writeHi, Object handle, Thread owner) {
            this.readLo = readLo;
            this.readHi = readHi;
            this.writeLo = writeLo;
            this.writeHi = writeHi;
            this.handle = handle;
            this.owner = owner;
        }

        /** A window no access fits; a new instance each time so that a stale compare-and-set cannot succeed. */
        static Window closed(Object handle) {
            return new Window(1, 0, 1, 0, handle, null);
        }
    }

    /** The Cleaner's action: unmaps, and reports a leak when nobody called release(). */
    private static final class Unmapper implements Runnable {
        private final long id;
        private final String backend;
        private volatile long address;
        private volatile long size;
        private final Runnable unmap;
        /** Where the reservation was made, when {@link LeakDetection} recorded it; null otherwise. */
        private final LeakDetection.AllocationSite site;
        volatile boolean explicit;
        /** The kernel mappings the reservation makes, by MMSB's count; written under the reservation's lock. */
        volatile long mappings = 1;
        /** Bytes committed, as the budget counts them: they stop counting when the unmap succeeds. */
        volatile long committedBytes;

        Unmapper(long id, String backend, long address, long size, Runnable unmap,
                 LeakDetection.AllocationSite site) {
            this.id = id;
            this.backend = backend;
            this.address = address;
            this.size = size;
            this.unmap = unmap;
            this.site = site;
        }

        /** After a grow: what the leak report names. The backend's unmap action keeps its own range up to date. */
        void range(long address, long size) {
            this.address = address;
            this.size = size;
        }

        @Override
        public void run() {
            if (!explicit) {
                RECLAIMED_LEAKS.incrementAndGet();
                String report = "Leak: reservation #" + id + " (" + backend + ", " + size + " bytes at 0x"
                        + Long.toHexString(address) + ") was never released; the Cleaner released it. Close"
                        + " reservations and the structures that own them.";
                if (site != null) {
                    Diagnostics.logger().log(Level.WARNING, report, site);
                } else {
                    Diagnostics.logger().log(Level.WARNING, report + LeakDetection.hint());
                }
                MemoryOperationEvent event = Diagnostics.memoryBegin();
                Throwable failure = null;
                try {
                    unmapped();
                } catch (RuntimeException | Error e) {
                    failure = e;
                    throw e;
                } finally {
                    Diagnostics.memoryDone(event, "release(leak)", backend, id, 0, address, 0, size, failure);
                }
            } else {
                unmapped();
            }
        }

        /** Unmaps; the mappings stop counting only if that worked (a failed munmap leaves them in place). */
        private void unmapped() {
            unmap.run();
            MemoryBudget.process().uncommitted(backend, committedBytes);
            committedBytes = 0;
            MappingLimit.process().adjust(-mappings);
            MappingLimit.process().reserved(-size);
        }
    }
}
