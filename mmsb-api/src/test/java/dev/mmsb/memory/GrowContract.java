package dev.mmsb.memory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Reservation#grow}: in place or moved, every page keeps its state and contents and the new pages are
 * uncommitted. Extend it once per backend.
 */
public abstract class GrowContract {
    protected abstract Backend backend();

    private Backend backend;
    private long page;
    private final List<Reservation> open = new ArrayList<>();

    @BeforeEach
    void setUp() {
        backend = backend();
        page = backend.pageSize();
    }

    @AfterEach
    void releaseAll() {
        open.forEach(Reservation::release);
    }

    private Reservation reserve(long bytes) {
        Reservation r = backend.reserve(bytes);
        open.add(r);
        return r;
    }

    @Test
    void growKeepsEveryPageStateAndContents() {
        Reservation r = reserve(6 * page);
        r.commit(0, 3 * page);
        r.putLong(0, 0x1234_5678_9abc_def0L);
        r.putInt(page + 8, 42);
        r.putLong(2 * page + 16, -7);
        r.protect(page, page, Protection.READ_ONLY);
        r.protect(2 * page, page, Protection.NONE);
        r.commit(4 * page, page);
        r.putInt(4 * page, 99);
        MemoryView view = r.view(0, page);
        long committed = r.committedBytes();

        boolean moved = r.grow(64 * page);

        assertEquals(64 * page, r.size());
        assertEquals(committed, r.committedBytes());
        assertEquals(0x1234_5678_9abc_def0L, r.getLong(0));
        assertEquals(42, r.getInt(page + 8));
        assertThrows(PageAccessException.class, () -> r.putInt(page + 8, 1), "READ_ONLY stays read-only");
        assertThrows(PageAccessException.class, () -> r.getLong(2 * page + 16), "NONE stays inaccessible");
        assertThrows(PageAccessException.class, () -> r.getInt(3 * page), "uncommitted stays uncommitted");
        assertEquals(99, r.getInt(4 * page));
        assertThrows(PageAccessException.class, () -> r.getInt(40 * page), "new pages are not committed");
        r.protect(2 * page, page, Protection.READ_WRITE);
        assertEquals(-7, r.getLong(2 * page + 16));
        r.commit(63 * page, page);
        assertEquals(0, r.getLong(64 * page - 8));
        r.putLong(64 * page - 8, 5);
        assertEquals(5, r.getLong(64 * page - 8));
        if (moved) {
            assertTrue(view.isRevoked(), "a move revokes views");
            assertThrows(IllegalStateException.class, () -> view.getLong(0));
        } else {
            assertEquals(0x1234_5678_9abc_def0L, view.getLong(0));
        }
        assertEquals(0x1234_5678_9abc_def0L, r.view(0, page).getLong(0));
    }

    @Test
    void growsPast64GiBWithEarlierContentsIntact() {
        Reservation r = reserve(1L << 30);
        r.commit(0, 2 * page);
        for (int i = 0; i < 2 * page; i += 8) {
            r.putLong(i, i * 31L);
        }
        int moves = 0;
        for (long size = 2L << 30; size <= 128L << 30; size *= 2) {
            moves += r.grow(size) ? 1 : 0;
            assertEquals(size, r.size());
        }
        long end = r.size();
        r.commit(end - 3 * page, 3 * page);
        r.putLong(end - 8, -1);
        r.putLong(end - 3 * page, 77);
        assertEquals(-1, r.getLong(end - 8));
        assertEquals(77, r.getLong(end - 3 * page));
        for (int i = 0; i < 2 * page; i += 8) {
            assertEquals(i * 31L, r.getLong(i));
        }
        assertEquals(5 * page, r.committedBytes());
        System.out.println("grew to " + (end >> 30) + " GiB with " + moves + " moves");
    }

    @Test
    void growRefusesBadSizesAndChangesNothing() {
        Reservation r = reserve(4 * page);
        r.commit(0, page);
        r.putInt(0, 3);
        assertThrows(IllegalArgumentException.class, () -> r.grow(2 * page));
        assertThrows(IllegalArgumentException.class, () -> r.grow(8 * page + 1));
        assertFalse(r.grow(4 * page), "the same size is no change");
        assertEquals(4 * page, r.size());
        assertEquals(3, r.getInt(0));
        r.release();
        assertThrows(IllegalStateException.class, () -> r.grow(8 * page));
    }

    @Test
    void manyGrowsOfManyReservationsKeepTheirOwnData() {
        List<Reservation> rs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Reservation r = reserve(2 * page);
            r.commit(0, page);
            r.putInt(0, i);
            rs.add(r);
        }
        for (int round = 1; round <= 4; round++) {
            for (int i = 0; i < rs.size(); i++) {
                Reservation r = rs.get(i);
                r.grow(r.size() * 2);
                r.commit(r.size() - page, page);
                r.putInt(r.size() - page, i * 100 + round);
            }
        }
        for (int i = 0; i < rs.size(); i++) {
            Reservation r = rs.get(i);
            assertEquals(i, r.getInt(0));
            assertEquals(i * 100 + 4, r.getInt(r.size() - page));
            assertEquals(32 * page, r.size());
        }
    }
}
