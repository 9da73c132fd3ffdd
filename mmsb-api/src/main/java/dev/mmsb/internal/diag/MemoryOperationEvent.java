package dev.mmsb.internal.diag;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One paging operation on a reservation: reserve, commit, decommit, protect or release. */
@Name(MemoryOperationEvent.NAME)
@Label("MMSB Memory Operation")
@Category("MMSB")
@Description("A reserve, commit, decommit, protect or release of a page range")
@StackTrace(false)
public final class MemoryOperationEvent extends Event {
    public static final String NAME = "dev.mmsb.MemoryOperation";

    @Label("Operation")
    public String operation;

    @Label("Backend")
    public String backend;

    @Label("Reservation Id")
    public long reservationId;

    @Label("Page")
    @Description("Index of the range's first page in its reservation (offset / page size)")
    public long page;

    @Label("Address")
    @Description("Start address of the range")
    public long address;

    @Label("Offset")
    public long offset;

    @Label("Length")
    @DataAmount
    public long length;

    @Label("Outcome")
    @Description("\"ok\", or the exception that ended the operation")
    public String outcome;
}
