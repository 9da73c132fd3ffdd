package dev.mmsb.it;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MMSB events of a JFR recording, read on the host: {@code dev.mmsb.PageOperation} counted per page id and
 * operation, and {@code dev.mmsb.MemoryOperation} counted per reservation address and operation (a page's reservation
 * starts at the page's address).
 */
final class JfrPageEvents {
    static final String PAGE_EVENT = "dev.mmsb.PageOperation";
    static final String MEMORY_EVENT = "dev.mmsb.MemoryOperation";

    /** page id → operation → events. */
    final Map<Long, Map<String, Integer>> pageOps = new TreeMap<>();
    /** address → operation → events. */
    final Map<Long, Map<String, Integer>> memoryOps = new TreeMap<>();
    /** page id → the address its allocate event reported. */
    final Map<Long, Long> pageAddress = new TreeMap<>();
    /** Events whose outcome is not "ok", or whose backend is not the expected one. */
    final List<String> anomalies = new ArrayList<>();
    int pageEvents;
    int memoryEvents;

    static JfrPageEvents read(Path recording, String backend) {
        JfrPageEvents events = new JfrPageEvents();
        try {
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                String type = event.getEventType().getName();
                boolean page = type.equals(PAGE_EVENT);
                if (!page && !type.equals(MEMORY_EVENT)) {
                    continue;
                }
                String operation = event.getString("operation");
                if (!"ok".equals(event.getString("outcome")) || !backend.equals(event.getString("backend"))) {
                    events.anomalies.add(event.toString());
                }
                if (page) {
                    events.pageEvents++;
                    long id = event.getLong("pageId");
                    events.pageOps.computeIfAbsent(id, k -> new TreeMap<>()).merge(operation, 1, Integer::sum);
                    if (operation.equals("allocate")) {
                        events.pageAddress.put(id, event.getLong("address"));
                    }
                } else {
                    events.memoryEvents++;
                    events.memoryOps.computeIfAbsent(event.getLong("address"), k -> new TreeMap<>())
                            .merge(operation, 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }
}
