package dev.mmsb.queue;

import dev.mmsb.codec.ElementSlot;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.BudgetExceededException;
import dev.mmsb.memory.MemoryView;
import dev.mmsb.memory.NativeMemoryException;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.limits.MemoryBudget;

import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Objects;

/**
 * The ring every mapped queue stores its elements in. The public queues own one each and do only the element reads
 * and writes on their hot paths; everything else is here, out of line.
 *
 * <p><b>Layout.</b> The committed memory is one prefix {@code [0, lapBytes)} of the reservation, and the ring is the
 * {@link #slots} whole slots in it: slot {@code k} at byte offset {@code k * es}, so no element straddles the wrap. The
 * queue laps inside these pages: offers and polls make no paging call and touch no fresh page until the lap changes
 * size, which {@link LapSizes} decides (grow when full, shrink below a quarter). {@link #view} is a view of exactly
 * the lap, taken again after every commit and decommit, so the hot paths' only check is the view's own.
 *
 * <p><b>Resizing.</b> Growing commits the pages after the lap and, if the elements wrap, moves the smaller of their
 * two parts so they are one ring again in the longer lap. Shrinking moves the elements into the shorter lap (at most
 * a quarter of the old one) and decommits the rest. An empty queue restarts at slot 0, so a queue that keeps
 * emptying grows without moving anything.
 *
 * <p><b>Counters.</b> {@link #head} and {@link #tail} count elements ever removed and added (size is their difference);
 * they only grow, which lets iterators detect modification, and {@link #resizes} tells them that the elements moved.
 * {@link #headOff}/{@link #tailOff} are the byte offsets of the head and tail slots. The hot paths compare a counter
 * with {@link #headStop}/{@link #tailStop} and call in here only when a counter reaches its stop: the tail at the end
 * of the lap, when the lap is full or at the bound; the head at the end of the lap or where the lap must shrink.
 *
 * <p><b>Sharing.</b> The primitive queues extend the ring, so that their hot paths read its fields with no hop in
 * between; {@link MappedQueue}, which must extend {@link java.util.AbstractQueue}, holds one. The methods the primitive
 * queues make public ({@link #size}, {@link #clear}, {@link #close}, {@link #isClosed}, {@link #committedBytes}) only
 * call up, so the ring may call them on itself.
 *
 * <p><b>Undo.</b> A generic offer or addAll whose codec throws takes the lap back to what it was, so committed bytes
 * are as before; a failed commit changes nothing, since the lap moves only once its pages are committed.
 *
 * <p><b>Commit budget.</b> A lap that must grow past the process's commit budget
 * ({@link dev.mmsb.memory.limits.MemoryBudget}) makes the offer return false, like a full queue; {@link #full} then
 * names the refusal as its cause. The ring registers a {@link MemoryBudget.Holder}: when a refusal anywhere asks it
 * to trim, the owner thread gives back the lap above its elements (all of it when empty, below the slack too) at its
 * next slow path: an offer that needs {@link #prepareOffer}, a poll that calls {@link #afterPoll} or finds the queue
 * empty ({@link #pollEmpty}), or {@link #clear}. Never from another thread: the ring is not thread-safe.
 */
class Ring {
    /**
     * Address space a queue reserves at first; the reservation doubles (moving without copying, see
     * {@link Reservation#grow}) when the lap must grow past it, up to the configured reservation size. Small enough that
     * a process holds tens of thousands of queues.
     */
    static final long INITIAL_RESERVATION_BYTES = 64L << 20;

    final Reservation mem;
    /** The most address space the reservation may grow to: the configured reservation size. */
    final long maxReservedBytes;
    private final boolean hugePages;
    final int es;
    final long pageSize;
    /** Most elements the queue may hold: the bound, or what the reservation fits less a page (as before laps). */
    final long capacity;
    final LapSizes laps;
    private final String owner;

    /** A view of {@code [0, lapBytes)}; null while nothing is committed. */
    MemoryView view;
    long head;
    long tail;
    long headOff;
    long tailOff;
    long headStop;
    long tailStop;
    /** Committed bytes: the lap. */
    long lapBytes;
    /** Slots in the lap. */
    long slots;
    /** Bytes the slots take: {@code slots * es}, where offsets wrap. */
    long ringBytes;
    /** Lap changes so far; an iterator that sees it change knows that the elements may have moved. */
    long resizes;
    /**
     * For the primitive hot paths, which wrap inline and so need no stop at the lap's end: an offer calls
     * {@link #prepareOffer} only when the size reaches this (the slots, or the bound; 0 when closed), a poll calls
     * {@link #afterPoll} only when the size falls below {@link #shrinkBelow}. Neither happens while the size stays
     * within the lap's hysteresis, so the hot loop holds no call and C2 keeps the view and offsets in registers.
     */
    long limit;
    /** {@link LapSizes#shrinkBelow} of the current lap. */
    long shrinkBelow;
    private boolean closed;
    private final MemoryBudget.Holder budgetHolder;
    /** The budget refusal that made the last {@link #prepareOffer} return false; null otherwise. */
    private BudgetExceededException refused;

    Ring(Backend backend, int elementSize, QueueOptions options, String owner) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        this.owner = owner;
        if (elementSize <= 0) {
            throw new IllegalArgumentException("elementSize=" + elementSize + " must be positive");
        }
        es = elementSize;
        pageSize = backend.pageSize();
        boolean bounded = options.maxCapacityElements().isPresent();
        long bound = options.maxCapacityElements().orElse(0);
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
        long whole = reserved / es * es;
        long fits = whole > pageSize ? (whole - pageSize) / es : 0;
        if (fits < 1) {
            throw new IllegalArgumentException("reservationBytes=" + asked + " cannot hold an element of " + es
                    + " bytes: it needs at least " + leastReservationBytes(es, pageSize) + " bytes");
        }
        if (bounded && bound > fits) {
            throw new IllegalArgumentException("reservationBytes=" + asked + " holds " + fits + " elements of " + es
                    + " bytes, fewer than maxCapacity=" + bound + "; reserve at least "
                    + bytesFor(bound, elementSize, pageSize) + " bytes or leave the reservation size to the default");
        }
        capacity = bounded ? bound : fits;
        laps = new LapSizes(pageSize, es, reserved, options.slackBytes());
        maxReservedBytes = reserved;
        hugePages = options.hugePages();
        mem = backend.reserve(Math.min(reserved, INITIAL_RESERVATION_BYTES));
        budgetHolder = MemoryBudget.process().register(owner + "@" + Integer.toHexString(System.identityHashCode(this)),
                mem);
        adviseHugePages();
        headStop = head + 1;
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

    /**
     * The least reservation size that holds one element of {@code es} bytes: reservations are whole pages, and a queue
     * keeps a page of play beyond its whole slots, so this is one byte more than the largest page multiple below
     * {@code (ceil(pageSize / es) + 1) * es}.
     */
    static long leastReservationBytes(int es, long pageSize) {
        long need = ((pageSize + es - 1) / es + 1) * es;
        long pages = (need + pageSize - 1) / pageSize;
        return (pages - 1) * pageSize + 1;
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    long size() {
        checkOpen();
        return tail - head;
    }

    long committedBytes() {
        return closed ? 0 : mem.committedBytes();
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
        budgetHolder.close();
        tail = head;
        tailStop = Long.MIN_VALUE;
        limit = 0;
        shrinkBelow = 0;
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

    /** The ring's counters and lap, for failure messages; the primitive queues' {@code toString} hides it. */
    String state() {
        return "Ring[head=" + head + "@" + headOff + " tail=" + tail + "@" + tailOff + " headStop=" + headStop
                + " tailStop=" + tailStop + " lap=" + lapBytes + " slots=" + slots + " " + laps
                + (closed ? " closed]" : "]");
    }

    @Override
    public String toString() {
        return state();
    }

    // ---- slow paths -------------------------------------------------------------------------------------------------

    /**
     * Called when {@code tail >= tailStop}: makes room for one element at {@link #tailOff}, growing the lap if it is
     * full.
     *
     * @return false if the queue is full
     * @throws IllegalStateException if the queue is closed
     * @throws NativeMemoryException if the lap must grow and the OS refuses; the queue is unchanged
     */
    boolean prepareOffer() {
        checkOpen();
        refused = null;
        if (budgetHolder.trimRequested()) {
            trimForBudget();
        }
        long size = tail - head;
        if (size >= capacity) {
            tailStop = tail;
            return false;
        }
        if (size == 0) {
            // Nothing to keep in place: restart at slot 0, where growing never has to move elements.
            headOff = tailOff = 0;
        }
        if (size >= slots) {
            try {
                grow();
            } catch (BudgetExceededException e) {
                // Refused before anything changed: the queue is as it was, and the offer says false.
                refused = e;
                return false;
            }
        }
        // After the last slot, also when growth moved the elements so that they end there.
        if (tailOff == ringBytes) {
            tailOff = 0;
        }
        headStop = computeHeadStop();
        tailStop = computeTailStop();
        return true;
    }

    /**
     * {@link MappedQueue#offer} when {@code tail >= tailStop}: makes room, writes {@code element} and adds it. If the
     * codec throws, the lap goes back to what it was; elements the codec itself added to this queue stay.
     *
     * @return false if the queue is full
     */
    <T> boolean offerSlow(ElementSlot<T> codec, T element) {
        long lap = lapBytes;
        if (!prepareOffer()) {
            return false;
        }
        try {
            codec.write("offer", tailOff, element);
        } catch (Throwable e) {
            shrinkBack(lap);
            throw e;
        }
        checkOpen();
        tailOff += es;
        tail++;
        return true;
    }

    /**
     * {@link MappedQueue#addAll}: adds every element in order, or, if one is null, does not fit or fails to encode,
     * none of them, and takes the lap back to what it was.
     */
    <T> boolean addAll(ElementSlot<T> codec, Collection<? extends T> elements) {
        checkOpen();
        long t = tail;
        long lap = lapBytes;
        try {
            for (T element : elements) {
                Objects.requireNonNull(element, "element");
                if (tail >= tailStop && !prepareOffer()) {
                    throw full(owner);
                }
                codec.write("addAll", tailOff, element);
                tailOff += es;
                tail++;
            }
            checkOpen();
        } catch (Throwable e) {
            undo(t, lap);
            throw e;
        }
        return tail != t;
    }

    /**
     * Grows the full lap to {@link LapSizes#firstChoice}, else one step. A queue within its slack thus calls here once
     * in its life, at its first offer: C2 keeps a call to this slow path in the caller's loop once its profile saw it
     * taken at all (docs/BENCHMARKS.md, "The queue's two speeds").
     */
    private void grow() {
        long step = laps.grown(lapBytes);
        long first = laps.firstChoice(lapBytes);
        if (first != step) {
            try {
                resize(first);
                return;
            } catch (BudgetExceededException floorRefused) {
                // fall through to the one step, which the budget may still grant
            }
        }
        resize(step);
    }

    /** Called when {@code head} reached {@code headStop} after a removal: wraps, then shrinks the lap if it must. */
    void afterPoll() {
        if (headOff == ringBytes) {
            headOff = 0;
        }
        long size = tail - head;
        if (size == 0 && lapBytes > laps.floor) {
            toEmpty();
        } else if (laps.mustShrink(lapBytes, size)) {
            long lap = lapBytes;
            do {
                lap = laps.shrunk(lap);
            } while (laps.mustShrink(lap, size));
            resize(lap);
            tailStop = computeTailStop();
        }
        headStop = computeHeadStop();
        if (budgetHolder.trimRequested()) {
            trimForBudget();
        }
    }

    /** A poll found the queue empty: the owner is idle here, so a trim request is honoured now. */
    void pollEmpty() {
        checkOpen();
        if (budgetHolder.trimRequested()) {
            trimForBudget();
        }
    }

    /**
     * Honours a trim request of the commit budget, on the owner's thread: shrinks the lap to the smallest that holds
     * the elements (nothing at all when empty), below the slack too, and reports what it gave back. The lap grows again
     * as offers need it.
     */
    private void trimForBudget() {
        long before = lapBytes;
        long size = tail - head;
        long to = lapBytes;
        if (size == 0) {
            to = 0;
            headOff = tailOff = 0;
        } else {
            while (to > laps.min && laps.slotsIn(laps.shrunk(to)) >= size + 1) {
                to = laps.shrunk(to);
            }
        }
        if (to != lapBytes) {
            resize(to);
        }
        headStop = computeHeadStop();
        tailStop = computeTailStop();
        budgetHolder.trimmed(before - lapBytes);
    }

    /** The exception for an add that {@link #prepareOffer} refused: full, or refused by the commit budget. */
    IllegalStateException full(String name) {
        BudgetExceededException cause = refused;
        if (cause != null) {
            return new IllegalStateException(name + " could not grow: the commit budget refused it (" + size()
                    + " elements held)", cause);
        }
        return new IllegalStateException(name + " is full: capacity=" + capacity);
    }

    /** Removes every element without reading it. */
    void clear() {
        checkOpen();
        if (head == tail && lapBytes <= laps.floor) {
            return;
        }
        head = tail;
        toEmpty();
        headStop = computeHeadStop();
        if (budgetHolder.trimRequested()) {
            trimForBudget();
        }
    }

    /** The queue is empty: restarts at slot 0 and gives back the lap above the floor. */
    private void toEmpty() {
        headOff = tailOff = 0;
        if (lapBytes > laps.floor) {
            resize(laps.floor);
        }
        tailStop = computeTailStop();
    }

    /**
     * Undoes a generic addAll that failed: takes back the elements added since the tail counter was {@code t} and
     * the lap growth since it was {@code lap}.
     */
    private void undo(long t, long lap) {
        if (closed) {
            return;
        }
        if (t < head) {
            // User code polled elements added since t: every element left is one of them.
            clear();
            return;
        }
        if (t < tail) {
            tailOff = offsetOf(t);
            tail = t;
        }
        shrinkBack(lap);
    }

    /**
     * Shrinks the lap back towards {@code lap} after a failed offer, as far as the elements fit; then, in case user
     * code polled meanwhile, as far as the live size asks.
     */
    private void shrinkBack(long lap) {
        if (closed) {
            return;
        }
        long size = tail - head;
        long to = lapBytes;
        if (size == 0 && lap == 0) {
            to = 0;
        } else {
            // Laps step by halving, so stepping down from the grown lap meets the old one.
            while (to > lap) {
                long down = laps.shrunk(to);
                if (down < lap || laps.slotsIn(down) < size) {
                    break;
                }
                to = down;
            }
            while (size > 0 && laps.mustShrink(to, size)) {
                to = laps.shrunk(to);
            }
        }
        if (size == 0) {
            headOff = tailOff = 0;
        }
        if (to != lapBytes) {
            resize(to);
        }
        headStop = computeHeadStop();
        tailStop = computeTailStop();
    }

    /** Removes element {@code i} ({@code head <= i < tail}) by moving the elements before it one slot up. */
    void removeAt(long i) {
        checkOpen();
        if (i < head || i >= tail) {
            throw new ConcurrentModificationException(owner + " was modified: element " + i + " is gone");
        }
        MemoryView v = view;
        long dst = offsetOf(i);
        for (long k = i; k > head; k--) {
            long src = (dst == 0 ? ringBytes : dst) - es;
            v.copy(src, dst, es);
            dst = src;
        }
        headOff += es;
        if (++head >= headStop) {
            afterPoll();
        }
    }

    // ---- the lap ----------------------------------------------------------------------------------------------------

    /**
     * Moves the ring to a lap of {@code to} bytes that holds its elements: commits first when growing (a refusal
     * changes nothing), moves the elements, decommits last when shrinking. Takes a new view either way.
     */
    private void resize(long to) {
        long from = lapBytes;
        long size = tail - head;
        long bytes = size * es;
        long newSlots = laps.slotsIn(to);
        long newRing = newSlots * es;
        if (to > from) {
            if (to > mem.size()) {
                growReservation(to);
            }
            mem.commit(from, to - from);
            view = mem.view(0, to);
        }
        long wrapped = headOff + bytes - ringBytes;
        if (size == 0) {
            headOff = tailOff = 0;
        } else if (wrapped > 0) {
            long headPart = bytes - wrapped;
            if (to > from && wrapped <= headPart && ringBytes + wrapped <= newRing) {
                // Growing: the part at the start follows the rest, right after the old last slot.
                view.copy(0, ringBytes, wrapped);
            } else {
                // The part up to the old end goes to the new end; the part at the start stays.
                view.copy(headOff, newRing - headPart, headPart);
                headOff = newRing - headPart;
            }
        } else if (headOff + bytes > newRing) {
            view.copy(headOff, 0, bytes);
            headOff = 0;
        }
        tailOff = headOff + bytes > newRing ? headOff + bytes - newRing : headOff + bytes;
        if (to < from) {
            decommit(to, from - to);
            view = to == 0 ? null : mem.view(0, to);
        }
        lapBytes = to;
        slots = newSlots;
        ringBytes = newRing;
        limit = Math.min(newSlots, capacity);
        shrinkBelow = laps.shrinkBelow(to);
        resizes++;
    }

    /** Grows the reservation to hold {@code bytes}, doubling; a move revokes the view, also when it fails. */
    private void growReservation(long bytes) {
        try {
            mem.grow(Math.min(Math.max(bytes, 2 * mem.size()), maxReservedBytes));
        } finally {
            if (lapBytes > 0) {
                view = mem.view(0, lapBytes);
            }
        }
        adviseHugePages();
    }

    /** The whole reservation, in one advice: advising part of it would split its kernel mapping. */
    private void adviseHugePages() {
        if (hugePages && mem.size() >= mem.hugePageSize()) {
            mem.adviseHugePages(0, mem.size());
        }
    }

    private long computeHeadStop() {
        long toLapEnd = (ringBytes - headOff) / es;
        long below = laps.shrinkBelow(lapBytes);
        // At or under the floor there is nothing to shrink, not even when the queue empties.
        long toShrink = below == 0 ? Long.MAX_VALUE : tail - head - below + 1;
        return head + Math.max(1, Math.min(toLapEnd, toShrink));
    }

    private long computeTailStop() {
        if (closed) {
            return Long.MIN_VALUE;
        }
        long size = tail - head;
        long toLapEnd = (ringBytes - tailOff) / es;
        return tail + Math.max(0, Math.min(Math.min(toLapEnd, slots - size), capacity - size));
    }

    /**
     * Decommits {@code [offset, offset + length)}. An OS refusal is not passed on: the reservation has already marked
     * the pages uncommitted and reported the failure (WARNING log record and JFR event), and the queue's elements are
     * elsewhere, so the caller carries on as if the pages were gone.
     */
    private void decommit(long offset, long length) {
        try {
            mem.decommit(offset, length);
        } catch (NativeMemoryException reported) {
            // see above
        }
    }
}
