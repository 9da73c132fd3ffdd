package dev.mmsb.internal.diag;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ReadOnlyBufferException;
import java.util.NoSuchElementException;

/**
 * Where every paging and page operation is reported: a JFR event (category "MMSB") and a {@link System.Logger} record
 * on logger {@value #LOGGER_NAME}, DEBUG for paging operations and TRACE for page reads and writes. Failed operations
 * are reported too, with the exception as outcome, so a crash or error can be pinned to the last operation that ran:
 * a call refused for the caller's mistake (a bad argument, a page in the wrong state, a released reservation) at
 * DEBUG, since the exception already tells the caller and a library must not warn about every call it refuses; a
 * failure of the OS ({@link dev.mmsb.memory.NativeMemoryException}, including a refusal at the mapping limit,
 * {@link dev.mmsb.memory.MappingLimitException}, which stands in for the ENOMEM it avoids) or anything unexpected at
 * WARNING. A refusal at the commit budget ({@link dev.mmsb.memory.BudgetExceededException}) is DEBUG here: the
 * budget logs it itself ({@link BudgetEvents}).
 */
public final class Diagnostics {
    /** The logger every MMSB record goes to. */
    public static final String LOGGER_NAME = "dev.mmsb";
    /** The outcome of an operation that succeeded. */
    public static final String OK = "ok";

    static final Logger LOG = System.getLogger(LOGGER_NAME);

    private Diagnostics() {
    }

    /** {@return the logger named {@value #LOGGER_NAME}} */
    public static Logger logger() {
        return LOG;
    }

    /**
     * Starts timing a memory operation.
     *
     * @return the started event, to pass to {@link #memoryDone} or {@link #memoryDeclined}
     */
    public static MemoryOperationEvent memoryBegin() {
        MemoryOperationEvent event = new MemoryOperationEvent();
        event.begin();
        return event;
    }

    /**
     * Ends a memory operation: commits its JFR event if enabled, and logs it (DEBUG, or by
     * {@code failure}'s kind).
     *
     * @param event         what {@link #memoryBegin()} returned
     * @param operation     the operation, e.g. {@code "commit"}
     * @param backend       the backend's name
     * @param reservationId the reservation's id
     * @param page          index of the range's first page in the reservation
     * @param address       start address of the range
     * @param offset        start of the range in the reservation
     * @param length        bytes in the range
     * @param failure       what ended the operation, or null if it succeeded
     */
    public static void memoryDone(MemoryOperationEvent event, String operation, String backend, long reservationId,
                                  long page, long address, long offset, long length, Throwable failure) {
        event.end();
        String outcome = failure == null ? OK : failure.toString();
        if (event.shouldCommit()) {
            event.operation = operation;
            event.backend = backend;
            event.reservationId = reservationId;
            event.page = page;
            event.address = address;
            event.offset = offset;
            event.length = length;
            event.outcome = outcome;
            event.commit();
        }
        Level level = failure == null ? Level.DEBUG : failureLevel(failure);
        if (LOG.isLoggable(level)) {
            // Numbers as strings: MessageFormat would group their digits ("length=4,096"), unlike the exceptions.
            LOG.log(level, "{0} backend={1} reservation={2} page={3} address=0x{4} offset={5} length={6} outcome={7}",
                    operation, backend, String.valueOf(reservationId), String.valueOf(page), Long.toHexString(address),
                    String.valueOf(offset), String.valueOf(length), outcome);
        }
    }

    /**
     * Ends a memory operation that the OS declined without it being a failure (an advice the kernel does not support,
     * see {@code Reservation.adviseHugePages} and {@code populate}): the event's outcome is {@code outcome}, and the
     * log record is DEBUG, since the caller gets {@code false} and MMSB logs the fallback once by itself.
     *
     * @param event         what {@link #memoryBegin()} returned
     * @param operation     the operation, e.g. {@code "madvise(MADV_HUGEPAGE)"}
     * @param backend       the backend's name
     * @param reservationId the reservation's id
     * @param page          index of the range's first page in the reservation
     * @param address       start address of the range
     * @param offset        start of the range in the reservation
     * @param length        bytes in the range
     * @param outcome       why the OS declined
     */
    public static void memoryDeclined(MemoryOperationEvent event, String operation, String backend,
                                      long reservationId, long page, long address, long offset, long length,
                                      String outcome) {
        event.end();
        if (event.shouldCommit()) {
            event.operation = operation;
            event.backend = backend;
            event.reservationId = reservationId;
            event.page = page;
            event.address = address;
            event.offset = offset;
            event.length = length;
            event.outcome = outcome;
            event.commit();
        }
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "{0} backend={1} reservation={2} page={3} address=0x{4} offset={5} length={6}"
                    + " outcome={7}", operation, backend, String.valueOf(reservationId), String.valueOf(page),
                    Long.toHexString(address), String.valueOf(offset), String.valueOf(length), outcome);
        }
    }

    /**
     * Starts timing a page operation.
     *
     * @return the started event, to pass to {@link #pageDone}
     */
    public static PageOperationEvent pageBegin() {
        PageOperationEvent event = new PageOperationEvent();
        event.begin();
        return event;
    }

    /**
     * Ends a page operation: commits its JFR event if enabled, and logs it (TRACE for reads and writes, DEBUG for the
     * rest, or by {@code failure}'s kind).
     *
     * @param event     what {@link #pageBegin()} returned
     * @param operation the operation, e.g. {@code "write"}
     * @param backend   the backend's name
     * @param pageId    the page's id
     * @param address   start address of the page
     * @param offset    offset of the access in the page
     * @param length    bytes accessed, or the page's size
     * @param state     the page's state after the operation
     * @param failure   what ended the operation, or null if it succeeded
     */
    public static void pageDone(PageOperationEvent event, String operation, String backend, long pageId, long address,
                                long offset, long length, String state, Throwable failure) {
        event.end();
        String outcome = failure == null ? OK : failure.toString();
        if (event.shouldCommit()) {
            event.operation = operation;
            event.backend = backend;
            event.pageId = pageId;
            event.address = address;
            event.offset = offset;
            event.length = length;
            event.state = state;
            event.outcome = outcome;
            event.commit();
        }
        boolean access = operation.equals("read") || operation.equals("write");
        Level level = failure != null ? failureLevel(failure) : access ? Level.TRACE : Level.DEBUG;
        if (LOG.isLoggable(level)) {
            LOG.log(level, "page {0} id={1} backend={2} address=0x{3} offset={4} length={5} state={6} outcome={7}",
                    operation, String.valueOf(pageId), backend, Long.toHexString(address), String.valueOf(offset),
                    String.valueOf(length), state, outcome);
        }
    }

    /**
     * DEBUG for the exceptions MMSB's checks throw at a caller's mistake: IllegalArgumentException (and
     * DuplicatePageIdException), IndexOutOfBoundsException, IllegalStateException (PageAccessException,
     * IllegalPageStateException, a released reservation), NoSuchElementException (NoSuchPageException),
     * NullPointerException and ReadOnlyBufferException. WARNING for everything else.
     */
    static Level failureLevel(Throwable failure) {
        boolean refusal = failure instanceof dev.mmsb.memory.BudgetExceededException // BudgetEvents logs it
                || failure instanceof IllegalArgumentException
                || failure instanceof IndexOutOfBoundsException
                || failure instanceof IllegalStateException
                || failure instanceof NoSuchElementException
                || failure instanceof NullPointerException
                || failure instanceof ReadOnlyBufferException;
        return refusal ? Level.DEBUG : Level.WARNING;
    }
}
