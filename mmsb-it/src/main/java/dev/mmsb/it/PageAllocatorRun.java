package dev.mmsb.it;

import dev.mmsb.internal.diag.MemoryOperationEvent;
import dev.mmsb.internal.diag.PageOperationEvent;
import dev.mmsb.memory.Backend;
import dev.mmsb.page.PageAllocator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

import jdk.jfr.Recording;

/**
 * Scenario 5: allocate {@code pages} pages (default 1 000) of {@code pageKib} KiB (default 256) by id, commit and write
 * each, read each back and check it, decommit the even ids, free all, under a JFR recording of the MMSB events that is
 * written to {@code jfr} (a bind-mounted file the test parses). Phases: {@code baseline}, {@code allocate},
 * {@code write}, {@code read}, {@code decommit-half}, {@code free}, {@code recorded}.
 */
final class PageAllocatorRun {
    private PageAllocatorRun() {
    }

    static void run(Backend backend, PhaseLog log, ScenarioArgs args) {
        int pages = (int) args.longValue("pages", 1000);
        int size = (int) (args.longValue("pageKib", 256) << 10);
        Path jfr = Path.of(args.string("jfr", "/out/pages.jfr"));

        try (Recording recording = new Recording()) {
            recording.setName("mmsb-it pages");
            recording.setToDisk(true);
            recording.enable(PageOperationEvent.NAME).withoutThreshold();
            recording.enable(MemoryOperationEvent.NAME).withoutThreshold();
            recording.start();

            byte[] written = new byte[size];
            byte[] read = new byte[size];
            try (PageAllocator allocator = new PageAllocator(backend)) {
                log.phase("baseline", 0, allocator.stats().committedBytes(), "pages", pages, "pageBytes", size);
                for (int id = 0; id < pages; id++) {
                    allocator.allocate(id, size);
                }
                log.phase("allocate", 0, allocator.stats().committedBytes(), "pages", allocator.stats().pages());

                for (int id = 0; id < pages; id++) {
                    allocator.commit(id);
                    pattern(written, id);
                    allocator.write(id, 0, written, 0, size);
                }
                log.phase("write", 0, allocator.stats().committedBytes());

                for (int id = 0; id < pages; id++) {
                    allocator.read(id, 0, read, 0, size);
                    pattern(written, id);
                    Driver.check(Arrays.equals(read, written), "page " + id + " does not read back what was written");
                }
                log.phase("read", 0, allocator.stats().committedBytes());

                for (int id = 0; id < pages; id += 2) {
                    allocator.decommit(id);
                }
                log.phase("decommit-half", 0, allocator.stats().committedBytes());

                for (int id = 0; id < pages; id++) {
                    allocator.free(id);
                }
                log.phase("free", 0, allocator.stats().committedBytes(), "pages", allocator.stats().pages());
            }

            recording.stop();
            recording.dump(jfr);
            log.phase("recorded", 0, 0, "jfr", jfr.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Page {@code id}'s content: its id in the first and last bytes, a byte derived from it everywhere else. */
    private static void pattern(byte[] buffer, int id) {
        Arrays.fill(buffer, (byte) (id * 31 + 7));
        buffer[0] = (byte) id;
        buffer[1] = (byte) (id >>> 8);
        buffer[buffer.length - 1] = (byte) id;
        buffer[buffer.length - 2] = (byte) (id >>> 8);
    }
}
