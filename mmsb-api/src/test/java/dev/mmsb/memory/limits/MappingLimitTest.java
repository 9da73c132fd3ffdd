package dev.mmsb.memory.limits;

import dev.mmsb.memory.MappingLimitException;
import dev.mmsb.memory.NativeMemoryException;
import dev.mmsb.testing.ProcSelf;
import dev.mmsb.testing.QuietLogs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accounting and the refusal, against a fake process whose mappings and clock the test sets; and the parsing of
 * the kernel's files.
 */
class MappingLimitTest {
    private static final long LIMIT = 10_000;
    private static final long HEADROOM = 100;

    /** The fake process: its JVM's own mappings, and those MMSB made (claimed, and then "mapped" by the test). */
    private final AtomicLong jvm = new AtomicLong(300);
    private final AtomicLong mapped = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private MappingLimit limit;

    private MappingLimit limit() {
        return new MappingLimit(LIMIT, HEADROOM, () -> {
            reads.incrementAndGet();
            return jvm.get() + mapped.get();
        }, nanos::get);
    }

    /** Claims {@code n} mappings and, if MMSB allows them, makes them, as a paging operation would. */
    private void make(long n) {
        limit.claim(n, "commit", 0x1000, 4096);
        mapped.addAndGet(n);
    }

    @Test
    void refusesAtTheHeadroomAndCountsNothingThen() {
        limit = limit();
        long allowed = LIMIT - HEADROOM - jvm.get();
        for (long i = 0; i < allowed; i++) {
            make(1);
        }
        assertEquals(allowed, limit.mmsbMappings());
        MappingLimitException refused = assertThrows(MappingLimitException.class,
                () -> limit.claim(1, "commit", 0x1000, 4096));
        assertEquals(allowed, limit.mmsbMappings(), "a refusal counts nothing");
        assertEquals(LIMIT - HEADROOM, refused.processMappings());
        assertEquals(allowed, refused.mmsbMappings());
        assertEquals(LIMIT, refused.maxMapCount());
        assertEquals(HEADROOM, refused.headroom());
        assertEquals(1, refused.requested());
        assertEquals(MappingLimitException.ENOMEM, refused.errno());
        assertEquals("commit", refused.operation());
        String message = refused.getMessage();
        assertTrue(message.contains("vm.max_map_count=" + LIMIT), message);
        assertTrue(message.contains("the process's " + (LIMIT - HEADROOM) + " (" + allowed + " of them made by MMSB"),
                message);
        assertTrue(message.contains("headroom of " + HEADROOM), message);
        assertTrue(message.contains("sysctl -w vm.max_map_count"), message);
        assertTrue(message.contains("-Dmmsb.mapHeadroom"), message);
        assertTrue(message.contains("Nothing was changed"), message);

        limit.adjust(-2); // a release
        mapped.addAndGet(-2);
        make(2); // room again
        assertThrows(MappingLimitException.class, () -> limit.claim(1, "reserve", 0, 4096));
        limit.claim(0, "commit", 0, 4096); // no new mapping: always allowed
        limit.claim(-3, "decommit", 0, 4096);
        assertEquals(allowed - 3, limit.mmsbMappings());
    }

    @Test
    void readsTheProcessOnlyNearTheLimitOrWhenTheReadingIsOld() {
        limit = limit();
        long afterStart = reads.get();
        long far = LIMIT - 2 * HEADROOM - jvm.get();
        for (long i = 0; i < far; i++) {
            make(1);
        }
        assertEquals(afterStart, reads.get(), "far from the limit the process is not read");
        nanos.addAndGet(MappingLimit.REREAD_NANOS);
        make(1);
        assertEquals(afterStart + 1, reads.get(), "a reading a second old is refreshed");
        long before = reads.get();
        for (long i = 0; i < HEADROOM - 1; i++) {
            make(1);
        }
        long nearReads = reads.get() - before;
        assertTrue(nearReads >= 4 && nearReads <= 16, "near the limit, one read per headroom/8 of growth: "
                + nearReads);
    }

    @Test
    void theJvmsOwnGrowthIsSeenAtTheNextReading() {
        limit = limit();
        make(LIMIT / 2);
        jvm.set(LIMIT / 2 - HEADROOM); // the JVM (threads, code) filled the room behind MMSB's back
        long before = reads.get();
        make(1);
        assertEquals(before, reads.get(), "a young reading is trusted");
        nanos.addAndGet(MappingLimit.REREAD_NANOS);
        assertThrows(MappingLimitException.class, () -> limit.claim(1, "reserve", 0, 4096));
        assertEquals(LIMIT / 2 + 1, limit.mmsbMappings());
    }

    @Test
    void belowHalfTheLimitAnOldReadingIsTrusted() {
        limit = limit();
        long before = reads.get();
        nanos.addAndGet(10 * MappingLimit.REREAD_NANOS);
        make(LIMIT / 2 - jvm.get());
        assertEquals(before, reads.get());
        make(1);
        assertEquals(before + 1, reads.get(), "above half the limit, an old reading is read again");
    }

    @Test
    void theHeadroomIsASetting() {
        limit = limit();
        assertEquals(HEADROOM, limit.headroom());
        limit.setHeadroom(0);
        long allowed = LIMIT - jvm.get();
        make(allowed);
        assertThrows(MappingLimitException.class, () -> limit.claim(1, "commit", 0, 4096));
        assertThrows(IllegalArgumentException.class, () -> limit.setHeadroom(-1));
        assertThrows(IllegalArgumentException.class, () -> limit.setHeadroom(LIMIT));
        assertEquals(0, limit.headroom());
    }

    @Test
    void theHeadroomPropertyIsReadAndBadValuesFallBackToTheDefault() {
        String old = System.getProperty(MappingLimit.HEADROOM_PROPERTY);
        try (QuietLogs quiet = QuietLogs.mmsb()) {
            System.setProperty(MappingLimit.HEADROOM_PROPERTY, "2048");
            assertEquals(2048, MappingLimit.headroomFromProperty());
            System.setProperty(MappingLimit.HEADROOM_PROPERTY, "lots");
            assertEquals(MappingLimit.DEFAULT_HEADROOM, MappingLimit.headroomFromProperty());
            System.setProperty(MappingLimit.HEADROOM_PROPERTY, "-5");
            assertEquals(MappingLimit.DEFAULT_HEADROOM, MappingLimit.headroomFromProperty());
            System.clearProperty(MappingLimit.HEADROOM_PROPERTY);
            assertEquals(MappingLimit.DEFAULT_HEADROOM, MappingLimit.headroomFromProperty());
        } finally {
            if (old == null) {
                System.clearProperty(MappingLimit.HEADROOM_PROPERTY);
            } else {
                System.setProperty(MappingLimit.HEADROOM_PROPERTY, old);
            }
        }
    }

    @Test
    void reservedBytesAndReservationsAreCounted() {
        limit = limit();
        limit.reserved(1L << 35);
        limit.reserved(8192);
        assertEquals((1L << 35) + 8192, limit.reservedBytes());
        assertEquals(2, limit.reservations());
        limit.reserved(-8192);
        assertEquals(1L << 35, limit.reservedBytes());
        assertEquals(1, limit.reservations());
    }

    // ---- ENOMEM explained ---------------------------------------------------------------------------------------

    @Test
    void anEnomemFromMmapFarFromTheLimitBlamesTheAddressSpace() {
        limit = limit();
        limit.reserved(1L << 45);
        NativeMemoryException failure = new NativeMemoryException("mmap", 0, 1L << 35, 12, "Cannot allocate memory");
        NativeMemoryException explained = limit.explain(failure, 1L << 35);
        String message = explained.getMessage();
        assertTrue(message.startsWith(failure.getMessage()), message);
        assertTrue(message.contains("address space"), message);
        assertTrue(message.contains("hold " + (1L << 45) + " bytes (32768 GiB)"), message);
        assertTrue(message.contains("VectorOptions.withMaxCapacityElements")
                && message.contains("QueueOptions.withReservationBytes"), message);
        assertEquals(12, explained.errno());
        assertEquals("mmap", explained.operation());
        assertEquals(failure.getStackTrace().length, explained.getStackTrace().length);
        assertSame(explained, limit.explain(explained, 1L << 35), "explained once");
    }

    @Test
    void anEnomemAtTheLimitBlamesTheMappingCount() {
        limit = limit();
        jvm.set(LIMIT);
        String reserve = limit.explain(new NativeMemoryException("mmap", 0, 4096, 12, "x"), 4096).getMessage();
        assertTrue(reserve.contains("ran out of memory mappings: it has " + LIMIT + " of vm.max_map_count=" + LIMIT),
                reserve);
        String split = limit.explain(new NativeMemoryException("mprotect(PROT_NONE)", 0, 4096, 12, "x"), -1)
                .getMessage();
        assertTrue(split.contains("ran out of memory mappings"), split);
        assertTrue(split.contains("sysctl -w vm.max_map_count"), split);
    }

    @Test
    void otherErrorsAndRefusalsAreLeftAlone() {
        limit = limit();
        NativeMemoryException einval = new NativeMemoryException("mmap", 0, 4096, 22, "Invalid argument");
        assertSame(einval, limit.explain(einval, 4096));
        MappingLimitException refusal = new MappingLimitException("commit", 0, 4096, 1, 1, 1, LIMIT, HEADROOM);
        assertSame(refusal, limit.explain(refusal, -1));
    }

    // ---- the kernel's files -------------------------------------------------------------------------------------

    @Test
    void parsesMaxMapCount() {
        assertEquals(65530, MappingLimit.parseMaxMapCount("65530\n"));
        assertEquals(262144, MappingLimit.parseMaxMapCount(" 262144 "));
        assertEquals(2147483647L, MappingLimit.parseMaxMapCount("2147483647\n"));
        assertEquals(-1, MappingLimit.parseMaxMapCount(""));
        assertEquals(-1, MappingLimit.parseMaxMapCount("\n"));
        assertEquals(-1, MappingLimit.parseMaxMapCount("0\n"));
        assertEquals(-1, MappingLimit.parseMaxMapCount("-1\n"));
        assertEquals(-1, MappingLimit.parseMaxMapCount("65530 65530\n"));
        assertEquals(-1, MappingLimit.parseMaxMapCount("abc"));
        assertEquals(-1, MappingLimit.parseMaxMapCount("99999999999999999999999"));
    }

    @Test
    void readsThisMachinesLimitAndMappings() throws IOException {
        Path file = Path.of(MappingLimit.MAX_MAP_COUNT_FILE);
        long expected = Files.isReadable(file)
                ? Long.parseLong(Files.readAllLines(file).get(0).trim()) : MappingLimit.DEFAULT_MAX_MAP_COUNT;
        assertEquals(expected, MappingLimit.readMaxMapCount());
        assertEquals(expected, MappingLimit.process().maxMapCount());
        long counted = MappingLimit.countProcessMappings();
        long lines = ProcSelf.mappingCount();
        assertTrue(Math.abs(counted - lines) < 50, counted + " lines counted, " + lines + " by the test's own count");
    }

    @Test
    void countsLinesAcrossBufferRefills() throws IOException {
        String text = "a\nbb\n\nccc\n".repeat(1000);
        assertEquals(4000, MappingLimit.countLines(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), new byte[7]));
    }
}
