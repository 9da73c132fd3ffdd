package dev.mmsb.internal.diag;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One paging operation on a reservation: reserve, commit, decommit, protect or release. */
@Name(MemoryOperationEvent.NAME)
@Label("MMSB Memory Operation")
@Category("MMSB")
@Description("A reserve, commit, decommit, protect or release of a page range")
@StackTrace(false)
public final class MemoryOperationEvent extends Event {
    /** The event's name in a recording. */
    public static final String NAME = "dev.mmsb.MemoryOperation";

    /** An event not yet begun; see {@link Diagnostics}. */
    public MemoryOperationEvent() {
    }

    /** The operation, e.g. {@code "commit"} or {@code "protect(READ_ONLY)"}. */
    @Label("Operation")
    public String operation;

    /** The backend's name. */
    @Label("Backend")
    public String backend;

    /** The reservation's id. */
    @Label("Reservation Id")
    public long reservationId;

    /** Index of the range's first page in its reservation. */
    @Label("Page")
    @Description("Index of the range's first page in its reservation (offset / page size)")
    public long page;

    /** Start address of the range. */
    @Label("Address")
    @MemoryAddress
    @Description("Start address of the range")
    public long address;

    /** Start of the range in the reservation. */
    @Label("Offset")
    public long offset;

    /** Bytes in the range. */
    @Label("Length")
    @DataAmount
    public long length;

    /** {@value Diagnostics#OK}, or the exception that ended the operation. */
    @Label("Outcome")
    @Description("\"ok\", or the exception that ended the operation")
    public String outcome;
}
