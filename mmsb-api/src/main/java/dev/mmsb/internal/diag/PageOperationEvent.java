package dev.mmsb.internal.diag;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One operation of a {@code PageAllocator} on a page by id: allocate, read, write, commit, decommit, protect, free. */
@Name(PageOperationEvent.NAME)
@Label("MMSB Page Operation")
@Category("MMSB")
@Description("An allocate, read, write, commit, decommit, protect or free of an allocator page")
@StackTrace(false)
public final class PageOperationEvent extends Event {
    public static final String NAME = "dev.mmsb.PageOperation";

    @Label("Operation")
    public String operation;

    @Label("Backend")
    public String backend;

    @Label("Page Id")
    public long pageId;

    @Label("Address")
    public long address;

    @Label("Offset")
    @Description("Offset inside the page")
    public long offset;

    @Label("Length")
    @DataAmount
    public long length;

    @Label("Page State")
    @Description("The page's state after the operation")
    public String state;

    @Label("Outcome")
    @Description("\"ok\", or the exception that ended the operation")
    public String outcome;
}
