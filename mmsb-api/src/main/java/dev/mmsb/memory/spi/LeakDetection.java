package dev.mmsb.memory.spi;

import dev.mmsb.internal.diag.Diagnostics;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether reservations record where they were made, so that the leak report of one that was never released names
 * its allocation site. Set by the system property {@value #PROPERTY}, read once, modelled on Netty's
 * {@code io.netty.leakDetection.level}:
 * <ul>
 *   <li>{@code disabled} (the default): nothing is recorded and a reservation pays nothing; a leak is still released
 *       and reported, without its site;</li>
 *   <li>{@code simple}: one reservation in {@value #INTERVAL_PROPERTY} (default {@value #DEFAULT_INTERVAL}), drawn at
 *       random, records its site: cheap enough for production, and a leak that repeats is soon caught;</li>
 *   <li>{@code paranoid}: every reservation records its site (a {@link Throwable} with its stack trace, a few
 *       microseconds each): for tests and for hunting a leak.</li>
 * </ul>
 * {@code true} and {@code false} are read as {@code paranoid} and {@code disabled}. An unknown value is reported once
 * at WARNING and leaves detection disabled.
 */
final class LeakDetection {
    static final String PROPERTY = "mmsb.leakDetection";
    static final String INTERVAL_PROPERTY = "mmsb.leakDetection.samplingInterval";
    static final int DEFAULT_INTERVAL = 128;

    enum Mode { DISABLED, SIMPLE, PARANOID }

    static final Mode MODE;
    private static final int INTERVAL;

    static {
        String value = System.getProperty(PROPERTY);
        Mode mode = parse(value);
        if (mode == null) {
            Diagnostics.logger().log(Level.WARNING, "-D{0}={1} is not one of disabled, simple, paranoid; leak"
                    + " detection stays disabled", PROPERTY, value);
            mode = Mode.DISABLED;
        }
        MODE = mode;
        int interval = Integer.getInteger(INTERVAL_PROPERTY, DEFAULT_INTERVAL);
        if (interval < 1) {
            Diagnostics.logger().log(Level.WARNING, "-D{0}={1} is not positive; using {2}", INTERVAL_PROPERTY,
                    String.valueOf(interval), String.valueOf(DEFAULT_INTERVAL));
            interval = DEFAULT_INTERVAL;
        }
        INTERVAL = interval;
    }

    private LeakDetection() {
    }

    /** The mode {@code value} names, ignoring case; {@link Mode#DISABLED} for null; null when it names none. */
    static Mode parse(String value) {
        if (value == null) {
            return Mode.DISABLED;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "disabled":
            case "false":
                return Mode.DISABLED;
            case "simple":
                return Mode.SIMPLE;
            case "paranoid":
            case "true":
                return Mode.PARANOID;
            default:
                return null;
        }
    }

    /** Where reservation {@code id} is being made, or null when the configured mode does not record it. */
    static AllocationSite site(long id) {
        return MODE == Mode.DISABLED ? null : site(MODE, INTERVAL, id);
    }

    /** Where reservation {@code id} is being made, or null when {@code mode} does not record it. */
    static AllocationSite site(Mode mode, int interval, long id) {
        if (mode == Mode.DISABLED
                || (mode == Mode.SIMPLE && ThreadLocalRandom.current().nextInt(interval) != 0)) {
            return null;
        }
        return new AllocationSite(id);
    }

    /** What the leak report says when a reservation recorded no site. */
    static String hint() {
        return MODE == Mode.DISABLED
                ? " To see where leaked reservations are made, run with -D" + PROPERTY + "=paranoid (every"
                        + " reservation) or =simple (one in " + INTERVAL + ")."
                : " Its allocation site was not sampled; -D" + PROPERTY + "=paranoid records every one.";
    }

    /** The stack of the thread that made a reservation; never thrown, only printed with the leak report. */
    static final class AllocationSite extends Throwable {
        private static final long serialVersionUID = 1L;

        AllocationSite(long id) {
            super("reservation #" + id + " was reserved here", null, false, true);
        }
    }
}
