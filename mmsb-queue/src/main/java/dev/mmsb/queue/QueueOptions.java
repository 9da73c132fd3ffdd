package dev.mmsb.queue;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a mapped queue is built: an optional bound, the slack of committed-but-empty memory it may keep, and how much
 * address space it reserves. Immutable; start from {@link #defaults()} and chain the {@code with} methods, as for
 * {@code VectorOptions}. Each name says its unit, elements or bytes:
 *
 * <pre>{@code
 * QueueOptions bounded = QueueOptions.defaults()
 *         .withMaxCapacityElements(1_000_000)
 *         .withSlackBytes(256 << 10);
 * }</pre>
 *
 * <p><b>Bound.</b> Unbounded by default. A queue with a {@linkplain #withMaxCapacityElements maximum capacity} refuses an offer
 * when it holds that many elements, like {@link java.util.concurrent.ArrayBlockingQueue}. Either way a queue cannot
 * hold more than its reservation fits (see {@link #withReservationBytes}); an unbounded queue that reaches that limit
 * refuses offers in the same way.
 *
 * <p><b>Lap and slack.</b> The queue's committed memory is one lap, a prefix of its reservation that the elements go
 * round in, so a queue whose size stays within a factor of two makes no paging call and takes no page fault however
 * much streams through it. The first offer commits the floor (below) at once, the lap an emptied queue keeps anyway,
 * so a queue that stays within its slack grows once in its life; if the commit budget refuses the floor, the lap
 * starts at one page. The lap doubles when it is full (committing the pages after it) and halves, giving the
 * pages back, when the elements fill less than a quarter of it; it never goes below the slack. So after every
 * operation
 * <pre>{@code committedBytes() <= max(floor, 4 * size() * elementSize),
 *     floor = min(reservation, roundUpToPage(max(slack, 4 * elementSize, 1)))}</pre>
 * and an emptied queue holds at most the floor: the slack for small elements (one page if the slack is 0). A queue
 * that holds at most {@code B} bytes at once commits at most {@code max(floor, 2 * B)} (rounded up to pages) while
 * it grows, however much streams through it; one that then shrinks gives back all but four times what it holds. A
 * larger slack means fewer paging calls for queues that swing between empty and full; 0 gives memory back as soon as
 * the lap can halve. Each halving is one decommit, on Panama a handshake of tens of microseconds with every thread,
 * which the quarter-full threshold keeps to at most one per quarter lap of polls.
 */
public final class QueueOptions {
    /** Address space an unbounded queue reserves unless told otherwise: 64 GiB, which costs nothing until committed. */
    public static final long DEFAULT_RESERVATION_BYTES = 64L << 30;
    /** Committed-but-empty memory a queue keeps unless told otherwise: 1 MiB. */
    public static final long DEFAULT_SLACK_BYTES = 1L << 20;
    private static final QueueOptions DEFAULTS = new QueueOptions(0, DEFAULT_SLACK_BYTES, 0, true);

    private final long maxCapacity;
    private final long slackBytes;
    private final long reservationBytes;
    private final boolean hugePages;

    private QueueOptions(long maxCapacity, long slackBytes, long reservationBytes, boolean hugePages) {
        this.maxCapacity = maxCapacity;
        this.slackBytes = slackBytes;
        this.reservationBytes = reservationBytes;
        this.hugePages = hugePages;
    }

    /**
     * Unbounded, {@value #DEFAULT_SLACK_BYTES} bytes of slack, reservation sized by the bound or 64 GiB, huge pages
     * on.
     *
     * @return the default options
     */
    public static QueueOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Bounds the queue to {@code elements} elements.
     *
     * @param elements the bound in elements
     * @return options with this bound, the rest as these
     * @throws IllegalArgumentException if {@code elements} is not positive
     */
    public QueueOptions withMaxCapacityElements(long elements) {
        if (elements <= 0) {
            throw new IllegalArgumentException("maxCapacityElements=" + elements + " must be positive");
        }
        return new QueueOptions(elements, slackBytes, reservationBytes, hugePages);
    }

    /**
     * Removes the bound: the queue holds as many elements as its reservation fits.
     *
     * @return options without a bound, the rest as these
     */
    public QueueOptions withoutMaxCapacity() {
        return new QueueOptions(0, slackBytes, reservationBytes, hugePages);
    }

    /**
     * Sets the committed-but-empty memory the queue may keep; see the class comment.
     *
     * @param slackBytes the slack in bytes
     * @return options with this slack, the rest as these
     * @throws IllegalArgumentException if {@code slackBytes} is negative
     */
    public QueueOptions withSlackBytes(long slackBytes) {
        if (slackBytes < 0) {
            throw new IllegalArgumentException("slackBytes=" + slackBytes + " must not be negative");
        }
        return new QueueOptions(maxCapacity, slackBytes, reservationBytes, hugePages);
    }

    /**
     * Sets the most address space the queue may reserve, which bounds the bytes it can hold at once: about
     * {@code reservationBytes - pageSize}. By default a bounded queue may reserve just enough for its bound and an
     * unbounded one {@link #DEFAULT_RESERVATION_BYTES}. A queue reserves at most 64 MiB at first and grows its
     * reservation (moving it without copying) as its elements need, so tens of thousands of default queues fit in a
     * process's 128 TiB of address space. Building a bounded queue whose reservation cannot hold its bound is an
     * {@link IllegalArgumentException}.
     *
     * @param reservationBytes the most address space in bytes
     * @return options with this reservation, the rest as these
     * @throws IllegalArgumentException if {@code reservationBytes} is not positive
     */
    public QueueOptions withReservationBytes(long reservationBytes) {
        if (reservationBytes <= 0) {
            throw new IllegalArgumentException("reservationBytes=" + reservationBytes + " must be positive");
        }
        return new QueueOptions(maxCapacity, slackBytes, reservationBytes, hugePages);
    }

    /**
     * Whether the queue asks for transparent huge pages ({@code MADV_HUGEPAGE}) on its reservation; on by default. A
     * lap of 4 MiB or more is then faulted in 2 MiB at a time and costs fewer TLB entries; a smaller one, such as the
     * default 1 MiB floor, is not affected (no huge page fits its committed prefix), and laps shrink by halving, so a
     * decommit above 2 MiB gives back whole huge pages. Where THP is off or the kernel refuses, MMSB logs it once and
     * the queue faults 4 KiB pages.
     *
     * @param hugePages whether to ask for huge pages
     * @return options with this setting, the rest as these
     */
    public QueueOptions withHugePages(boolean hugePages) {
        return new QueueOptions(maxCapacity, slackBytes, reservationBytes, hugePages);
    }

    /** {@return whether the queue asks for transparent huge pages} */
    public boolean hugePages() {
        return hugePages;
    }

    /** {@return the bound in elements, or empty if the queue is unbounded} */
    public OptionalLong maxCapacityElements() {
        return maxCapacity == 0 ? OptionalLong.empty() : OptionalLong.of(maxCapacity);
    }

    /** {@return the committed-but-empty memory the queue may keep, in bytes} */
    public long slackBytes() {
        return slackBytes;
    }

    /** {@return the reservation size asked for, or empty for the default.} */
    public OptionalLong reservationBytes() {
        return reservationBytes == 0 ? OptionalLong.empty() : OptionalLong.of(reservationBytes);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof QueueOptions)) {
            return false;
        }
        QueueOptions other = (QueueOptions) o;
        return maxCapacity == other.maxCapacity && slackBytes == other.slackBytes
                && reservationBytes == other.reservationBytes && hugePages == other.hugePages;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxCapacity, slackBytes, reservationBytes, hugePages);
    }

    @Override
    public String toString() {
        return "QueueOptions[maxCapacityElements=" + (maxCapacity == 0 ? "unbounded" : maxCapacity) + ", slackBytes="
                + slackBytes + ", reservationBytes=" + (reservationBytes == 0 ? "default" : reservationBytes) + ", hugePages="
                + hugePages + "]";
    }
}
