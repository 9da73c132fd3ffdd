package dev.mmsb.queue;

import dev.mmsb.codec.ElementCodec;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.NativeMemoryException;
import dev.mmsb.memory.Reservation;

import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Objects;

/**
 * The ring of address space every mapped queue stores its elements in, and the bookkeeping of which pages of it are
 * committed. The public queues own one each and do only the element reads and writes on their hot paths.
 *
 * <p><b>Layout.</b> One reservation holds {@link #slots} slots of {@link #es} bytes, slot {@code k} at byte offset
 * {@code k * es}, so no element straddles the wrap; the {@code lapBytes - ringBytes} bytes left after the last slot (less
 * than a page) are unused. Positions are also counted in a virtual byte space that grows forever: slot {@code off} of
 * lap {@code lap} is at {@code lap * lapBytes + off}, and virtual page {@code v} is physical page {@code v mod pages}.
 * The committed pages are the virtual window {@code [cLo, cHi)}, at most {@link #pages} long so that no two of its pages
 * are the same memory; it covers every page a live element touches.
 *
 * <p><b>Counters.</b> {@link #head} and {@link #tail} count elements ever removed and added (size is their difference);
 * they only grow, which lets iterators detect modification. {@link #headOff}/{@link #tailOff} are the byte offsets of
 * the head and tail slots. The hot paths compare a counter with {@link #headStop}/{@link #tailStop} and call in here
 * only when a counter reaches its stop: the tail at the end of the committed window, the end of a lap or the bound; the
 * head at the next page boundary or the end of a lap.
 *
 * <p><b>Policy.</b> The tail commits ahead of itself in chunks of up to {@value #MAX_CHUNK_BYTES} bytes (a quarter of
 * the slack at most). Pages in the window that hold no live element, behind the head or ahead of the tail, are the
 * excess. While the queue holds elements the excess is kept within the slack less one page (the page the head is
 * part-way through is the other one): when it grows beyond that, the pages behind the head are decommitted down to
 * half of it in one call, so decommits come once per half slack of traffic, not once per page boundary the head
 * crosses. Hence committed &lt;= roundUp(live bytes) + max(slack, page) at all times, plus one page while the live
 * elements wrap around the end of the ring: the unused bytes after the last slot then lie between them, so they can
 * touch two pages more than their bytes fill rather than one. When the ring wraps onto pages
 * the head has passed but that are still committed, they are reused without a paging call. When the queue becomes
 * empty its head and tail move back to the first slot of the oldest committed page (an empty queue has no element to
 * keep in place) and the window is cut to the slack, so a queue that keeps emptying reuses the same committed pages
 * and takes no page faults.
 *
 * <p><b>Undo.</b> A generic offer or addAll whose codec throws gives back exactly the pages it committed. Until its
 * elements are written it only grows the window at the top (the trim behind the head waits until they are), and
 * {@link #shrinks} tells whether anything else, such as user code calling back into the queue, decommitted pages in
 * the meantime; if not, putting the window back as it was is exact.
 */
final class Ring {
    static final long MAX_CHUNK_BYTES = 64 << 10;

    final Reservation mem;
    final int es;
    final long slots;
    /** Bytes the slots take: {@code slots * es}. */
    final long ringBytes;
    /** {@link #ringBytes} rounded up to a page: the virtual length of one lap. */
    final long lapBytes;
    final long pages;
    final long pageSize;
    final int pageShift;
    /** Most elements the queue may hold: the bound, or what the ring fits. */
    final long capacity;
    final long slackPages;
    final long chunkPages;
    /** Most pages behind the head and ahead of the tail kept while the queue holds elements: slack less one page. */
    final long excessPages;
    final long lowWaterPages;
    private final String owner;

    long head;
    long tail;
    long headOff;
    long tailOff;
    long headStop;
    long tailStop;
    private long headLap;
    private long tailLap;
    private long cLo;
    private long cHi;
    /** Decommit calls made so far: an undo that sees it unchanged knows that the window has only grown. */
    private long shrinks;
    private boolean closed;

    Ring(Backend backend, int elementSize, QueueOptions options, String owner) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        this.owner = owner;
        if (elementSize <= 0) {
            throw new IllegalArgumentException("elementSize=" + elementSize + " must be positive");
        }
        es = elementSize;
        pageSize = backend.pageSize();
        pageShift = Long.numberOfTrailingZeros(pageSize);
        boolean bounded = options.maxCapacity().isPresent();
        long bound = options.maxCapacity().orElse(0);
        long asked;
        if (options.reservationBytes().isPresent()) {
            asked = options.reservationBytes().getAsLong();
        } else if (bounded) {
            asked = bytesFor(bound, elementSize, pageSize);
        } else {
            asked = QueueOptions.DEFAULT_RESERVATION_BYTES;
        }
        if (asked > Long.MAX_VALUE - pageSize) {
            throw new IllegalArgumentException("reservationBytes=" + asked + " is too large");
        }
        long reserved = (asked + pageSize - 1) & -pageSize;
        slots = reserved / es;
        ringBytes = slots * es;
        lapBytes = (ringBytes + pageSize - 1) & -pageSize;
        pages = lapBytes >>> pageShift;
        long fits = ringBytes > pageSize ? (ringBytes - pageSize) / es : 0;
        if (fits < 1) {
            throw new IllegalArgumentException("reservationBytes=" + asked + " cannot hold an element of " + es
                    + " bytes: it needs at least elementSize + 2 * pageSize = " + (es + 2 * pageSize));
        }
        if (bounded && bound > fits) {
            throw new IllegalArgumentException("reservationBytes=" + asked + " holds " + fits + " elements of " + es
                    + " bytes, fewer than maxCapacity=" + bound + "; reserve at least "
                    + bytesFor(bound, elementSize, pageSize) + " bytes or leave the reservation size to the default");
        }
        capacity = bounded ? bound : fits;
        long slack = options.slackBytes();
        slackPages = slack / pageSize + (slack % pageSize == 0 ? 0 : 1);
        chunkPages = Math.max(1, Math.min(MAX_CHUNK_BYTES >>> pageShift, slackPages / 4));
        excessPages = Math.max(0, slackPages - 1);
        lowWaterPages = excessPages / 2;
        mem = backend.reserve(reserved);
        headStop = computeHeadStop();
        tailStop = tail;
    }

    /** Reservation bytes a queue of {@code capacity} elements needs: a slot each, plus a page and a slot of play. */
    static long bytesFor(long capacity, int elementSize, long pageSize) {
        try {
            return Math.addExact(Math.multiplyExact(capacity, elementSize), pageSize + elementSize);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("maxCapacity=" + capacity + " elements of " + elementSize
                    + " bytes overflow a long", e);
        }
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    long size() {
        checkOpen();
        return tail - head;
    }

    long committedBytes() {
        return closed ? 0 : mem.committedBytes();
    }

    /** Pages the bookkeeping believes committed; always equals the reservation's count (checked by the tests). */
    long windowPages() {
        return cHi - cLo;
    }

    /** Pages the live elements touch: what the slack is measured against. */
    long spannedPages() {
        long lo = vHead() >>> pageShift;
        long hi = pageCeil(vTail());
        return Math.max(0, hi - lo);
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException(owner + " is closed");
        }
    }

    /** Releases the reservation; idempotent. Afterwards both hot paths take their slow path, which throws. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        tail = head;
        tailStop = Long.MIN_VALUE;
        mem.release();
    }

    /** Byte offset of element {@code i}, {@code head <= i < tail}. */
    long offsetOf(long i) {
        long off = headOff + (i - head) * es;
        return off >= ringBytes ? off - ringBytes : off;
    }

    /** The offset after {@code off}, wrapping at the end of the ring. */
    long next(long off) {
        off += es;
        return off == ringBytes ? 0 : off;
    }

    @Override
    public String toString() {
        return "Ring[head=" + head + "@" + headLap + ":" + headOff + " tail=" + tail + "@" + tailLap + ":" + tailOff
                + " headStop=" + headStop + " tailStop=" + tailStop + " window=[" + cLo + "," + cHi + ") slots=" + slots
                + " ringBytes=" + ringBytes + " pages=" + pages + " slack=" + slackPages + " chunk=" + chunkPages
                + (closed ? " closed]" : "]");
    }

    // ---- slow paths -------------------------------------------------------------------------------------------------

    /**
     * Called when {@code tail >= tailStop}: makes room for one element at {@link #tailOff}, committing if needed.
     *
     * @return false if the queue is full
     * @throws IllegalStateException if the queue is closed
     */
    boolean prepareOffer() {
        return prepareSlot(true);
    }

    /**
     * {@link MappedQueue#offer} when {@code tail >= tailStop}: makes room, writes {@code element} and adds it. If the
     * codec throws, the queue is as it was, committed pages included; see the class comment.
     *
     * @return false if the queue is full
     */
    <T> boolean offerSlow(ElementCodec<T> codec, T element) {
        long t = tail;
        long lo = cLo;
        long hi = cHi;
        long s = shrinks;
        if (!prepareSlot(false)) {
            return false;
        }
        try {
            codec.write(mem, tailOff, element);
        } catch (Throwable e) {
            if (tail == t) {
                undo(t, lo, hi, s);
            } else {
                // The codec offered to this queue itself: those elements stay, and so must the pages they are in.
                trimExcess();
            }
            throw e;
        }
        checkOpen();
        if (cHi != hi) {
            trimBehind();
        }
        tailOff += es;
        tail++;
        return true;
    }

    /**
     * {@link MappedQueue#addAll}: adds every element in order, or, if one is null, does not fit or fails to encode,
     * none of them, and gives back the pages committed for them. The pages behind the head are trimmed once at the
     * end rather than as the tail advances, so that a failure can be undone exactly.
     */
    <T> boolean addAll(ElementCodec<T> codec, Collection<? extends T> elements) {
        checkOpen();
        long t = tail;
        long lo = cLo;
        long hi = cHi;
        long s = shrinks;
        try {
            for (T element : elements) {
                Objects.requireNonNull(element, "element");
                if (tail >= tailStop && !prepareSlot(false)) {
                    throw new IllegalStateException(owner + " is full: capacity=" + capacity);
                }
                codec.write(mem, tailOff, element);
                tailOff += es;
                tail++;
            }
            checkOpen();
        } catch (Throwable e) {
            undo(t, lo, hi, s);
            throw e;
        }
        if (cHi != hi) {
            trimBehind();
        }
        return tail != t;
    }

    /**
     * Makes room for one element at {@link #tailOff}; {@code trim} says whether to trim behind the head after a
     * commit, which the generic queues do only once the element is written.
     */
    private boolean prepareSlot(boolean trim) {
        checkOpen();
        if (tail - head >= capacity) {
            tailStop = tail;
            return false;
        }
        if (tailOff == ringBytes) {
            tailOff = 0;
            tailLap++;
        }
        long need = pageCeil(vTail() + es);
        if (need > cHi && head == tail) {
            onEmpty();
            need = pageCeil(vTail() + es);
        }
        if (need > cHi) {
            extend(need);
            if (trim) {
                trimBehind();
            }
        }
        tailStop = computeTailStop();
        return true;
    }

    /** Called when {@code head} reached {@code headStop} after a removal: wraps, then gives passed pages back. */
    void afterPoll() {
        if (headOff == ringBytes) {
            headOff = 0;
            headLap++;
        }
        if (head == tail) {
            onEmpty();
            tailStop = computeTailStop();
        } else {
            trimBehind();
        }
        headStop = computeHeadStop();
    }

    /** Removes every element without reading it. */
    void clear() {
        checkOpen();
        if (head == tail) {
            return;
        }
        head = tail;
        headLap = tailLap;
        headOff = tailOff;
        if (headOff == ringBytes) {
            headOff = 0;
            headLap++;
        }
        onEmpty();
        headStop = computeHeadStop();
        tailStop = computeTailStop();
    }

    /**
     * Undoes a generic offer or addAll that failed: takes back the elements added since the tail counter was
     * {@code t} and the pages committed since the window was {@code [lo, hi)} and {@link #shrinks} was {@code s}.
     * If nothing was decommitted since, the window has only grown at the top, by new pages and by passed ones reused
     * where the ring wraps; putting {@code [lo, hi)} back and decommitting the new pages restores it exactly.
     * Otherwise user code called back into the queue, and the excess is trimmed as far as the slack asks.
     */
    private void undo(long t, long lo, long hi, long s) {
        if (closed) {
            return;
        }
        if (t < head) {
            // User code polled elements added since t: every element left is one of them.
            clear();
            return;
        }
        if (t < tail) {
            long off = headOff + (t - head) * es;
            tailLap = headLap;
            if (off >= ringBytes) {
                off -= ringBytes;
                tailLap++;
            }
            tailOff = off;
            tail = t;
        }
        if (shrinks != s) {
            trimExcess();
            return;
        }
        if (lo == hi) {
            // The queue was empty with nothing committed: every page in the window is new.
            decommit(cLo, cHi);
            cHi = cLo;
        } else {
            // Virtual pages from lo + pages up are passed pages reused at the wrap: they go back below the head.
            decommit(hi, Math.min(cHi, lo + pages));
            cLo = lo;
            cHi = hi;
        }
        tailStop = computeTailStop();
    }

    /**
     * After an offer or addAll that failed and could not be undone exactly: gives back what was committed for
     * elements that never arrived, as far as the slack asks.
     */
    private void trimExcess() {
        if (closed) {
            return;
        }
        trimBehind();
        long ahead = cHi - pageCeil(vTail());
        long excess = Math.max(0, (vHead() >>> pageShift) - cLo) + ahead;
        if (ahead > 0 && excess > excessPages) {
            long hi = cHi - Math.min(ahead, excess - excessPages);
            decommit(hi, cHi);
            cHi = hi;
        }
        tailStop = computeTailStop();
    }

    /** Removes element {@code i} ({@code head <= i < tail}) by moving the elements before it one slot up. */
    void removeAt(long i) {
        checkOpen();
        if (i < head || i >= tail) {
            throw new ConcurrentModificationException(owner + " was modified: element " + i + " is gone");
        }
        long dst = offsetOf(i);
        for (long k = i; k > head; k--) {
            long src = (dst == 0 ? ringBytes : dst) - es;
            mem.copy(src, dst, es);
            dst = src;
        }
        headOff += es;
        if (++head >= headStop) {
            afterPoll();
        }
    }

    // ---- the window -------------------------------------------------------------------------------------------------

    private long vHead() {
        return headLap * lapBytes + headOff;
    }

    private long vTail() {
        return tailLap * lapBytes + tailOff;
    }

    private long pageCeil(long v) {
        return (v + pageSize - 1) >>> pageShift;
    }

    /** Grows the window to at least {@code need}; commits a chunk, reusing passed pages where the ring wraps. */
    private void extend(long need) {
        long hp = vHead() >>> pageShift;
        if (cLo == cHi) {
            cLo = cHi = hp;
        }
        // The bound keeps the live pages within one lap of pages, so need <= hp + pages.
        long hi = Math.min(Math.max(need, cHi + chunkPages), hp + pages);
        // Virtual pages [cLo + pages, hi) are the same memory as [cLo, hi - pages), already committed and passed.
        commit(cHi, Math.min(hi, cLo + pages));
        cLo = Math.max(cLo, hi - pages);
        cHi = hi;
    }

    /** Decommits pages behind the head when the window's excess over the live pages is beyond the slack. */
    private void trimBehind() {
        long hp = vHead() >>> pageShift;
        long behind = hp - cLo;
        if (behind <= 0) {
            return;
        }
        long excess = behind + Math.max(0, cHi - pageCeil(vTail()));
        if (excess > excessPages) {
            long drop = Math.min(behind, excess - lowWaterPages);
            decommit(cLo, cLo + drop);
            cLo += drop;
        }
    }

    /**
     * The queue is empty: moves head and tail to the first slot of the oldest committed page if the window has room
     * there, so the next elements reuse committed memory, and cuts the window to the slack; else trims behind.
     */
    private void onEmpty() {
        if (cHi > cLo && slackPages > 0) {
            long keepHi = Math.min(cHi, cLo + slackPages);
            long to = firstSlotFrom(cLo << pageShift);
            if (to + es <= keepHi << pageShift) {
                headLap = tailLap = to / lapBytes;
                headOff = tailOff = to - headLap * lapBytes;
                decommit(keepHi, cHi);
                cHi = keepHi;
                headStop = computeHeadStop();
                return;
            }
        }
        trimBehind();
        if (cLo == cHi) {
            cLo = cHi = vHead() >>> pageShift;
        }
    }

    /** The virtual position of the first slot at or after virtual byte {@code v}. */
    private long firstSlotFrom(long v) {
        long lap = v / lapBytes;
        long off = v - lap * lapBytes;
        off = (off + es - 1) / es * es;
        return off >= ringBytes ? (lap + 1) * lapBytes : lap * lapBytes + off;
    }

    private long computeHeadStop() {
        long toBoundary = pageSize - (vHead() & (pageSize - 1));
        long toCross = (toBoundary + es - 1) / es;
        long toLapEnd = (ringBytes - headOff) / es;
        return head + Math.max(1, Math.min(toCross, toLapEnd));
    }

    private long computeTailStop() {
        if (closed) {
            return Long.MIN_VALUE;
        }
        long room = (cHi << pageShift) - vTail();
        long fit = room <= 0 ? 0 : room / es;
        long toLapEnd = (ringBytes - tailOff) / es;
        return tail + Math.min(Math.min(fit, toLapEnd), capacity - (tail - head));
    }

    /** Commits virtual pages {@code [from, to)}, at most one lap; all or nothing. */
    private void commit(long from, long to) {
        if (to <= from) {
            return;
        }
        long p = from % pages;
        long n = to - from;
        long first = Math.min(n, pages - p);
        mem.commit(p << pageShift, first << pageShift);
        if (n > first) {
            try {
                mem.commit(0, (n - first) << pageShift);
            } catch (RuntimeException | Error e) {
                try {
                    mem.decommit(p << pageShift, first << pageShift);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /**
     * Decommits virtual pages {@code [from, to)}. An OS refusal is not passed on: the reservation has already marked
     * the pages uncommitted and reported the failure (WARNING log record and JFR event), and the queue's elements are
     * elsewhere, so the caller carries on as if the pages were gone.
     */
    private void decommit(long from, long to) {
        if (to <= from) {
            return;
        }
        shrinks++;
        long p = from % pages;
        long n = to - from;
        long first = Math.min(n, pages - p);
        try {
            mem.decommit(p << pageShift, first << pageShift);
        } catch (NativeMemoryException reported) {
            // see above
        }
        if (n > first) {
            try {
                mem.decommit(0, (n - first) << pageShift);
            } catch (NativeMemoryException reported) {
                // see above
            }
        }
    }
}
