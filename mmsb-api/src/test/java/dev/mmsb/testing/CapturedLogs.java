package dev.mmsb.testing;

import dev.mmsb.diag.Diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects the {@code dev.mmsb} logger's records at every level, formatted as a handler would format them, instead
 * of printing them. Assumes the JDK's default System.Logger backend (java.util.logging), where DEBUG is FINE.
 */
public final class CapturedLogs implements AutoCloseable {
    /** Held strongly: java.util.logging keeps loggers weakly, and the level must stick. */
    private static final Logger LOGGER = Logger.getLogger(Diagnostics.LOGGER_NAME);

    private final List<LogRecord> records = new ArrayList<>();
    private final Level levelBefore = LOGGER.getLevel();
    private final boolean parentsBefore = LOGGER.getUseParentHandlers();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLogs() {
        handler.setLevel(Level.ALL);
        LOGGER.setLevel(Level.ALL);
        LOGGER.setUseParentHandlers(false);
        LOGGER.addHandler(handler);
    }

    public static CapturedLogs mmsb() {
        return new CapturedLogs();
    }

    /** The messages logged at {@code level} so far, formatted with their parameters. */
    public List<String> messages(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        List<String> messages = new ArrayList<>();
        synchronized (records) {
            for (LogRecord record : records) {
                if (record.getLevel().equals(level)) {
                    messages.add(formatter.formatMessage(record));
                }
            }
        }
        return messages;
    }

    @Override
    public void close() {
        LOGGER.removeHandler(handler);
        LOGGER.setUseParentHandlers(parentsBefore);
        LOGGER.setLevel(levelBefore);
    }
}
