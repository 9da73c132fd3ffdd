package dev.mmsb.internal.diag;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** Bytes committed through one backend, every period, beside {@link MemorySummaryEvent}. */
@Name(BackendCommittedEvent.NAME)
@Label("MMSB Backend Committed")
@Category("MMSB")
@Period("1 s")
@StackTrace(false)
public final class BackendCommittedEvent extends Event {
    public static final String NAME = "dev.mmsb.BackendCommitted";

    @Label("Backend")
    public String backend;

    @Label("Committed")
    @DataAmount
    public long committed;
}
