package dev.mmsb.testing;

import dev.mmsb.internal.diag.Diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects the {@code dev.mmsb} logger's records at every level instead of printing them ({@link #mmsb()}), or hands
 * each to a listener as it comes, printing as before ({@link #mmsb(Consumer)}: for tests that count millions of
 * records and keep none). Assumes the JDK's default System.Logger backend (java.util.logging), where DEBUG is FINE.
 */
public final class CapturedLogs implements AutoCloseable {
    /** Held strongly: java.util.logging keeps loggers weakly, and the level must stick. */
    private static final Logger LOGGER = Logger.getLogger(Diagnostics.LOGGER_NAME);

    private final List<LogRecord> records = new ArrayList<>();
    private final Level levelBefore = LOGGER.getLevel();
    private final boolean parentsBefore = LOGGER.getUseParentHandlers();
    private final Consumer<LogRecord> listener;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            listener.accept(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLogs(Consumer<LogRecord> listener) {
        boolean collect = listener == null;
        this.listener = collect ? this::collect : listener;
        handler.setLevel(Level.ALL);
        LOGGER.setLevel(Level.ALL);
        LOGGER.setUseParentHandlers(parentsBefore && !collect);
        LOGGER.addHandler(handler);
    }

    /** Collects every record, for {@link #messages}, and prints none. */
    public static CapturedLogs mmsb() {
        return new CapturedLogs(null);
    }

    /** Hands every record to {@code listener}, on the thread that logged it; keeps none. */
    public static CapturedLogs mmsb(Consumer<LogRecord> listener) {
        return new CapturedLogs(Objects.requireNonNull(listener, "listener"));
    }

    private void collect(LogRecord record) {
        synchronized (records) {
            records.add(record);
        }
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
