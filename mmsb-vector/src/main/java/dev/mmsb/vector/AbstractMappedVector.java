package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.MemoryView;
import dev.mmsb.memory.NativeMemoryException;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.limits.MemoryBudget;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What every vector shares: one reservation whose base never moves, the committed prefix {@code [0, committedBytes)},
 * and the grow and shrink decisions. Elements live at {@code index × elementSize}; every element below
 * {@link #capacity} lies wholly in committed pages, also when it straddles two of them.
 *
 * <p><b>Fast path.</b> {@link #view} is a {@link MemoryView} of exactly the committed prefix, taken again after every
 * commit and decommit. A hot path checks its index against {@link #length} with {@link Objects#checkIndex} and then
 * accesses the view, whose own check (its bounds and liveness, a segment's on Panama) guards memory: with no call in a
 * loop that the JIT must assume changes these fields, both checks are range checks it hoists out of the loop. Why it
 * is safe: every element below {@link #capacity} lies in the view, and a view cannot reach a page the vector gave
 * back, since a decommit or {@link #close()} revokes it first (on Panama, also for accesses in flight on other
 * threads). Growth, shrinking, error messages and the closed state are out of line here. After {@link #close()}
 * {@link #length} and {@link #capacity} are 0, so every hot path falls into a slow path, which reports the closed
 * state.
 *
 * <p><b>Populate steps and huge pages</b> (see {@link VectorOptions}). {@link #capacity} is the hot paths' one limit:
 * the elements that fit in the committed pages, or, while populating is on, in the populated prefix
 * {@code [0, populatedBytes)}, which is at most one step ahead of the pushes. A push that crosses it takes the
 * out-of-line {@link #growFor}, which commits if needed and populates the next step, so populating costs the hot path
 * nothing. With huge pages, committed sizes past one huge page are whole huge pages, in growth and in shrinking.
 *
 * <p><b>Commit budget</b> ({@link MemoryBudget}). A growth the budget refuses throws
 * {@link dev.mmsb.memory.BudgetExceededException} from the push (or insert, reserve) and changes nothing. The vector
 * registers a {@link MemoryBudget.Holder}; when a refusal anywhere asks it to trim, the thread that uses it gives back
 * the pages above its size (as {@link #trimToSize()}) at its next out-of-line call: a removal that consults the shrink
 * policy, {@link #clear()}, {@link #reserve(long)} or {@link #trimToSize()}. No other thread ever trims it.
 */
abstract class AbstractMappedVector implements AutoCloseable {
    /** Elements per bulk read in traversals: one reservation check per chunk instead of one per element. */
    static final int CHUNK = 1024;
    /**
     * Address space a vector reserves at first, unless its maximum (or initial capacity) says otherwise; the
     * reservation doubles (moving without copying, see {@link Reservation#grow}) as the vector outgrows it, up to
     * {@link #maxCapacity()}. Small enough that a process holds tens of thousands of vectors.
     */
    static final long INITIAL_RESERVATION_BYTES = 64L << 20;

    final Reservation memory;
    /** The committed prefix {@code [0, committedBytes)}; revoked and replaced whenever the vector decommits. */
    MemoryView view;
    final int elementSize;
    /** Elements in use. */
    long length;
    /**
     * Elements a write may go to without {@link #growFor}: those that fit in the committed pages, or in the populated
     * prefix while populating is on; at most {@link #maxCapacity}.
     */
    long capacity;
    /** A removal that leaves {@link #length} below this consults the shrink policy; 0 when it cannot shrink. */
    long shrinkAt;

    private final long pageSize;
    private final long maxCapacity;
    /** {@link #maxCapacity} in bytes: the reservation grows up to this (rounded up to a page). */
    private final long maxBytes;
    /** Automatic shrinking never goes below this: the initial capacity, and at least one page. */
    private final long floorBytes;
    private final ShrinkPolicy policy;
    private long committedBytes;
    /** Elements that fit in the committed pages, at most {@link #maxCapacity}: what {@link #capacity()} returns. */
    private long committedCapacity;
    /** Bytes populated ahead of the pushes at a time, a multiple of the page size; 0 when off or refused. */
    private long populateStep;
    /** The committed prefix that is populated (or was written), at most {@link #committedBytes}. */
    private long populatedBytes;
    /** Huge page size when the reservation took the huge-page advice, else 0. */
    private final long hugeBytes;
    private long releaseAt;
    private boolean closed;
    /**
     * The generic vector's codec slot, which refuses calls from the codec back into the vector; null for the
     * primitive vectors, which have no codec.
     */
    dev.mmsb.codec.ElementSlot<?> codecSlot;
    private final MemoryBudget.Holder budgetHolder;

    AbstractMappedVector(Backend backend, int elementSize, VectorOptions options) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        if (elementSize <= 0) {
            throw new IllegalArgumentException("elementSize=" + elementSize + " must be positive");
        }
        long max = options.maxCapacityFor(elementSize);
        long initial = options.initialCapacityElements();
        if (max > (Long.MAX_VALUE >> 2) / elementSize) {
            throw new IllegalArgumentException("maxCapacityElements=" + max + " elements of " + elementSize
                    + " bytes overflows the address space");
        }
        if (initial > max) {
            throw new IllegalArgumentException("initialCapacityElements=" + initial + " exceeds maxCapacityElements="
                    + max);
        }
        this.elementSize = elementSize;
        this.maxCapacity = max;
        this.policy = options.shrinkPolicy();
        this.maxBytes = max * elementSize;
        Reservation reservation = backend.reserve(Math.max(Math.min(maxBytes, INITIAL_RESERVATION_BYTES),
                initial * elementSize));
        long initialBytes;
        long huge = 0;
        try {
            this.pageSize = reservation.pageSize();
            // One advice for the whole reservation: a range's advice splits the kernel mapping, the whole does not.
            if (options.hugePages() && reservation.size() >= reservation.hugePageSize()
                    && reservation.adviseHugePages(0, reservation.size())) {
                huge = reservation.hugePageSize();
            }
            initialBytes = roundUp(initial * elementSize);
            this.floorBytes = Math.max(initialBytes, pageSize);
            if (initialBytes > 0) {
                reservation.commit(0, initialBytes);
            }
        } catch (RuntimeException | Error e) {
            reservation.release();
            throw e;
        }
        this.memory = reservation;
        this.budgetHolder = MemoryBudget.process().register(getClass().getSimpleName() + "@"
                + Integer.toHexString(System.identityHashCode(this)), reservation);
        this.hugeBytes = huge;
        this.populateStep = roundUp(options.populateStepBytes());
        setCommitted(initialBytes);
    }

    // ---- public accessors ---------------------------------------------------------------------------------------

    /** {@return number of elements.} */
    public final long size() {
        ensureOpen("size");
        return length;
    }

    /** {@return whether the vector has no elements} */
    public final boolean isEmpty() {
        ensureOpen("isEmpty");
        return length == 0;
    }

    /** {@return elements that fit in the committed pages: pushes up to this size commit nothing.} */
    public final long capacity() {
        ensureOpen("capacity");
        return committedCapacity;
    }

    /** {@return bytes of the reservation that are committed, a multiple of the page size.} */
    public final long committedBytes() {
        ensureOpen("committedBytes");
        return committedBytes;
    }

    /** {@return the most elements this vector can hold; fixed for its lifetime.} */
    public final long maxCapacity() {
        return maxCapacity;
    }

    /** {@return bytes per element.} */
    public final int elementSize() {
        return elementSize;
    }

    /** {@return when removals decommit} */
    public final ShrinkPolicy shrinkPolicy() {
        return policy;
    }

    /** {@return name of the backend the vector's memory comes from.} */
    public final String backend() {
        return memory.backend();
    }

    // ---- public operations --------------------------------------------------------------------------------------

    /**
     * Removes every element. Then shrinks as the policy says: with {@link ShrinkPolicy#DEFAULT} down to the initial
     * capacity (at least one page); with {@link ShrinkPolicy#NEVER} the capacity stays.
     */
    public final void clear() {
        ensureOpen("clear");
        checkIdle("clear");
        length = 0;
        if (0 < shrinkAt) {
            shrink();
        }
        honourTrimRequest();
    }

    /**
     * Commits room for at least {@code minCapacity} elements in all, as {@link java.util.ArrayList#ensureCapacity}
     * does, so that pushes up to that size commit nothing; does nothing if {@link #capacity()} is already that large.
     * Grows like a push would (at least doubling the committed size) but populates nothing, since the room may stay
     * unused.
     *
     * <p>The room is not kept for later: the next removal ({@code pop}, {@code remove}, {@link #clear()}) consults the
     * shrink policy against the new capacity like any other, so with {@link ShrinkPolicy#DEFAULT} a removal that
     * leaves less than a quarter of the capacity in use decommits down to twice the size, giving the room back.
     * Ensure capacity right before the pushes it is for, or build the vector with {@link ShrinkPolicy#NEVER} (or an
     * initial capacity, which removals never go below) to keep it.
     *
     * @param minCapacity the capacity wanted, in elements
     * @throws IllegalArgumentException  if {@code minCapacity} is negative
     * @throws CapacityExceededException if {@code minCapacity} exceeds {@link #maxCapacity()}
     */
    public final void ensureCapacity(long minCapacity) {
        ensureOpen("ensureCapacity");
        checkIdle("ensureCapacity");
        if (minCapacity < 0) {
            throw new IllegalArgumentException("ensureCapacity: minCapacity=" + minCapacity + " must not be negative");
        }
        honourTrimRequest();
        if (minCapacity > committedCapacity) {
            grow("ensureCapacity", minCapacity, 0);
        }
    }

    /**
     * Decommits every page that no element occupies, whatever the shrink policy and also below the initial
     * capacity; an empty vector then has nothing committed. The next push commits again.
     */
    public final void trimToSize() {
        ensureOpen("trimToSize");
        checkIdle("trimToSize");
        long before = committedBytes;
        long target = roundUp(length * elementSize);
        if (target < committedBytes) {
            decommitTo(target, false);
        }
        if (budgetHolder.trimRequested()) {
            budgetHolder.trimmed(before - committedBytes);
        }
    }

    /**
     * Releases the reservation: the memory goes back to the OS at once. Idempotent. Afterwards every method but
     * {@code close}, {@link #isClosed()}, {@link #maxCapacity()}, {@link #elementSize()}, {@link #shrinkPolicy()},
     * {@link #backend()} and {@code toString} throws {@link IllegalStateException}. A vector that is never closed is
     * released by the reservation's Cleaner once unreachable, and reported as a leak.
     */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        checkIdle("close");
        closed = true;
        budgetHolder.close();
        length = 0;
        capacity = 0;
        committedCapacity = 0;
        populatedBytes = 0;
        shrinkAt = 0;
        committedBytes = 0;
        memory.release();
    }

    /** {@return whether {@link #close()} ran} */
    public final boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (closed ? "closed" : "size=" + length + ", capacity=" + capacity
                + ", committedBytes=" + committedBytes) + ", maxCapacity=" + maxCapacity + ", elementSize="
                + elementSize + ", backend=" + memory.backend() + "]";
    }

    // ---- for subclasses -----------------------------------------------------------------------------------------

    /** The reservation, for tests in this package. Never hand it out: the vector's bookkeeping depends on it. */
    final Reservation memory() {
        return memory;
    }

    /**
     * Commits pages so that {@code needed} elements fit, and populates them; call only when {@code needed > capacity}.
     * Commits in page-rounded steps that at least double the committed size (whole huge pages past the first), capped
     * at the reservation; populates up to the next step boundary at or past {@code needed}, within the committed
     * pages. Changes nothing but the committed and populated sizes, and nothing at all when it throws.
     *
     * @param needed elements; negative when the count overflowed
     */
    final void growFor(String operation, long needed) {
        grow(operation, needed, needed);
    }

    private void grow(String operation, long needed, long populate) {
        ensureOpen(operation);
        if (needed < 0 || needed > maxCapacity) {
            throw new CapacityExceededException(operation + ": requested size " + (needed < 0 ? "(overflow)" : needed)
                    + " exceeds the maximum capacity " + maxCapacity + " of " + getClass().getSimpleName()
                    + " (elements of " + elementSize + " bytes, at most " + maxBytes
                    + " bytes of address space); set a larger VectorOptions.withMaxCapacityElements", needed, maxCapacity);
        }
        if (needed > committedCapacity) {
            long want = Math.max(needed * elementSize, Math.max(2 * committedBytes, floorBytes));
            long target = Math.min(roundUpHuge(roundUp(want)), roundUp(maxBytes));
            if (target > memory.size()) {
                growReservation(Math.min(Math.max(target, 2 * memory.size()), roundUp(maxBytes)));
            }
            memory.commit(committedBytes, target - committedBytes);
            setCommitted(target);
        }
        populateFor(populate);
    }

    /**
     * Grows the reservation (in place, or moved without copying) and advises the new address space like the old. A
     * move revokes the view, also when it fails: the vector takes a new one either way.
     */
    private void growReservation(long bytes) {
        try {
            memory.grow(bytes);
        } finally {
            view = memory.view(0, committedBytes);
        }
        if (hugeBytes > 0) {
            memory.adviseHugePages(0, memory.size());
        }
    }

    /**
     * Populates committed pages up to the step boundary at or past {@code elements}, and sets the hot limit. A refusal
     * (logged once by the api) turns populating off for this vector: pages then fault in on first touch.
     */
    private void populateFor(long elements) {
        if (populateStep > 0) {
            long need = elements * elementSize;
            if (need > populatedBytes) {
                long step = populateStep;
                long target = Math.min(committedBytes, (need + step - 1) / step * step);
                if (target > populatedBytes) {
                    if (memory.populate(populatedBytes, target - populatedBytes)) {
                        populatedBytes = target;
                    } else {
                        populateStep = 0;
                    }
                }
            }
        }
        setLimit();
    }

    /** Undoes a {@link #growFor} whose following write failed, so that the failed operation changes nothing. */
    final void undoGrowth(long previousCommittedBytes) {
        if (previousCommittedBytes < committedBytes) {
            decommitTo(previousCommittedBytes, true);
        }
    }

    /**
     * After a removal left {@code length < shrinkAt}: decommits as the policy says. Never throws for a failed
     * decommit (the OS refusing {@code madvise} or {@code mprotect}): the removal has happened and stays valid; the
     * failure is already reported by the api's diagnostics at WARNING.
     */
    final void shrink() {
        long target;
        if (length < releaseAt) {
            target = roundUp((length + 1) * elementSize);
        } else {
            target = roundUp(2 * length * elementSize);
        }
        target = roundUpHuge(Math.max(target, floorBytes));
        if (target < committedBytes) {
            decommitTo(target, true);
        }
        honourTrimRequest();
    }

    /**
     * If a budget refusal asked this vector to trim: gives back the pages above its size, below the floor too, and
     * reports it. Only ever on the vector's own thread, from its out-of-line calls.
     */
    private void honourTrimRequest() {
        if (budgetHolder.trimRequested()) {
            long before = committedBytes;
            long target = roundUp(length * elementSize);
            if (target < committedBytes) {
                decommitTo(target, true);
            }
            budgetHolder.trimmed(before - committedBytes);
        }
    }

    /** Moves elements {@code [index, length)} up by one; the caller has made room for {@code length + 1}. */
    final void openGap(long index) {
        long count = length - index;
        if (count > 0) {
            view.copy(index * elementSize, (index + 1) * elementSize, count * elementSize);
        }
    }

    /** Moves elements {@code (index, length)} down by one, over the element at {@code index}. */
    final void closeGap(long index) {
        long count = length - index - 1;
        if (count > 0) {
            view.copy((index + 1) * elementSize, index * elementSize, count * elementSize);
        }
    }

    /**
     * {@code index} if it is below {@link #length}, for a hot path: a check the JIT knows as a range check. Otherwise
     * the closed state if closed, else an {@link IndexOutOfBoundsException} naming the index and size.
     */
    final long index(String operation, long index) {
        try {
            return Objects.checkIndex(index, length);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(operation, index);
        }
    }

    /** As {@link #index}, for an iterator's next: {@link NoSuchElementException} past the end. */
    final long nextIndex(long index) {
        try {
            return Objects.checkIndex(index, length);
        } catch (IndexOutOfBoundsException e) {
            ensureOpen("iterator");
            throw new NoSuchElementException("index=" + index + " size=" + length);
        }
    }

    /** As {@link #index}, for a traversal that began when the vector was {@code index + 1} or more long. */
    final long traversal(String operation, long index) {
        try {
            return Objects.checkIndex(index, length);
        } catch (IndexOutOfBoundsException e) {
            ensureOpen(operation);
            throw new IndexOutOfBoundsException(operation + ": index=" + index + " size=" + length
                    + " (the vector shrank during the traversal)");
        }
    }

    final long committedBytesUnchecked() {
        return committedBytes;
    }

    /** For a failed bounds check: the closed state if closed, else the index and size. */
    final RuntimeException outOfBounds(String operation, long index) {
        ensureOpen(operation);
        return new IndexOutOfBoundsException(operation + ": index=" + index + " size=" + length);
    }

    /** For a removal from an empty vector: the closed state if closed, else {@link NoSuchElementException}. */
    final RuntimeException empty(String operation) {
        ensureOpen(operation);
        return new NoSuchElementException(operation + ": " + getClass().getSimpleName() + " is empty");
    }

    /**
     * Checks that elements {@code [from, from + count)} are still in the vector, for a traversal that started when it
     * was longer; returns {@code count}.
     */
    final int checkChunk(String operation, long from, int count) {
        if (from + count > length) {
            ensureOpen(operation);
            throw new IndexOutOfBoundsException(operation + ": index=" + (from + count - 1) + " size=" + length
                    + " (the vector shrank during the traversal)");
        }
        return count;
    }

    /** Refuses {@code operation} while the generic vector's codec runs: a codec must not change its own vector. */
    private void checkIdle(String operation) {
        if (codecSlot != null) {
            codecSlot.checkIdle(operation);
        }
    }

    final void ensureOpen(String operation) {
        if (closed) {
            throw new IllegalStateException(operation + ": " + getClass().getSimpleName() + " is closed");
        }
    }

    /** {@code count} as an array length, or an exception if that many elements do not fit in a Java array. */
    static int arrayLength(long count) {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("toArray: size=" + count + " does not fit in a Java array");
        }
        return (int) count;
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    private void decommitTo(long target, boolean quiet) {
        long old = committedBytes;
        // The bookkeeping goes first: should the decommit fail half-way, the vector still never touches those pages
        // again without committing them. The view waits for the decommit, which would revoke it at once.
        account(target);
        try {
            memory.decommit(target, old - target);
        } catch (NativeMemoryException e) {
            if (!quiet) {
                throw e;
            }
        } finally {
            view = memory.view(0, target); // the decommit revoked the old one
        }
    }

    private void setCommitted(long bytes) {
        view = memory.view(0, bytes);
        account(bytes);
    }

    /** The bookkeeping of {@code bytes} committed: capacity, limits and shrink thresholds, not the view. */
    private void account(long bytes) {
        committedBytes = bytes;
        committedCapacity = Math.min(bytes / elementSize, maxCapacity);
        populatedBytes = Math.min(populatedBytes, bytes);
        setLimit();
        if (policy.shrinks() && bytes > floorBytes) {
            shrinkAt = policy.shrinkAt(committedCapacity);
            releaseAt = policy.releaseAt(committedCapacity);
        } else {
            shrinkAt = 0;
            releaseAt = 0;
        }
    }

    /** The hot paths' limit: the committed capacity, or the populated prefix's while populating. */
    private void setLimit() {
        capacity = populateStep > 0 ? Math.min(committedCapacity, populatedBytes / elementSize) : committedCapacity;
    }

    private long roundUp(long bytes) {
        return (bytes + pageSize - 1) & -pageSize;
    }

    /**
     * With huge pages, a size past the first huge page rounded up to whole huge pages, so that no huge page is ever
     * partly committed: it could not be faulted in whole, and decommitting part of one frees nothing at once.
     */
    private long roundUpHuge(long bytes) {
        return hugeBytes > 0 && bytes > hugeBytes ? (bytes + hugeBytes - 1) & -hugeBytes : bytes;
    }
}
