package dev.mmsb.internal.diag;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A commit that MMSB refused because it would have passed the commit budget. */
@Name(BudgetRefusalEvent.NAME)
@Label("MMSB Budget Refusal")
@Category("MMSB")
@Description("A commit refused because it would have passed the process's commit budget (-Dmmsb.budget)")
public final class BudgetRefusalEvent extends Event {
    public static final String NAME = "dev.mmsb.BudgetRefusal";

    @Label("Operation")
    public String operation;

    @Label("Backend")
    public String backend;

    @Label("Budget")
    @DataAmount
    public long budget;

    @Label("Committed")
    @Description("Bytes committed through MMSB when it refused")
    @DataAmount
    public long committed;

    @Label("Requested")
    @DataAmount
    public long requested;

    @Label("Largest Holders")
    public String holders;
}
