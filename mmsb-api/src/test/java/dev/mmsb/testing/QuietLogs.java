package dev.mmsb.testing;

import dev.mmsb.internal.diag.Diagnostics;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences the {@code dev.mmsb} logger while a test provokes warnings on purpose (leaks, failed syscalls), so that the
 * test output shows only what is unexpected. Assumes the JDK's default System.Logger backend (java.util.logging).
 */
public final class QuietLogs implements AutoCloseable {
    private final Logger logger = Logger.getLogger(Diagnostics.LOGGER_NAME);
    private final Level before = logger.getLevel();

    private QuietLogs() {
        logger.setLevel(Level.OFF);
    }

    public static QuietLogs mmsb() {
        return new QuietLogs();
    }

    @Override
    public void close() {
        logger.setLevel(before);
    }
}
