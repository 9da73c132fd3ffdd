package dev.mmsb.internal.diag;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** What MMSB holds, process-wide, every period (1 s unless the recording's settings say otherwise). */
@Name(MemorySummaryEvent.NAME)
@Label("MMSB Memory Summary")
@Category("MMSB")
@Description("Bytes committed and reserved through MMSB, live reservations, kernel mappings, the budget, refusals"
        + " and trims")
@Period("1 s")
@StackTrace(false)
public final class MemorySummaryEvent extends Event {
    public static final String NAME = "dev.mmsb.MemorySummary";

    @Label("Committed")
    @DataAmount
    public long committed;

    @Label("Reserved")
    @DataAmount
    public long reserved;

    @Label("Reservations")
    public long reservations;

    @Label("Kernel Mappings")
    @Description("Kernel memory mappings MMSB's reservations make, by MMSB's count (an upper bound)")
    public long mappings;

    @Label("Budget")
    @Description("The commit budget in bytes, or -1 for none")
    public long budget;

    @Label("Refusals")
    @Description("Commits refused at the budget since the JVM started")
    public long refusals;

    @Label("Trims")
    @Description("Trim requests honoured since the JVM started")
    public long trims;

    @Label("Trimmed")
    @DataAmount
    public long trimmedBytes;
}
