package dev.mmsb.internal.diag;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A structure honoured a trim request that a budget refusal made, on its owner's thread. */
@Name(BudgetTrimEvent.NAME)
@Label("MMSB Budget Trim")
@Category("MMSB")
@Description("A structure gave back committed memory it did not use, asked to by a refused commit")
@StackTrace(false)
public final class BudgetTrimEvent extends Event {
    public static final String NAME = "dev.mmsb.BudgetTrim";

    @Label("Structure")
    public String structure;

    @Label("Trimmed")
    @DataAmount
    public long trimmed;
}
