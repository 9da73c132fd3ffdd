package dev.mmsb.testing;

import dev.mmsb.internal.diag.Diagnostics;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.Reservation;
import dev.mmsb.memory.spi.AbstractReservation;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A child JVM (see {@link ChildJvm}) that forgets one reservation in {@link #forgetOne}, waits for the Cleaner's leak
 * report on logger {@code dev.mmsb} (java.util.logging, the JDK's System.Logger backend) and prints it to stdout: the
 * message, then the stack trace of the record's throwable, if any. Argument: the backend name. Prints
 * {@code FORGOT <id>}, {@code REPORT <message>}, the stack trace or {@code THROWN none}, and {@code RECLAIMED <n>}.
 */
public final class LeakChild {
    /** Held strongly: java.util.logging keeps loggers weakly, and the handler must stay. */
    private static final Logger LOGGER = Logger.getLogger(Diagnostics.LOGGER_NAME);

    private LeakChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        BlockingQueue<LogRecord> leaks = new LinkedBlockingQueue<>();
        LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage().startsWith("Leak:")) {
                    leaks.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        Backend backend = Backends.load(args[0]);
        System.out.println("FORGOT " + forgetOne(backend));
        long deadline = System.nanoTime() + 30_000_000_000L;
        LogRecord leak = null;
        while (leak == null && System.nanoTime() < deadline) {
            System.gc();
            leak = leaks.poll(20, TimeUnit.MILLISECONDS);
        }
        if (leak != null) {
            System.out.println("REPORT " + leak.getMessage());
            if (leak.getThrown() != null) {
                leak.getThrown().printStackTrace(System.out);
            } else {
                System.out.println("THROWN none");
            }
        }
        System.out.println("RECLAIMED " + AbstractReservation.reclaimedLeaks());
    }

    /** The allocation site the report must name; returns the forgotten reservation's id. */
    static long forgetOne(Backend backend) {
        Reservation r = backend.reserve(2 * backend.pageSize());
        r.commit(0, backend.pageSize());
        r.putInt(0, 42);
        return ((AbstractReservation) r).id();
    }
}
