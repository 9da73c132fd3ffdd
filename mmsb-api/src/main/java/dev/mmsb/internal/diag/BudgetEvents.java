package dev.mmsb.internal.diag;

import jdk.jfr.FlightRecorder;

import java.lang.System.Logger.Level;

/**
 * Records what {@link dev.mmsb.memory.limits.MemoryBudget} does: refusals and trims as JFR events (and a log record on
 * {@value Diagnostics#LOGGER_NAME}: a refusal at INFO, since the caller gets an exception it is meant to handle, a
 * trim at DEBUG), and the periodic summary events. Refusals come in bursts (a producer offering into a queue at the
 * budget is refused on every offer), so only the first in {@value #REFUSAL_LOG_SECONDS} seconds is INFO, the rest
 * DEBUG; the JFR event records every one.
 */
public final class BudgetEvents {
    static final long REFUSAL_LOG_SECONDS = 10;
    private static final java.util.concurrent.atomic.AtomicLong LAST_INFO = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - REFUSAL_LOG_SECONDS * 1_000_000_000L);

    private BudgetEvents() {
    }

    /**
     * Emits {@link MemorySummaryEvent} every period through {@code summary}, and {@link BackendCommittedEvent}s
     * through {@code backends}.
     */
    public static void registerPeriodic(Runnable summary, Runnable backends) {
        try {
            FlightRecorder.addPeriodicEvent(MemorySummaryEvent.class, summary);
            FlightRecorder.addPeriodicEvent(BackendCommittedEvent.class, backends);
        } catch (RuntimeException | LinkageError e) {
            // A JVM without JFR (or a security manager that forbids it) runs without the summaries.
            Diagnostics.logger().log(Level.DEBUG, "MMSB memory summaries are off: " + e);
        }
    }

    public static void summary(long committed, long reserved, long reservations, long mappings, long budget,
                               long refusals, long trims, long trimmedBytes) {
        MemorySummaryEvent event = new MemorySummaryEvent();
        if (event.shouldCommit()) {
            event.committed = committed;
            event.reserved = reserved;
            event.reservations = reservations;
            event.mappings = mappings;
            event.budget = budget;
            event.refusals = refusals;
            event.trims = trims;
            event.trimmedBytes = trimmedBytes;
            event.commit();
        }
    }

    public static void backendCommitted(String backend, long committed) {
        BackendCommittedEvent event = new BackendCommittedEvent();
        if (event.shouldCommit()) {
            event.backend = backend;
            event.committed = committed;
            event.commit();
        }
    }

    public static void refusal(String operation, String backend, long budget, long committed, long requested,
                               String holders) {
        BudgetRefusalEvent event = new BudgetRefusalEvent();
        if (event.shouldCommit()) {
            event.operation = operation;
            event.backend = backend;
            event.budget = budget;
            event.committed = committed;
            event.requested = requested;
            event.holders = holders;
            event.commit();
        }
        long now = System.nanoTime();
        long last = LAST_INFO.get();
        Level level = now - last >= REFUSAL_LOG_SECONDS * 1_000_000_000L && LAST_INFO.compareAndSet(last, now)
                ? Level.INFO : Level.DEBUG;
        if (Diagnostics.LOG.isLoggable(level)) {
            Diagnostics.LOG.log(level, "{0} of {1} bytes on {2} refused at the commit budget of {3} bytes ({4}"
                    + " committed); largest holders: {5}", operation, String.valueOf(requested), backend,
                    String.valueOf(budget), String.valueOf(committed), holders);
        }
    }

    public static void trim(String structure, long bytes) {
        BudgetTrimEvent event = new BudgetTrimEvent();
        if (event.shouldCommit()) {
            event.structure = structure;
            event.trimmed = bytes;
            event.commit();
        }
        if (Diagnostics.LOG.isLoggable(Level.DEBUG)) {
            Diagnostics.LOG.log(Level.DEBUG, "{0} trimmed {1} bytes for the commit budget", structure,
                    String.valueOf(bytes));
        }
    }
}
