package dev.mmsb.internal.diag;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One operation of a {@code PageAllocator} on a page by id: allocate, read, write, commit, decommit, protect, free. */
@Name(PageOperationEvent.NAME)
@Label("MMSB Page Operation")
@Category("MMSB")
@Description("An allocate, read, write, commit, decommit, protect or free of an allocator page")
@StackTrace(false)
public final class PageOperationEvent extends Event {
    /** The event's name in a recording. */
    public static final String NAME = "dev.mmsb.PageOperation";

    /** An event not yet begun; see {@link Diagnostics}. */
    public PageOperationEvent() {
    }

    /** The operation, e.g. {@code "allocate"} or {@code "write"}. */
    @Label("Operation")
    public String operation;

    /** The backend's name. */
    @Label("Backend")
    public String backend;

    /** The page's id. */
    @Label("Page Id")
    public long pageId;

    /** Start address of the page. */
    @Label("Address")
    @MemoryAddress
    public long address;

    /** Offset of the access in the page. */
    @Label("Offset")
    @Description("Offset inside the page")
    public long offset;

    /** Bytes accessed. */
    @Label("Length")
    @DataAmount
    public long length;

    /** The page's state after the operation. */
    @Label("Page State")
    @Description("The page's state after the operation")
    public String state;

    /** {@value Diagnostics#OK}, or the exception that ended the operation. */
    @Label("Outcome")
    @Description("\"ok\", or the exception that ended the operation")
    public String outcome;
}
