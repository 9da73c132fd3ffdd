package dev.mmsb.diag;

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
    public static final String LOGGER_NAME = "dev.mmsb";
    public static final String OK = "ok";

    static final Logger LOG = System.getLogger(LOGGER_NAME);

    private Diagnostics() {
    }

    public static Logger logger() {
        return LOG;
    }

    /** Starts timing a memory operation; pass the result to {@link #memoryDone}. */
    public static MemoryOperationEvent memoryBegin() {
        MemoryOperationEvent event = new MemoryOperationEvent();
        event.begin();
        return event;
    }

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

    public static PageOperationEvent pageBegin() {
        PageOperationEvent event = new PageOperationEvent();
        event.begin();
        return event;
    }

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
