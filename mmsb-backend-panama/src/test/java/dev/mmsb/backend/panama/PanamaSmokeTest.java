package dev.mmsb.backend.panama;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.PageAccessException;
import dev.mmsb.memory.Protection;
import dev.mmsb.memory.Reservation;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PanamaSmokeTest {
    private static final long MIB = 1 << 20;
    private final Backend backend = new PanamaBackendProvider().create();

    @Test
    void backendsFindsThisBackendByName() {
        Backend loaded = Backends.load("panama");
        assertInstanceOf(PanamaBackend.class, loaded);
        assertEquals("panama", loaded.name());
        assertEquals(LinuxSyscalls.pageSize(), loaded.pageSize());
        assertEquals("panama", Backends.defaultName());
    }

    @Test
    void runsOnlyOnTheArchitecturesItsSyscallConstantsAreFor() {
        assertNull(PanamaBackendProvider.unsupportedPlatform("Linux", "amd64"));
        assertNull(PanamaBackendProvider.unsupportedPlatform("Linux", "aarch64"));
        for (String arch : new String[]{"riscv64", "ppc64le", "s390x", "x86"}) {
            String reason = PanamaBackendProvider.unsupportedPlatform("Linux", arch);
            assertTrue(reason != null && reason.contains("not Linux " + arch), arch + ": " + reason);
        }
        String mac = PanamaBackendProvider.unsupportedPlatform("Mac OS X", "aarch64");
        assertTrue(mac != null && mac.contains("not Mac OS X aarch64"), mac);
    }

    @Test
    void reserveCommitWriteReadDecommitRelease() {
        Reservation r = backend.reserve(MIB);
        long page = r.pageSize();
        r.commit(0, MIB);
        r.putInt(4, 123_456);
        r.putLong(page - 4, Long.MIN_VALUE + 7);
        r.put(100, new byte[]{1, 2, 3}, 0, 3);
        assertEquals(123_456, r.getInt(4));
        assertEquals(Long.MIN_VALUE + 7, r.getLong(page - 4));
        byte[] back = new byte[3];
        r.get(100, back, 0, 3);
        assertArrayEquals(new byte[]{1, 2, 3}, back);

        r.decommit(0, page);
        assertThrows(PageAccessException.class, () -> r.getInt(4));
        assertEquals(MIB - page, r.committedBytes());
        r.commit(0, page);
        assertEquals(0, r.getInt(4));
        assertEquals(0, r.getLong(page - 8), "the decommitted page's part of the long was cleared");

        r.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.getInt(4));
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void releaseAfterRevokesClosesTheCurrentArena() {
        Reservation r = backend.reserve(4 * backend.pageSize());
        long page = r.pageSize();
        r.commit(0, 4 * page);
        r.decommit(page, page);
        r.protect(0, page, Protection.READ_ONLY);
        r.putInt(2 * page, 9); // through the segment of the latest arena
        r.release(); // would fail to close an arena twice, or leave the latest one open, if it held a stale one
        assertThrows(IllegalStateException.class, () -> r.getInt(2 * page));
    }

    @Test
    void accessAfterAReleaseOnAnotherThreadThrows() throws InterruptedException {
        Reservation r = backend.reserve(MIB);
        r.commit(0, MIB);
        r.putLong(8, 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread releaser = new Thread(r::release);
        releaser.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        releaser.start();
        releaser.join();
        assertNull(failure.get());
        assertThrows(IllegalStateException.class, () -> r.getLong(8));
        assertThrows(IllegalStateException.class, () -> r.fill(0, 64, (byte) 1));
        assertThrows(IllegalStateException.class, () -> r.put(0, new long[2], 0, 2));
    }
}
