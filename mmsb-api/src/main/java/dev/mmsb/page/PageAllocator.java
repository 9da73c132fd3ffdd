package dev.mmsb.page;

import dev.mmsb.internal.diag.Diagnostics;
import dev.mmsb.internal.diag.PageOperationEvent;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Reservation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pages by numeric id, each with its own reservation. {@link #allocate} reserves (state RESERVED); the other methods
 * find the page by id ({@link NoSuchPageException} if there is none) and delegate to {@link Page}. Every allocate,
 * read, write, commit, decommit, protect and free is reported, with the page id, as a JFR event
 * ({@code dev.mmsb.PageOperation}) and on the {@code dev.mmsb} logger.
 * Thread-safe. {@link #close()} frees every page and closes the allocator: {@link #allocate} then throws
 * {@link IllegalStateException}; the other methods find no page.
 */
public final class PageAllocator implements AutoCloseable {
    private final Backend backend;
    private final ConcurrentHashMap<Long, Page> pages = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * An allocator with no pages.
     *
     * @param backend where the pages' memory comes from
     */
    public PageAllocator(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** {@return the backend the pages' memory comes from} */
    public Backend backend() {
        return backend;
    }

    /**
     * Reserves a page of at least {@code size} bytes (rounded up to the OS page size) under {@code id}.
     *
     * @param id   the page's id, unique among live pages
     * @param size bytes wanted
     * @return the page, RESERVED
     * @throws DuplicatePageIdException if a live page has this id
     * @throws IllegalArgumentException if {@code size} is not positive
     * @throws IllegalStateException if the allocator is closed
     */
    public Page allocate(long id, long size) {
        PageOperationEvent event = Diagnostics.pageBegin();
        Throwable failure = null;
        Page page = null;
        try {
            ensureOpen(id);
            if (size <= 0) {
                throw new IllegalArgumentException("allocate page " + id + ": size=" + size + " must be positive");
            }
            if (pages.containsKey(id)) {
                throw new DuplicatePageIdException(id);
            }
            Reservation memory = backend.reserve(size);
            Page fresh = new Page(id, memory);
            if (pages.putIfAbsent(id, fresh) != null) { // lost a race for the id
                memory.release();
                throw new DuplicatePageIdException(id);
            }
            if (closed) { // raced a close, which may or may not have seen this page
                pages.remove(id, fresh);
                memory.release(); // idempotent
                ensureOpen(id);
            }
            page = fresh;
            return page;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            Diagnostics.pageDone(event, "allocate", backend.name(), id, page == null ? 0 : page.address(), 0,
                    page == null ? size : page.size(), page == null ? "none" : PageState.RESERVED.name(), failure);
        }
    }

    private void ensureOpen(long id) {
        if (closed) {
            throw new IllegalStateException("allocate page " + id + ": PageAllocator is closed");
        }
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The live page with this id, if any.
     *
     * @param id the page's id
     * @return the page, or empty if no live page has this id
     */
    public Optional<Page> lookup(long id) {
        return Optional.ofNullable(pages.get(id));
    }

    /**
     * The live page with this id.
     *
     * @param id the page's id
     * @return the page
     * @throws NoSuchPageException if no live page has this id
     */
    public Page page(long id) {
        Page page = pages.get(id);
        if (page == null) {
            throw new NoSuchPageException(id);
        }
        return page;
    }

    /**
     * Commits the page: {@link Page#commit()}.
     *
     * @param id the page's id
     */
    public void commit(long id) {
        find(id, "commit").commit();
    }

    /**
     * Decommits the page: {@link Page#decommit()}.
     *
     * @param id the page's id
     */
    public void decommit(long id) {
        find(id, "decommit").decommit();
    }

    /**
     * Makes the page read-only: {@link Page#protect()}.
     *
     * @param id the page's id
     */
    public void protect(long id) {
        find(id, "protect").protect();
    }

    /**
     * Makes the page writable again: {@link Page#unprotect()}.
     *
     * @param id the page's id
     */
    public void unprotect(long id) {
        find(id, "unprotect").unprotect();
    }

    /**
     * Reads from the page: {@link Page#read(long, byte[], int, int)}.
     *
     * @param id     the page's id
     * @param offset where the bytes start in the page
     * @param dst    the array to fill
     * @param index  first index of {@code dst} written
     * @param length bytes to copy
     */
    public void read(long id, long offset, byte[] dst, int index, int length) {
        find(id, "read").read(offset, dst, index, length);
    }

    /**
     * Reads from the page: {@link Page#read(long, ByteBuffer)}.
     *
     * @param id     the page's id
     * @param offset where the bytes start in the page
     * @param dst    the buffer to fill
     */
    public void read(long id, long offset, ByteBuffer dst) {
        find(id, "read").read(offset, dst);
    }

    /**
     * Writes to the page: {@link Page#write(long, byte[], int, int)}.
     *
     * @param id     the page's id
     * @param offset where the bytes go in the page
     * @param src    the array to copy from
     * @param index  first index of {@code src} read
     * @param length bytes to copy
     */
    public void write(long id, long offset, byte[] src, int index, int length) {
        find(id, "write").write(offset, src, index, length);
    }

    /**
     * Writes to the page: {@link Page#write(long, ByteBuffer)}.
     *
     * @param id     the page's id
     * @param offset where the bytes go in the page
     * @param src    the buffer to copy from
     */
    public void write(long id, long offset, ByteBuffer src) {
        find(id, "write").write(offset, src);
    }

    /**
     * Releases the page and forgets its id, which may then be allocated again. The id is forgotten only once the
     * release returned: a release that throws leaves the page under its id, in the state it had, so that
     * {@link #lookup} and {@link #stats()} still show it. The backends' reservations do not retry a failed release
     * (the unmap runs once, and the exception says how it went), so the page's memory cannot be used any more, and a
     * second free only forgets the id.
     *
     * @param id the page's id
     * @throws NoSuchPageException if no live page has this id, or another free of it returned first
     */
    public void free(long id) {
        Page page = find(id, "free");
        page.release();
        if (!pages.remove(id, page)) { // another free of this id won the race
            throw missing(id, "free");
        }
    }

    /** The live page with this id, for {@code operation}; an unknown id is reported like any refused operation. */
    private Page find(long id, String operation) {
        Page page = pages.get(id);
        if (page == null) {
            throw missing(id, operation);
        }
        return page;
    }

    private NoSuchPageException missing(long id, String operation) {
        NoSuchPageException missing = new NoSuchPageException(id);
        Diagnostics.pageDone(Diagnostics.pageBegin(), operation, backend.name(), id, 0, 0, 0, "none", missing);
        return missing;
    }

    /** {@return the live pages, their reserved and their committed bytes, counted now} */
    public PageStats stats() {
        long count = 0;
        long reserved = 0;
        long committed = 0;
        for (Page page : pages.values()) {
            count++;
            reserved += page.size();
            committed += page.committedBytes();
        }
        return new PageStats(count, reserved, committed);
    }

    /**
     * Closes the allocator, so that {@link #allocate} refuses, and frees every page, even when some releases fail:
     * those pages stay, as after a failed {@link #free}, and the first failure is thrown once the others were freed,
     * with the later ones suppressed. Calling it again retries the pages that stayed.
     */
    @Override
    public void close() {
        closed = true;
        RuntimeException first = null;
        List<Long> ids = new ArrayList<>(pages.keySet());
        for (Long id : ids) {
            Page page = pages.get(id);
            if (page == null) {
                continue;
            }
            try {
                page.release();
                pages.remove(id, page);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
