package dev.mmsb.backend.panama;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Reservation;
import dev.mmsb.page.Page;
import dev.mmsb.page.PageAllocator;
import dev.mmsb.page.PageState;
import dev.mmsb.testing.ProcSelf;
import dev.mmsb.testing.QuietLogs;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

/**
 * Releases that really fail. munmap of a live mapping cannot be made to fail, but the release's arena close can: the
 * test closes the mapping's arena first (by reflection, as nothing public can), so the release's own close throws
 * "Already closed", as it would for any failure of the close.
 */
class PanamaFailedReleaseTest {
    private final Backend backend = new PanamaBackendProvider().create();
    private final long page = backend.pageSize();

    @Test
    void aReleaseWhoseArenaCloseFailsStillUnmaps() throws Exception {
        Reservation r = backend.reserve(2 * page);
        r.commit(0, page);
        long address = ((PanamaReservation) r).address();
        breakArena(r);
        try (QuietLogs quiet = QuietLogs.mmsb()) {
            assertThrows(IllegalStateException.class, r::release);
        }
        assertTrue(r.isReleased());
        assertFalse(ProcSelf.isMapped(address), "the range must be unmapped though the arena's close failed");
        assertThrows(IllegalStateException.class, () -> r.getLong(0));
    }

    @Test
    void aPageWhoseReleaseFailedStaysFindableUntilFreedAgain() throws Exception {
        List<Reservation> reserved = new ArrayList<>();
        try (PageAllocator pages = new PageAllocator(recording(reserved))) {
            Page broken = pages.allocate(9, page);
            pages.commit(9);
            breakArena(reserved.get(0));
            try (QuietLogs quiet = QuietLogs.mmsb()) {
                assertThrows(IllegalStateException.class, () -> pages.free(9));
            }
            assertSame(broken, pages.lookup(9).orElseThrow(), "a page whose free failed must stay findable");
            assertEquals(1, pages.stats().pages());
            assertFalse(ProcSelf.isMapped(broken.address()));
            // Its memory is gone: using the page is refused, not a crash.
            assertThrows(IllegalStateException.class, () -> pages.read(9, 0, new byte[8], 0, 8));

            pages.free(9);
            assertEquals(PageState.RELEASED, broken.state());
            assertFalse(pages.lookup(9).isPresent());
            pages.allocate(9, page); // the id is free again
        }
    }

    @Test
    void closeFreesTheOtherPagesWhenOneReleaseFails() throws Exception {
        List<Reservation> reserved = new ArrayList<>();
        PageAllocator pages = new PageAllocator(recording(reserved));
        List<Page> all = new ArrayList<>();
        for (long id = 0; id < 4; id++) {
            all.add(pages.allocate(id, page));
            pages.commit(id);
        }
        breakArena(reserved.get(1));
        try (QuietLogs quiet = QuietLogs.mmsb()) {
            assertThrows(IllegalStateException.class, pages::close);
        }
        for (int i = 0; i < all.size(); i++) {
            Page p = all.get(i);
            assertFalse(ProcSelf.isMapped(p.address()), "page " + i + " must be unmapped");
            assertEquals(i == 1 ? PageState.COMMITTED : PageState.RELEASED, p.state(), "page " + i);
        }
        assertSame(all.get(1), pages.lookup(1).orElseThrow());
        assertEquals(1, pages.stats().pages());
        pages.close();
        assertEquals(0, pages.stats().pages());
    }

    /**
     * Makes the reservation's release close its arena (a release by the only thread that ever accessed it skips the
     * close), and closes that arena now, so that the release's close fails.
     */
    private static void breakArena(Reservation r) throws Exception {
        Thread other = new Thread(() -> r.getLong(0));
        other.start();
        other.join();
        Field mapping = PanamaReservation.class.getDeclaredField("mapping");
        mapping.setAccessible(true);
        Field arena = Mapping.class.getDeclaredField("arena");
        arena.setAccessible(true);
        ((Arena) arena.get(mapping.get(r))).close();
    }

    /** The backend, observed: every reservation the allocator makes is added to {@code reserved}. */
    private Backend recording(List<Reservation> reserved) {
        Backend observed = spy(backend);
        doAnswer(call -> {
            Reservation r = (Reservation) call.callRealMethod();
            reserved.add(r);
            return r;
        }).when(observed).reserve(anyLong());
        return observed;
    }
}
