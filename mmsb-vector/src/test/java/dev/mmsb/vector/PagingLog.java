package dev.mmsb.vector;

import dev.mmsb.memory.spi.AbstractReservation;
import dev.mmsb.testing.CapturedLogs;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.LogRecord;

/**
 * Counts the commits and decommits of one vector's reservation as the api's diagnostics report them: the DEBUG record
 * on logger {@code dev.mmsb} (java.util.logging behind System.Logger) that accompanies every JFR event. Costs nothing
 * on the vector's hot paths, unlike a Mockito spy on the reservation, which intercepts every access.
 */
final class PagingLog implements AutoCloseable {
    private final long reservationId;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong decommits = new AtomicLong();
    /** Populates and huge-page advice: reported like commits, but neither commits nor decommits anything. */
    private final AtomicLong advice = new AtomicLong();
    private final CapturedLogs logs;

    PagingLog(AbstractMappedVector vector) {
        this.reservationId = ((AbstractReservation) vector.memory()).id();
        this.logs = CapturedLogs.mmsb(this::count);
    }

    private void count(LogRecord record) {
        Object[] params = record.getParameters();
        if (params == null || params.length < 3 || !String.valueOf(reservationId).equals(params[2])) {
            return;
        }
        if ("commit".equals(params[0])) {
            commits.incrementAndGet();
        } else if ("decommit".equals(params[0])) {
            decommits.incrementAndGet();
        } else if ("populate".equals(params[0]) || "adviseHugePages".equals(params[0])) {
            advice.incrementAndGet();
        }
    }

    long commits() {
        return commits.get();
    }

    long decommits() {
        return decommits.get();
    }

    /** Populates and huge-page advice seen; not part of {@link #total()}, which counts paging. */
    long advice() {
        return advice.get();
    }

    long total() {
        return commits.get() + decommits.get();
    }

    void reset() {
        commits.set(0);
        decommits.set(0);
        advice.set(0);
    }

    @Override
    public void close() {
        logs.close();
    }

    @Override
    public String toString() {
        return "commits=" + commits + " decommits=" + decommits;
    }
}
