package dev.mmsb.vector;

import dev.mmsb.diag.Diagnostics;
import dev.mmsb.memory.spi.AbstractReservation;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts the commits and decommits of one vector's reservation as the api's diagnostics report them: the DEBUG record
 * on logger {@code dev.mmsb} (java.util.logging behind System.Logger) that accompanies every JFR event. Costs nothing
 * on the vector's hot paths, unlike a Mockito spy on the reservation, which intercepts every access.
 */
final class PagingLog implements AutoCloseable {
    /** Held strongly: java.util.logging keeps loggers weakly, and the level must stick. */
    private static final Logger LOGGER = Logger.getLogger(Diagnostics.LOGGER_NAME);

    private final long reservationId;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong decommits = new AtomicLong();
    private final Level previousLevel;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            Object[] params = record.getParameters();
            if (params == null || params.length < 3 || !String.valueOf(reservationId).equals(params[2])) {
                return;
            }
            if ("commit".equals(params[0])) {
                commits.incrementAndGet();
            } else if ("decommit".equals(params[0])) {
                decommits.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    PagingLog(AbstractMappedVector vector) {
        this.reservationId = ((AbstractReservation) vector.memory()).id();
        this.previousLevel = LOGGER.getLevel();
        handler.setLevel(Level.ALL);
        LOGGER.setLevel(Level.FINE);
        LOGGER.addHandler(handler);
    }

    long commits() {
        return commits.get();
    }

    long decommits() {
        return decommits.get();
    }

    long total() {
        return commits.get() + decommits.get();
    }

    void reset() {
        commits.set(0);
        decommits.set(0);
    }

    @Override
    public void close() {
        LOGGER.removeHandler(handler);
        LOGGER.setLevel(previousLevel);
    }

    @Override
    public String toString() {
        return "commits=" + commits + " decommits=" + decommits;
    }
}
