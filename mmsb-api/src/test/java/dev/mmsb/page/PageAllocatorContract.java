package dev.mmsb.page;

import dev.mmsb.internal.diag.PageOperationEvent;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Reservation;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

/** Page state machine and allocator, on a real backend: extend once per backend. */
public abstract class PageAllocatorContract {
    protected abstract Backend backend();

    private Backend backend;
    private long pageSize;
    private PageAllocator allocator;

    @BeforeEach
    void setUp() {
        backend = backend();
        pageSize = backend.pageSize();
        allocator = new PageAllocator(backend);
    }

    @AfterEach
    void tearDown() {
        allocator.close();
    }

    @Test
    void pagesGoThroughTheirLife() {
        Page page = allocator.allocate(7, 10_000);
        assertEquals(PageState.RESERVED, page.state());
        assertEquals(3 * pageSize, page.size());
        assertEquals(new PageStats(1, 3 * pageSize, 0), allocator.stats());

        allocator.commit(7);
        allocator.write(7, 100, new byte[]{1, 2, 3}, 0, 3);
        byte[] back = new byte[3];
        allocator.read(7, 100, back, 0, 3);
        assertArrayEquals(new byte[]{1, 2, 3}, back);
        assertEquals(3 * pageSize, allocator.stats().committedBytes());

        allocator.protect(7);
        assertEquals(PageState.PROTECTED, page.state());
        allocator.read(7, 100, back, 0, 3);
        IllegalPageStateException refused = assertThrows(IllegalPageStateException.class,
                () -> allocator.write(7, 0, new byte[1], 0, 1));
        assertEquals(7, refused.pageId());
        assertEquals(PageState.PROTECTED, refused.state());
        assertTrue(refused.getMessage().contains("page 7") && refused.getMessage().contains("PROTECTED"),
                refused.getMessage());
        allocator.unprotect(7);

        allocator.decommit(7);
        assertEquals(PageState.DECOMMITTED, page.state());
        assertEquals(0, allocator.stats().committedBytes());
        assertThrows(IllegalPageStateException.class, () -> allocator.read(7, 0, new byte[1], 0, 1));
        allocator.commit(7);
        ByteBuffer zeros = ByteBuffer.allocate(3);
        allocator.read(7, 100, zeros);
        assertArrayEquals(new byte[3], zeros.array(), "a recommitted page reads as zeros");

        allocator.free(7);
        assertEquals(PageState.RELEASED, page.state());
        assertFalse(allocator.lookup(7).isPresent());
        assertEquals(new PageStats(0, 0, 0), allocator.stats());
        assertThrows(NoSuchPageException.class, () -> allocator.read(7, 0, new byte[1], 0, 1));
        assertThrows(IllegalPageStateException.class, page::commit);
    }

    @Test
    void illegalTransitionsAreRefusedAndChangeNothing() {
        Page page = allocator.allocate(1, pageSize);
        assertThrows(IllegalPageStateException.class, page::decommit);
        assertThrows(IllegalPageStateException.class, page::protect);
        assertThrows(IllegalPageStateException.class, () -> page.write(0, new byte[1], 0, 1));
        assertEquals(PageState.RESERVED, page.state());
        page.commit();
        IllegalPageStateException twice = assertThrows(IllegalPageStateException.class, page::commit);
        assertEquals(PageState.COMMITTED, twice.state());
        assertThrows(IllegalPageStateException.class, page::unprotect);
        assertThrows(IndexOutOfBoundsException.class, () -> page.write(pageSize - 1, new byte[2], 0, 2));
        assertEquals(PageState.COMMITTED, page.state());
    }

    /** close() freed every page but left the allocator working: allocate succeeded afterwards (issue 12). */
    @Test
    void closedAllocatorRefusesToAllocate() {
        PageAllocator closing = new PageAllocator(backend);
        closing.allocate(1, pageSize);
        closing.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> closing.allocate(2, pageSize));
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
        assertTrue(closing.isClosed());
        assertFalse(allocator.isClosed());
        assertEquals(0, closing.stats().pages());
        assertTrue(closing.lookup(1).isEmpty());
        closing.close(); // idempotent
    }

    @Test
    void idsAreUniqueAndLookedUp() {
        allocator.allocate(1, pageSize);
        DuplicatePageIdException duplicate = assertThrows(DuplicatePageIdException.class,
                () -> allocator.allocate(1, pageSize));
        assertEquals(1, duplicate.pageId());
        assertEquals(1, allocator.stats().pages());
        NoSuchPageException missing = assertThrows(NoSuchPageException.class, () -> allocator.commit(2));
        assertEquals(2, missing.pageId());
        assertThrows(IllegalArgumentException.class, () -> allocator.allocate(3, 0));
        allocator.free(1);
        allocator.allocate(1, pageSize); // a freed id can be used again
        assertEquals(1, allocator.lookup(1).orElseThrow().id());
    }

    @Test
    void concurrentFreesOfOneIdReleaseItOnceAndRefuseTheRest() throws Exception {
        // free forgets the id only after the release; the frees that lose the race must still be told the id is gone.
        int threads = 4;
        for (int round = 0; round < 50; round++) {
            Page page = allocator.allocate(11, pageSize);
            page.commit();
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger freed = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                        allocator.free(11);
                        freed.incrementAndGet();
                    } catch (NoSuchPageException e) {
                        refused.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                worker.start();
                workers.add(worker);
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            assertEquals(1, freed.get(), "round " + round + ": frees that returned");
            assertEquals(threads - 1, refused.get(), "round " + round + ": frees refused");
            assertEquals(PageState.RELEASED, page.state());
            assertFalse(allocator.lookup(11).isPresent());
        }
    }

    @Test
    void decommitAsksTheReservationForExactlyThePageAlignedRange() {
        List<Reservation> reservations = new ArrayList<>();
        Backend observed = spy(backend);
        doAnswer(call -> {
            Reservation spied = spy((Reservation) call.callRealMethod());
            reservations.add(spied);
            return spied;
        }).when(observed).reserve(anyLong());
        try (PageAllocator pages = new PageAllocator(observed)) {
            pages.allocate(42, 3 * pageSize + 1);
            verify(observed).reserve(3 * pageSize + 1);
            Reservation memory = reservations.get(0);
            assertThrows(IllegalPageStateException.class, () -> pages.decommit(42));
            verify(memory, never()).decommit(anyLong(), anyLong());
            pages.commit(42);
            verify(memory).commit(0, 4 * pageSize);
            pages.decommit(42);
            verify(memory).decommit(0, 4 * pageSize);
            pages.free(42);
            verify(memory).release();
        }
    }

    @Test
    void everyPageOperationIsAJfrEventWithItsId(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pages.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(PageOperationEvent.NAME);
            recording.start();
            allocator.allocate(5, pageSize);
            allocator.commit(5);
            allocator.write(5, 0, new byte[8], 0, 8);
            allocator.read(5, 0, new byte[8], 0, 8);
            assertThrows(IllegalPageStateException.class, () -> allocator.commit(5));
            allocator.decommit(5);
            allocator.free(5);
            assertThrows(NoSuchPageException.class, () -> allocator.read(5, 0, new byte[8], 0, 8));
            assertThrows(NoSuchPageException.class, () -> allocator.free(5));
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(PageOperationEvent.NAME))
                .filter(e -> e.getLong("pageId") == 5)
                .collect(Collectors.toList());
        assertEquals(List.of("allocate", "commit", "write", "read", "commit", "decommit", "free", "read", "free"),
                events.stream().map(e -> e.getString("operation")).collect(Collectors.toList()));
        RecordedEvent write = events.get(2);
        assertEquals(backend.name(), write.getString("backend"));
        assertEquals(8, write.getLong("length"));
        assertEquals("COMMITTED", write.getString("state"));
        assertEquals("ok", write.getString("outcome"));
        assertTrue(write.getLong("address") != 0);
        RecordedEvent refused = events.get(4);
        assertTrue(refused.getString("outcome").contains("IllegalPageStateException"), refused.getString("outcome"));
        assertEquals("RELEASED", events.get(6).getString("state"));
        for (RecordedEvent unknown : events.subList(7, 9)) {
            assertTrue(unknown.getString("outcome").contains("NoSuchPageException"), unknown.getString("outcome"));
        }
    }
}
