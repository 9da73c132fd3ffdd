package dev.mmsb.memory;

import dev.mmsb.internal.diag.MemoryOperationEvent;
import dev.mmsb.internal.diag.PageOperationEvent;
import dev.mmsb.memory.limits.MappingLimit;
import dev.mmsb.memory.spi.AbstractReservation;
import dev.mmsb.memory.spi.HugePages;
import dev.mmsb.page.PageAllocator;
import dev.mmsb.testing.CapturedLogs;
import dev.mmsb.testing.ChildJvm;
import dev.mmsb.testing.LeakChild;
import dev.mmsb.testing.MemoryLock;
import dev.mmsb.testing.ProcSelf;
import dev.mmsb.testing.QuietLogs;
import jdk.jfr.EventType;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Recording;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every backend passes, run against the real OS: extend it once per backend and return the backend from
 * {@link #backend()}.
 */
public abstract class ReservationContract {
    private static final long MIB = 1 << 20;
    /** Large enough that a bulk copy spans many safepoints, at which a collection can find the reservation dead. */
    private static final int UNHELD_BYTES = 16 << 20;
    private static final int BULK_ACCESSES = 6;
    private static final int VIEW_BULK_ACCESSES = 5;
    /** Values whose every byte is 7, to find their bytes where a refused put must not have written them. */
    private static final int SEVENS_INT = 0x0707_0707;
    private static final long SEVENS_LONG = 0x0707_0707_0707_0707L;
    private static final double SEVENS_DOUBLE = Double.longBitsToDouble(SEVENS_LONG);

    protected abstract Backend backend();

    /** mlock/munlock through the backend's own way of calling libc. */
    protected abstract MemoryLock memoryLock();

    /** Whether an access racing a release on another thread is guaranteed to throw rather than crash. */
    protected boolean safeAgainstConcurrentRelease() {
        return false;
    }

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

    // ---- reserve --------------------------------------------------------------------------------------------------

    @Test
    void reserveRoundsUpToThePageSizeAndCommitsNothing() {
        Reservation r = reserve(page + 1);
        assertEquals(2 * page, r.size());
        assertEquals(page, r.pageSize());
        assertEquals(0, r.committedBytes());
        assertEquals(backend.name(), r.backend());
        assertTrue(Long.bitCount(page) == 1 && page >= 4096, "page size " + page);
    }

    @Test
    void reservingHugeAddressSpaceTouchesNoMemory() {
        long before = ProcSelf.rssBytes();
        Reservation r = reserve(64L << 30);
        assertEquals(64L << 30, r.size());
        assertTrue(ProcSelf.rssBytes() - before < 16 * MIB, "RSS grew by reserving");
    }

    @Test
    void reserveRejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> backend.reserve(0));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> backend.reserve(-5));
        assertTrue(negative.getMessage().contains("-5"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backend.reserve(Long.MAX_VALUE));
    }

    @Test
    void failedMmapReportsErrno() {
        NativeMemoryException e;
        try (QuietLogs quiet = QuietLogs.mmsb()) {
            e = assertThrows(NativeMemoryException.class, () -> backend.reserve(1L << 60));
        }
        assertEquals("mmap", e.operation());
        assertEquals(12, e.errno(), e.getMessage()); // ENOMEM: more than the address space
        assertTrue(e.getMessage().contains("errno=12"), e.getMessage());
        assertTrue(e.getMessage().contains("ran out of address space"), e.getMessage());
        assertTrue(e.getMessage().contains("VectorOptions.withMaxCapacityElements"), e.getMessage());
    }

    // ---- kernel mappings (vm.max_map_count) ---------------------------------------------------------------------

    @Test
    void countsTheKernelMappingsItMakes() {
        Reservation r = reserve(64 * page);
        AbstractReservation a = (AbstractReservation) r;
        long start = a.address();
        assertMappings(1, 1, a, "reserved");
        r.commit(0, page);
        assertMappings(2, 2, a, "a committed prefix and the reserved tail");
        r.commit(page, 3 * page);
        assertMappings(2, 2, a, "a longer prefix");
        r.commit(8 * page, page);
        assertMappings(4, 4, a, "a committed page after a gap");
        r.protect(0, page, Protection.READ_ONLY);
        assertMappings(5, 5, a, "the first page read-only");
        r.decommit(8 * page, page);
        assertMappings(3, 3, a, "the lone page decommitted");
        r.commit(4 * page, 60 * page);
        assertMappings(2, 2, a, "read-only page, then everything else committed");
        r.decommit(0, 64 * page);
        assertMappings(1, 1, a, "all decommitted");
        r.commit(0, 2 * page);
        r.protect(0, page, Protection.NONE);
        // Protected NONE and never committed are both PROT_NONE to the kernel, which may merge them (it does not when
        // the page was committed, and so its flags differ): MMSB counts them apart, an upper bound.
        assertEquals(3, a.mappings(), "a page protected NONE next to a committed one");
        long kernel = ProcSelf.mappingsIn(start, 64 * page);
        assertTrue(kernel == 2 || kernel == 3, kernel + " kernel mappings");
        long mmsb = MappingLimit.process().mmsbMappings();
        r.release();
        assertEquals(mmsb - 3, MappingLimit.process().mmsbMappings(), "a release stops counting its mappings");
        assertEquals(0, ProcSelf.mappingsIn(start, 64 * page));
    }

    private static void assertMappings(long counted, long kernel, AbstractReservation r, String what) {
        assertEquals(counted, r.mappings(), "MMSB's count: " + what);
        assertEquals(kernel, ProcSelf.mappingsIn(r.address(), r.size()), "the kernel's count: " + what);
    }

    @Test
    void refusesMappingsWithinTheHeadroomBeforeAnySyscall() {
        Reservation r = reserve(16 * page);
        AbstractReservation a = (AbstractReservation) r;
        r.commit(0, 2 * page);
        r.putInt(0, 42);
        MappingLimit limit = MappingLimit.process();
        long headroom = limit.headroom();
        try (CapturedLogs logs = CapturedLogs.mmsb()) {
            // A headroom that leaves room for nothing: the process is (a little) past it already.
            limit.setHeadroom(limit.maxMapCount() - limit.processMappings() + 10);
            long mmsb = limit.mmsbMappings();
            long kernel = ProcSelf.mappingsIn(a.address(), r.size());
            MappingLimitException commit = assertThrows(MappingLimitException.class, () -> r.commit(8 * page, page));
            assertTrue(commit.getMessage().startsWith("commit refused on [0x" + Long.toHexString(a.address() + 8 * page)),
                    commit.getMessage());
            assertTrue(commit.getMessage().contains("vm.max_map_count=" + limit.maxMapCount()), commit.getMessage());
            assertEquals(2, commit.requested());
            assertThrows(MappingLimitException.class, () -> r.protect(0, page, Protection.READ_ONLY));
            assertDoesNotThrow(() -> r.decommit(4 * page, page), "nothing committed there: nothing to do");
            r.commit(2 * page, page); // a longer prefix adds no mapping: allowed
            assertThrows(MappingLimitException.class, () -> r.decommit(0, page), "a hole at the front of the prefix");
            assertThrows(MappingLimitException.class, () -> backend.reserve(page));
            // Nothing changed: state, contents, MMSB's count and the kernel's.
            assertEquals(3 * page, r.committedBytes());
            assertEquals(42, r.getInt(0));
            r.putInt(0, 43);
            assertThrows(PageAccessException.class, () -> r.getInt(8 * page));
            assertEquals(2, a.mappings());
            assertEquals(mmsb, limit.mmsbMappings());
            assertEquals(kernel, ProcSelf.mappingsIn(a.address(), r.size()));
            // Fewer mappings are always allowed.
            r.decommit(0, 3 * page);
            assertEquals(1, a.mappings());
            // Reported as the OS failures it stands in for: WARNING, the exception as outcome.
            assertTrue(logs.messages(Level.WARNING).stream().anyMatch(m -> m.startsWith("commit ")
                    && m.contains("MappingLimitException")), String.valueOf(logs.messages(Level.WARNING)));
        } finally {
            limit.setHeadroom(headroom);
        }
        r.commit(8 * page, page);
        assertEquals(3, a.mappings());
    }

    // ---- commit, write, read ------------------------------------------------------------------------------------

    @Test
    void committedMemoryReadsBackEveryType() {
        Reservation r = reserve(16 * page);
        r.commit(0, 4 * page);
        assertEquals(4 * page, r.committedBytes());
        long unaligned = page - 3; // straddles the first two pages
        r.putByte(0, (byte) -7);
        r.putShort(unaligned, (short) 31_000);
        assertEquals((short) 31_000, r.getShort(unaligned));
        r.putInt(unaligned, 0xCAFEBABE);
        assertEquals(0xCAFEBABE, r.getInt(unaligned));
        r.putLong(unaligned, 0x0123_4567_89AB_CDEFL);
        assertEquals(0x0123_4567_89AB_CDEFL, r.getLong(unaligned));
        r.putFloat(8, 3.25f);
        assertEquals(3.25f, r.getFloat(8));
        r.putDouble(16, -1.0e300);
        assertEquals(-1.0e300, r.getDouble(16));
        assertEquals((byte) -7, r.getByte(0));
        long last = 4 * page - 8;
        r.putLong(last, -1L);
        assertEquals(-1L, r.getLong(last));
    }

    @Test
    void valuesUseNativeByteOrder() {
        Reservation r = reserve(page);
        r.commit(0, page);
        r.putInt(0, 0x01020304);
        byte first = r.getByte(0);
        assertEquals(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 4 : 1, first);
    }

    @Test
    void bulkCopiesRoundTrip() {
        Reservation r = reserve(8 * page);
        r.commit(0, 8 * page);
        byte[] bytes = new byte[3 * (int) page];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        r.put(5, bytes, 1, bytes.length - 1);
        byte[] back = new byte[bytes.length];
        r.get(5, back, 1, bytes.length - 1);
        back[0] = bytes[0];
        assertArrayEquals(bytes, back);

        int[] ints = {1, -2, 3, Integer.MIN_VALUE, Integer.MAX_VALUE};
        r.put(page + 2, ints, 0, ints.length);
        int[] intsBack = new int[ints.length + 2];
        r.get(page + 2, intsBack, 1, ints.length);
        for (int i = 0; i < ints.length; i++) {
            assertEquals(ints[i], intsBack[i + 1]);
            assertEquals(ints[i], r.getInt(page + 2 + 4L * i));
        }

        long[] longs = {Long.MIN_VALUE, 0, 42, Long.MAX_VALUE};
        r.put(2 * page - 8, longs, 1, 3);
        long[] longsBack = new long[3];
        r.get(2 * page - 8, longsBack, 0, 3);
        assertArrayEquals(new long[]{0, 42, Long.MAX_VALUE}, longsBack);
    }

    @Test
    void byteBuffersRoundTripAndAdvance() {
        Reservation r = reserve(4 * page);
        r.commit(0, 4 * page);
        for (ByteBuffer src : new ByteBuffer[]{ByteBuffer.allocate(100), ByteBuffer.allocateDirect(100)}) {
            for (int i = 0; i < 100; i++) {
                src.put(i, (byte) (i + 1));
            }
            src.position(10);
            r.put(page - 50, src);
            assertEquals(100, src.position());
            for (ByteBuffer dst : new ByteBuffer[]{ByteBuffer.allocate(90), ByteBuffer.allocateDirect(90)}) {
                r.get(page - 50, dst);
                assertEquals(90, dst.position());
                for (int i = 0; i < 90; i++) {
                    assertEquals((byte) (i + 11), dst.get(i));
                }
            }
        }
        ByteBuffer readOnlySource = ByteBuffer.wrap(new byte[]{9, 8, 7}).asReadOnlyBuffer();
        r.put(0, readOnlySource);
        assertEquals(8, r.getByte(1));
        ByteBuffer readOnlyTarget = ByteBuffer.allocate(4).asReadOnlyBuffer();
        assertThrows(ReadOnlyBufferException.class, () -> r.get(0, readOnlyTarget));
        assertEquals(0, readOnlyTarget.position());
    }

    @Test
    void fillAndCopyWithinAndBetweenReservations() {
        Reservation r = reserve(4 * page);
        r.commit(0, 4 * page);
        r.fill(10, 2 * page, (byte) 0x5A);
        assertEquals(0, r.getByte(9));
        assertEquals(0x5A, r.getByte(10));
        assertEquals(0x5A, r.getByte(10 + 2 * page - 1));
        assertEquals(0, r.getByte(10 + 2 * page));

        for (int i = 0; i < 64; i++) {
            r.putByte(i, (byte) i);
        }
        r.copy(0, 8, 64); // overlapping, forward: must behave like memmove
        for (int i = 0; i < 64; i++) {
            assertEquals((byte) i, r.getByte(8 + i));
        }

        Reservation other = reserve(2 * page);
        other.commit(0, 2 * page);
        r.copyTo(8, other, page - 16, 64);
        for (int i = 0; i < 64; i++) {
            assertEquals((byte) i, other.getByte(page - 16 + i));
        }
    }

    // ---- decommit -----------------------------------------------------------------------------------------------

    @Test
    void decommitGivesMemoryBackToTheOs() {
        long size = 64 * MIB;
        Reservation r = reserve(2 * size);
        r.commit(0, size);
        for (long offset = 0; offset < size; offset += page) {
            r.putLong(offset, offset + 1);
        }
        long touched = ProcSelf.rssBytes();
        r.decommit(0, size);
        long after = ProcSelf.rssBytes();
        assertEquals(0, r.committedBytes());
        assertTrue(touched - after >= size * 9 / 10, "VmRSS fell by " + (touched - after) / MIB
                + " MiB after decommitting 64 MiB (from " + touched / MIB + " to " + after / MIB + " MiB)");
    }

    @Test
    void recommittedMemoryReadsZeros() {
        Reservation r = reserve(4 * page);
        r.commit(0, 4 * page);
        r.fill(0, 4 * page, (byte) -1);
        r.decommit(page, 2 * page);
        assertEquals(2 * page, r.committedBytes());
        r.commit(page, 2 * page);
        assertEquals(4 * page, r.committedBytes());
        for (long offset = page; offset < 3 * page; offset += 8) {
            assertEquals(0L, r.getLong(offset), "offset " + offset);
        }
        assertEquals((byte) -1, r.getByte(page - 1));
        assertEquals((byte) -1, r.getByte(3 * page));
    }

    @Test
    void accessToPagesThatAreNotCommittedIsRefused() {
        Reservation r = reserve(4 * page);
        PageAccessException never = assertThrows(PageAccessException.class, () -> r.getInt(0));
        assertTrue(never.getMessage().contains("not committed"), never.getMessage());
        r.commit(0, 2 * page);
        r.putInt(page, 5);
        // An int that straddles the last committed page and the first uncommitted one.
        PageAccessException straddle = assertThrows(PageAccessException.class, () -> r.putInt(2 * page - 2, 1));
        assertEquals(2 * page, straddle.pageOffset());
        assertEquals(0, r.getShort(2 * page - 2), "a refused write must not write its first half");
        r.decommit(page, page);
        assertThrows(PageAccessException.class, () -> r.getInt(page));
        assertThrows(PageAccessException.class, () -> r.fill(0, 2 * page, (byte) 1));
        assertEquals(0, r.getByte(0), "a refused fill must not fill the committed part");
        assertThrows(PageAccessException.class, () -> r.get(page - 4, new byte[8], 0, 8));
        assertThrows(PageAccessException.class, () -> r.copy(0, page, 8));
        assertDoesNotThrow(() -> r.getInt(page - 4));
    }

    @Test
    void aFailedDecommitLeavesTheRangeAsItWas() {
        Reservation r = reserve(4 * page);
        r.commit(0, 4 * page);
        r.protect(page, page, Protection.READ_ONLY);
        r.decommit(2 * page, page);
        r.putLong(3 * page, 44);
        long base = ((AbstractReservation) r).address();
        MemoryLock lock = memoryLock();
        int errno = lock.lock(base + 3 * page, page);
        assumeTrue(errno == 0, "mlock failed with errno " + errno + " (no CAP_IPC_LOCK, RLIMIT_MEMLOCK too small?),"
                + " so madvise cannot be made to fail");
        NativeMemoryException e;
        try (QuietLogs quiet = QuietLogs.mmsb()) {
            // madvise(MADV_DONTNEED) refuses locked pages with EINVAL (see man madvise).
            e = assertThrows(NativeMemoryException.class, () -> r.decommit(0, 4 * page));
        }
        assertEquals("madvise(MADV_DONTNEED)", e.operation());
        assertEquals(22, e.errno(), e.getMessage());
        assertEquals(base, e.address());
        assertEquals(4 * page, e.length());
        assertTrue(e.getMessage().contains("[0x" + Long.toHexString(base) + ", 0x"
                + Long.toHexString(base + 4 * page) + ")") && e.getMessage().contains("errno=22"), e.getMessage());

        assertEquals(3 * page, r.committedBytes());
        assertEquals(44, r.getLong(3 * page), "the locked page kept its data");
        r.putLong(3 * page, 45);
        assertEquals(45, r.getLong(3 * page));
        r.putLong(0, 1); // the pages before it may read as zeros now, but keep their rights
        assertDoesNotThrow(() -> r.getLong(page));
        assertThrows(PageAccessException.class, () -> r.putLong(page, 1));
        assertThrows(PageAccessException.class, () -> r.getLong(2 * page));

        assertEquals(0, lock.unlock(base + 3 * page, page));
        r.decommit(0, 4 * page);
        assertEquals(0, r.committedBytes());
        r.commit(3 * page, page);
        assertEquals(0, r.getLong(3 * page), "decommitted at last");
    }

    // ---- huge pages and populate ---------------------------------------------------------------------------------

    @Test
    void reservationsThatCanHoldAHugePageStartOnAHugePageBoundary() {
        long huge = backend.reserve(page).hugePageSize(); // a default getter must work on any reservation
        assertEquals(HugePages.size(), huge);
        for (long size : new long[]{huge, 4 * MIB + page, 64L << 30}) {
            Reservation r = reserve(size);
            long address = ((AbstractReservation) r).address();
            assertEquals(0, address % huge, size + " bytes at 0x" + Long.toHexString(address));
        }
        // The head and tail trimmed off the larger mapping are gone, and release unmaps exactly the kept range.
        for (int i = 0; i < 20; i++) {
            backend.reserve(4 * MIB).release();
        }
        long before = ProcSelf.mappingCount();
        for (int i = 0; i < 1_000; i++) {
            Reservation r = backend.reserve(4 * MIB);
            long address = ((AbstractReservation) r).address();
            r.commit(0, page);
            r.putInt(0, i);
            r.release();
            assertFalse(ProcSelf.isMapped(address + 4 * MIB - 1) && ProcSelf.isMapped(address),
                    "still mapped after release");
        }
        long after = ProcSelf.mappingCount();
        assertTrue(after - before <= 8, "/proc/self/maps grew from " + before + " to " + after + " lines");
    }

    @Test
    void populateMakesTheRangeResidentAndReadingZeros() {
        long size = 16 * MIB;
        Reservation r = reserve(2 * size);
        r.commit(0, size);
        r.putLong(8, 77);
        long base = ((AbstractReservation) r).address();
        long residentBefore = ProcSelf.smapsBytes(base, size, "Rss:");
        assertTrue(r.populate(0, size), "MADV_POPULATE_WRITE is Linux 5.14+; this kernel refused it");
        long resident = ProcSelf.smapsBytes(base, size, "Rss:");
        assertTrue(residentBefore < MIB && resident >= size, "Rss of the committed range: " + residentBefore / 1024
                + " KiB before populate, " + resident / 1024 + " KiB after");
        assertEquals(size, r.committedBytes());
        assertEquals(77, r.getLong(8), "populate keeps contents");
        for (long offset = page; offset < size; offset += 511 * page + 8) {
            assertEquals(0, r.getLong(offset), "offset " + offset);
        }
        assertTrue(r.populate(0, 0));
    }

    @Test
    void populateNeedsReadWritePagesAndCheckedArguments() {
        Reservation r = reserve(8 * page);
        r.commit(0, 4 * page);
        r.protect(3 * page, page, Protection.READ_ONLY);
        PageAccessException uncommitted = assertThrows(PageAccessException.class, () -> r.populate(4 * page, 2 * page));
        assertEquals(4 * page, uncommitted.pageOffset());
        assertTrue(uncommitted.getMessage().contains("not committed"), uncommitted.getMessage());
        PageAccessException readOnly = assertThrows(PageAccessException.class, () -> r.populate(2 * page, 2 * page));
        assertTrue(readOnly.getMessage().contains("READ_ONLY"), readOnly.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.populate(1, page));
        assertThrows(IllegalArgumentException.class, () -> r.adviseHugePages(0, page + 1));
        assertThrows(IllegalArgumentException.class, () -> r.adviseHugePages(-page, page));
        assertThrows(IndexOutOfBoundsException.class, () -> r.populate(4 * page, 8 * page));
        assertThrows(IndexOutOfBoundsException.class, () -> r.adviseHugePages(page, 8 * page));
        assertEquals(4 * page, r.committedBytes());
        assertTrue(r.populate(0, 3 * page));
        r.release();
        assertThrows(IllegalStateException.class, () -> r.populate(0, page));
        assertThrows(IllegalStateException.class, () -> r.adviseHugePages(0, page));
        assertEquals(HugePages.size(), r.hugePageSize());
    }

    @Test
    void hugePageAdviceGivesHugePagesToATouchedRegion() {
        assumeTrue(HugePages.mode().equals("madvise") || HugePages.mode().equals("always"),
                "transparent huge pages are " + HugePages.mode());
        long huge = HugePages.size();
        Reservation r = reserve(4 * huge);
        long base = ((AbstractReservation) r).address();
        assertTrue(r.adviseHugePages(0, r.size()), "MADV_HUGEPAGE refused");
        r.commit(0, 2 * huge);
        for (long offset = 0; offset < 2 * huge; offset += page) {
            r.putLong(offset, offset);
        }
        long hugeBytes = ProcSelf.smapsBytes(base, 2 * huge, "AnonHugePages:");
        assertTrue(hugeBytes >= huge, "AnonHugePages of the touched, advised 4 MiB: " + hugeBytes / 1024 + " KiB");
        assertEquals(huge + page, r.getLong(huge + page));
        // Decommitting whole huge pages gives them back.
        r.decommit(0, 2 * huge);
        assertEquals(0, ProcSelf.smapsBytes(base, 4 * huge, "AnonHugePages:"));
        assertTrue(r.adviseHugePages(0, 0));
    }

    @Test
    void populateAndAdviceAreJfrEvents(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mmsb.jfr");
        long reservationId;
        try (Recording recording = new Recording()) {
            recording.enable(MemoryOperationEvent.NAME);
            recording.start();
            Reservation r = reserve(4 * page);
            reservationId = ((AbstractReservation) r).id();
            r.adviseHugePages(0, 4 * page);
            r.commit(0, 2 * page);
            assertTrue(r.populate(0, 2 * page));
            assertThrows(PageAccessException.class, () -> r.populate(0, 4 * page));
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(MemoryOperationEvent.NAME))
                .filter(e -> e.getLong("reservationId") == reservationId)
                .collect(Collectors.toList());
        assertEquals(List.of("reserve", "adviseHugePages", "commit", "populate", "populate"),
                events.stream().map(e -> e.getString("operation")).collect(Collectors.toList()));
        assertEquals(2 * page, events.get(3).getLong("length"));
        assertEquals("ok", events.get(3).getString("outcome"));
        assertTrue(events.get(4).getString("outcome").contains("PageAccessException"),
                events.get(4).getString("outcome"));
    }

    // ---- protect ------------------------------------------------------------------------------------------------

    @Test
    void protectReadOnlyRefusesWritesButAllowsReads() {
        Reservation r = reserve(2 * page);
        r.commit(0, 2 * page);
        r.putInt(page, 77);
        r.protect(page, page, Protection.READ_ONLY);
        assertEquals(77, r.getInt(page));
        PageAccessException e = assertThrows(PageAccessException.class, () -> r.putInt(page, 1));
        assertTrue(e.getMessage().contains("READ_ONLY"), e.getMessage());
        assertEquals(77, r.getInt(page));
        r.putInt(0, 3); // the other page stays writable
        assertEquals(2 * page, r.committedBytes());

        r.protect(page, page, Protection.NONE);
        assertThrows(PageAccessException.class, () -> r.getInt(page));
        r.protect(page, page, Protection.READ_WRITE);
        r.putInt(page, 78);
        assertEquals(78, r.getInt(page));
    }

    @Test
    void protectNeedsCommittedPages() {
        Reservation r = reserve(2 * page);
        r.commit(0, page);
        assertThrows(PageAccessException.class, () -> r.protect(0, 2 * page, Protection.READ_ONLY));
        r.putInt(0, 1); // unchanged: still writable
        assertThrows(NullPointerException.class, () -> r.protect(0, page, null));
    }

    // ---- bad arguments ------------------------------------------------------------------------------------------

    @Test
    void pagingArgumentsAreCheckedBeforeAnySyscall() {
        Reservation r = reserve(4 * page);
        IllegalArgumentException misaligned = assertThrows(IllegalArgumentException.class, () -> r.commit(1, page));
        assertTrue(misaligned.getMessage().contains("offset=1"), misaligned.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.commit(0, page + 1));
        assertThrows(IllegalArgumentException.class, () -> r.decommit(-page, page));
        assertThrows(IllegalArgumentException.class, () -> r.commit(0, -page));
        IndexOutOfBoundsException beyond = assertThrows(IndexOutOfBoundsException.class,
                () -> r.commit(2 * page, 4 * page));
        assertTrue(beyond.getMessage().contains("size=" + 4 * page), beyond.getMessage());
        long hugeAligned = Long.MAX_VALUE & -page;
        assertThrows(IndexOutOfBoundsException.class, () -> r.commit(page, hugeAligned)); // offset + length overflows
        assertThrows(IndexOutOfBoundsException.class, () -> r.protect(hugeAligned, page, Protection.NONE));
        assertEquals(0, r.committedBytes());
        assertDoesNotThrow(() -> r.commit(0, 0));
    }

    @Test
    void accessArgumentsAreChecked() {
        Reservation r = reserve(2 * page);
        r.commit(0, 2 * page);
        long size = r.size();
        IndexOutOfBoundsException below = assertThrows(IndexOutOfBoundsException.class, () -> r.getInt(-1));
        assertTrue(below.getMessage().contains("offset=-1"), below.getMessage());
        IndexOutOfBoundsException above = assertThrows(IndexOutOfBoundsException.class, () -> r.putLong(size - 4, 1));
        assertTrue(above.getMessage().contains("size=" + size), above.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> r.getByte(size));
        assertThrows(IndexOutOfBoundsException.class, () -> r.getLong(Long.MAX_VALUE));
        assertThrows(IndexOutOfBoundsException.class, () -> r.fill(0, -1, (byte) 0));
        assertThrows(IndexOutOfBoundsException.class, () -> r.fill(Long.MAX_VALUE - 1, 4, (byte) 0));
        assertThrows(IndexOutOfBoundsException.class, () -> r.copy(0, size - 4, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> r.get(0, new byte[4], 2, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> r.put(0, new int[4], -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> r.get(size - 8, new long[4], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> r.put(size - 4, new byte[8], 0, 8));
        assertThrows(NullPointerException.class, () -> r.get(0, (byte[]) null, 0, 1));
        assertThrows(NullPointerException.class, () -> r.put(0, (ByteBuffer) null));
        assertThrows(NullPointerException.class, () -> r.copyTo(0, null, 0, 1));
        Reservation small = reserve(page);
        small.commit(0, page);
        assertThrows(IndexOutOfBoundsException.class, () -> r.copyTo(0, small, 8, page));
        assertEquals(0, small.getLong(8), "a refused copy must not copy a prefix");
        ByteBuffer tooBig = ByteBuffer.allocate((int) size + 1);
        assertThrows(IndexOutOfBoundsException.class, () -> r.put(0, tooBig));
        assertEquals(0, tooBig.position());
    }

    // ---- release ------------------------------------------------------------------------------------------------

    @Test
    void everyUseAfterReleaseThrowsAndReleaseIsIdempotent() throws Exception {
        Reservation r = reserve(2 * page);
        r.commit(0, page);
        Reservation live = reserve(2 * page);
        live.commit(0, 2 * page);
        r.release();
        r.release();
        r.close();
        assertTrue(r.isReleased());
        assertEquals(0, r.committedBytes());
        assertEquals(2 * page, r.size());
        assertEquals(page, r.pageSize());
        assertEquals(backend.name(), r.backend());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.getInt(0));
        assertTrue(e.getMessage().contains("released"), e.getMessage());

        // Every other method of the interface, by reflection, so that a method added later is covered too.
        Set<String> allowed = Set.of("size", "pageSize", "backend", "committedBytes", "isReleased", "release", "close");
        int covered = 0;
        for (Method method : Reservation.class.getMethods()) {
            if (allowed.contains(method.getName()) || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Object[] args = argumentsFor(method, live);
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> method.invoke(r, args), method.toString());
            assertInstanceOf(IllegalStateException.class, thrown.getCause(), method.toString());
            assertTrue(thrown.getCause().getMessage().contains("released"), method + ": " + thrown.getCause());
            covered++;
        }
        assertTrue(covered >= 26, "only " + covered + " methods were tried");
        IllegalStateException asTarget = assertThrows(IllegalStateException.class, () -> live.copyTo(0, r, 0, 8));
        assertTrue(asTarget.getMessage().contains("released"), asTarget.getMessage());
    }

    /** Arguments that would be valid for {@code method} on a live, committed reservation of two pages. */
    private Object[] argumentsFor(Method method, Reservation other) {
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            args[i] = type == long.class ? (Object) (i == 0 ? 0L : 8L)
                    : type == int.class ? (Object) 1
                    : type == byte.class ? (Object) (byte) 1
                    : type == short.class ? (Object) (short) 1
                    : type == float.class ? (Object) 1f
                    : type == double.class ? (Object) 1d
                    : type == byte[].class ? new byte[16]
                    : type == int[].class ? new int[4]
                    : type == long[].class ? new long[4]
                    : type == ByteBuffer.class ? ByteBuffer.allocate(8)
                    : type == Protection.class ? Protection.READ_ONLY
                    : type == Reservation.class ? other
                    : null;
            assertNotNull(args[i], method + ": no argument for " + type);
        }
        if (method.getName().equals("commit") || method.getName().equals("decommit")
                || method.getName().equals("protect")) {
            args[0] = 0L;
            args[1] = page;
        }
        return args;
    }

    @Test
    void releaseOnAnotherThreadIsSeenByThisOne() throws Exception {
        Reservation r = reserve(page);
        r.commit(0, page);
        for (int i = 0; i < 10_000; i++) {
            r.putInt(0, i); // let the JIT compile the access path before the release
        }
        Thread releaser = new Thread(r::release);
        releaser.start();
        releaser.join();
        assertThrows(IllegalStateException.class, () -> r.getInt(0));
        assertThrows(IllegalStateException.class, () -> r.putInt(0, 1));
    }

    @Test
    void changesMadeByTheOwnerAreSeenByOtherThreads() throws Exception {
        Reservation r = reserve(2 * page);
        r.commit(0, 2 * page);
        r.putInt(page, 7); // this thread owns the reservation now
        r.decommit(page, page);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                r.getInt(page);
            } catch (Throwable t) {
                seen.set(t);
            }
        });
        other.start();
        other.join();
        assertInstanceOf(PageAccessException.class, seen.get());
        r.commit(page, page);
        Thread writer = new Thread(() -> r.putInt(page, 9)); // now shared: both threads pass their own checks
        writer.start();
        writer.join();
        assertEquals(9, r.getInt(page));
        r.release();
        assertThrows(IllegalStateException.class, () -> r.getInt(0));
    }

    @Test
    void accessRacingAReleaseThrowsInsteadOfCrashing() throws Exception {
        assumeTrue(safeAgainstConcurrentRelease(), backend.name() + " does not promise to survive an access racing a"
                + " release on another thread");
        for (int round = 0; round < 20; round++) {
            Reservation r = reserve(16 * page);
            r.commit(0, 16 * page);
            CountDownLatch running = new CountDownLatch(1);
            AtomicReference<Throwable> ended = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    long sum = 0;
                    for (long i = 0; ; i++) {
                        sum += r.getLong((i * 8) & (16 * page - 8));
                        if (i == 1000) {
                            running.countDown();
                        }
                    }
                } catch (Throwable t) {
                    ended.set(t);
                }
            });
            reader.start();
            running.await();
            r.release();
            reader.join(10_000);
            assertFalse(reader.isAlive());
            assertInstanceOf(IllegalStateException.class, ended.get());
        }
    }

    @Test
    void reserveReleaseCyclesLeaveNoMappingBehind() {
        for (int i = 0; i < 100; i++) { // warm up lazily created mappings (JIT, libraries)
            cycle(i);
        }
        long before = ProcSelf.mappingCount();
        for (int i = 0; i < 10_000; i++) {
            cycle(i);
        }
        long after = ProcSelf.mappingCount();
        assertTrue(after - before <= 8, "/proc/self/maps grew from " + before + " to " + after + " lines");
    }

    private void cycle(int i) {
        try (Reservation r = backend.reserve(4 * page)) {
            r.commit(page, page);
            r.putInt(page, i);
            if (i % 2 == 0) {
                r.decommit(page, page);
            }
        }
    }

    @Test
    void forgottenReservationsAreReclaimedByTheCleaner() throws InterruptedException {
        try (QuietLogs quiet = QuietLogs.mmsb()) {
            reclaimForgotten();
        }
    }

    private void reclaimForgotten() throws InterruptedException {
        long before = AbstractReservation.reclaimedLeaks();
        long[] addresses = forget(50);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (AbstractReservation.reclaimedLeaks() - before < 50 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(AbstractReservation.reclaimedLeaks() - before >= 50,
                "reclaimed " + (AbstractReservation.reclaimedLeaks() - before) + " of 50 forgotten reservations");
        // Each address must be gone from /proc/self/maps. The kernel may hand a freed 8 KiB hole to some other small
        // mapping meanwhile, so allow a few to be mapped again by someone else.
        long stillMapped = java.util.Arrays.stream(addresses).filter(ProcSelf::isMapped).count();
        assertTrue(stillMapped <= 3, stillMapped + " of 50 forgotten reservations are still mapped");
    }

    private long[] forget(int count) {
        long[] addresses = new long[count];
        for (int i = 0; i < count; i++) {
            Reservation r = backend.reserve(2 * page);
            r.commit(0, page);
            r.putInt(0, i);
            addresses[i] = ((AbstractReservation) r).address();
        }
        return addresses;
    }

    /**
     * With -Dmmsb.leakDetection=paranoid the leak report carries the stack of the thread that made the reservation;
     * by default it carries none and says how to get one. In child JVMs: the property is read once per JVM.
     */
    @Test
    void leakReportNamesTheAllocationSiteOnlyWhenAsked(@TempDir Path dir) throws Exception {
        String site = "at " + LeakChild.class.getName() + ".forgetOne(";
        ChildJvm.Result on = ChildJvm.run(Files.createDirectory(dir.resolve("on")),
                List.of("-Dmmsb.leakDetection=paranoid"), LeakChild.class.getName(), 120, backend.name());
        String id = forgotten(on);
        assertTrue(on.output.contains("REPORT Leak: reservation #" + id + " (" + backend.name()), on.toString());
        assertTrue(on.output.contains("reservation #" + id + " was reserved here"), on.toString());
        assertTrue(on.output.contains(site), on.toString());

        ChildJvm.Result off = ChildJvm.run(Files.createDirectory(dir.resolve("off")), List.of(),
                LeakChild.class.getName(), 120, backend.name());
        id = forgotten(off);
        assertTrue(off.output.contains("REPORT Leak: reservation #" + id + " (" + backend.name()), off.toString());
        assertEquals(List.of("THROWN none"), off.lines("THROWN"), off.toString());
        assertFalse(off.output.contains("was reserved here"), off.toString());
        assertFalse(off.output.contains(site), off.toString());
        assertTrue(off.output.contains("-Dmmsb.leakDetection=paranoid"), off.toString());
    }

    /** The id of the reservation a {@link LeakChild} forgot, once the child says the Cleaner reclaimed it. */
    private static String forgotten(ChildJvm.Result child) {
        assertEquals(0, child.exitCode, child.toString());
        assertEquals(List.of("RECLAIMED 1"), child.lines("RECLAIMED"), child.toString());
        List<String> forgot = child.lines("FORGOT ");
        assertEquals(1, forgot.size(), child.toString());
        return forgot.get(0).substring("FORGOT ".length());
    }

    /**
     * Bulk accesses to reservations that nobody holds, while another thread keeps collecting: each access must keep
     * its own reservation (and a copy's destination) mapped until it returns. Without that, the Cleaner unmaps the
     * range mid-copy: the Unsafe backend crashes the JVM, the Panama backend fails with a closed arena.
     */
    @Test
    void aReservationNobodyHoldsStaysMappedUntilItsAccessReturns() throws InterruptedException {
        try (QuietLogs quiet = QuietLogs.mmsb()) {
            accessUnheldReservations();
        }
    }

    private void accessUnheldReservations() throws InterruptedException {
        byte[] array = new byte[UNHELD_BYTES];
        // Only compiled code lets a reference die before its method ends, so compile the accesses first.
        for (int i = 0; i < 3000; i++) {
            try (Reservation src = backend.reserve(2 * page); Reservation dst = backend.reserve(2 * page)) {
                src.commit(0, 2 * page);
                dst.commit(0, 2 * page);
                bulkAccess(i, src, dst, array, (int) (2 * page));
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread collector = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
                LockSupport.parkNanos(1_000_000);
            }
        });
        long leaksBefore = AbstractReservation.reclaimedLeaks();
        collector.start();
        int rounds = 0;
        try {
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < deadline) {
                array[0] = 1;
                array[UNHELD_BYTES - 1] = 1;
                bulkAccess(rounds, unheld(), unheld(), array, UNHELD_BYTES);
                if (rounds % BULK_ACCESSES == 0) { // a get from fresh memory: the whole array was overwritten
                    assertEquals(0, array[0] | array[UNHELD_BYTES - 1], "round " + rounds);
                }
                rounds++;
            }
        } finally {
            stop.set(true);
            collector.join();
        }
        assertTrue(AbstractReservation.reclaimedLeaks() > leaksBefore, "the Cleaner reclaimed none of the "
                + 2 * rounds + " unheld reservations while they were used, so the test proved nothing");
        // Let the Cleaner finish while the logs are quiet, and give the memory back before the next test.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (AbstractReservation.reclaimedLeaks() - leaksBefore < 2L * rounds && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
    }

    /** A committed reservation of {@link #UNHELD_BYTES} that only the caller's expression refers to. */
    private Reservation unheld() {
        Reservation r = backend.reserve(UNHELD_BYTES);
        r.commit(0, UNHELD_BYTES);
        return r;
    }

    /** One of {@value #BULK_ACCESSES} bulk accesses of {@code n} bytes, picked by {@code round}. */
    private static void bulkAccess(int round, Reservation r, Reservation other, byte[] array, int n) {
        switch (round % BULK_ACCESSES) {
            case 0:
                r.get(0, array, 0, n);
                break;
            case 1:
                r.put(0, array, 0, n);
                break;
            case 2:
                r.get(0, ByteBuffer.wrap(array, 0, n));
                break;
            case 3:
                r.fill(0, n, (byte) 7);
                break;
            case 4:
                r.copy(0, n / 2, n / 2);
                break;
            default:
                r.copyTo(0, other, 0, n);
                break;
        }
    }

    // ---- views --------------------------------------------------------------------------------------------------

    /** A reservation of {@code pages} pages, all committed READ_WRITE. */
    private Reservation committed(int pages) {
        Reservation r = reserve(pages * page);
        r.commit(0, pages * page);
        return r;
    }

    @Test
    void valuesWrittenThroughAViewAreReadThroughTheReservationAndBack() {
        Reservation r = committed(4);
        long start = page - 13; // unaligned, and straddling the first two pages
        MemoryView v = r.view(start, 2 * page);
        assertEquals(2 * page, v.byteSize());
        assertFalse(v.isRevoked());
        long end = v.byteSize();
        // 9 and 10 put an 8- and a 4-byte value across the page boundary; the last ones end at the view's end.
        for (long at : new long[]{0, 1, 9, 10, 13, 2 * page - 8, 2 * page - 4, 2 * page - 1}) {
            long viewed = start + at;
            v.putByte(at, (byte) -7);
            assertEquals((byte) -7, r.getByte(viewed), "byte at " + at);
            r.putByte(viewed, (byte) 99);
            assertEquals((byte) 99, v.getByte(at), "byte at " + at);
            if (at <= end - Integer.BYTES) {
                v.putInt(at, 0xCAFEBABE);
                assertEquals(0xCAFEBABE, r.getInt(viewed), "int at " + at);
                r.putInt(viewed, -123_456_789);
                assertEquals(-123_456_789, v.getInt(at), "int at " + at);
            }
            if (at <= end - Long.BYTES) {
                v.putLong(at, 0x0123_4567_89AB_CDEFL);
                assertEquals(0x0123_4567_89AB_CDEFL, r.getLong(viewed), "long at " + at);
                r.putLong(viewed, Long.MIN_VALUE + 5);
                assertEquals(Long.MIN_VALUE + 5, v.getLong(at), "long at " + at);
                v.putDouble(at, -1.0e300);
                assertEquals(-1.0e300, r.getDouble(viewed), "double at " + at);
                r.putDouble(viewed, -0.0);
                assertEquals(-0.0, v.getDouble(at), "double at " + at); // not 0.0: assertEquals compares the bits
                v.putDouble(at, Double.NaN);
                assertEquals(Double.doubleToRawLongBits(Double.NaN), r.getLong(viewed), "NaN at " + at);
            }
        }
        v.putInt(0, 0x01020304);
        assertEquals(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 4 : 1, r.getByte(start), "native order");
        assertEquals(r.getLong(page), r.view(0, page + 8).getLong(page), "two views see the same memory");
    }

    @Test
    void bulkAccessesThroughAViewRoundTrip() {
        Reservation r = committed(4);
        long start = 5;
        MemoryView v = r.view(start, 3 * page);

        byte[] bytes = new byte[(int) page + 100];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 1);
        }
        long at = page - 50; // straddles a page boundary, unaligned
        v.put(at, bytes, 1, bytes.length - 1);
        byte[] viaReservation = new byte[bytes.length - 1];
        r.get(start + at, viaReservation, 0, viaReservation.length);
        assertArrayEquals(Arrays.copyOfRange(bytes, 1, bytes.length), viaReservation);
        assertEquals(0, r.getByte(start + at - 1), "the put began early");
        assertEquals(0, r.getByte(start + at + bytes.length - 1), "the put went on too long");
        byte[] back = new byte[bytes.length + 2];
        v.get(at, back, 2, bytes.length - 1);
        assertArrayEquals(Arrays.copyOfRange(bytes, 1, bytes.length), Arrays.copyOfRange(back, 2, bytes.length + 1));
        assertEquals(0, back[0] | back[1] | back[back.length - 1], "the get wrote outside its array range");

        int[] ints = {7, 1, -2, 3, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x01020304};
        v.put(6, ints, 1, ints.length - 1);
        for (int i = 1; i < ints.length; i++) {
            assertEquals(ints[i], r.getInt(start + 6 + 4L * (i - 1)), "int " + i);
        }
        r.put(start + page + 1, ints, 0, ints.length);
        int[] intsBack = new int[ints.length + 1];
        v.get(page + 1, intsBack, 1, ints.length);
        assertArrayEquals(ints, Arrays.copyOfRange(intsBack, 1, intsBack.length));
        assertEquals(0, intsBack[0]);

        long[] longs = {Long.MIN_VALUE, 0, 42, -1, Long.MAX_VALUE};
        long last = v.byteSize() - 3 * Long.BYTES; // three longs that end at the view's end
        v.put(last, longs, 2, 3);
        assertEquals(42, r.getLong(start + last));
        assertEquals(Long.MAX_VALUE, r.getLong(start + last + 16));
        r.put(start + 2 * page - 3, longs, 0, longs.length);
        long[] longsBack = new long[longs.length];
        v.get(2 * page - 3, longsBack, 0, longs.length);
        assertArrayEquals(longs, longsBack);

        double[] doubles = {-1.0e300, 0.5, -0.0, Double.MIN_VALUE, Double.NEGATIVE_INFINITY};
        v.put(2 * page + 3, doubles, 0, doubles.length);
        for (int i = 0; i < doubles.length; i++) {
            assertEquals(doubles[i], r.getDouble(start + 2 * page + 3 + 8L * i), "double " + i);
            r.putDouble(start + page + 8L * i, doubles[doubles.length - 1 - i]);
        }
        double[] doublesBack = new double[doubles.length + 2];
        v.get(page, doublesBack, 2, doubles.length);
        for (int i = 0; i < doubles.length; i++) {
            assertEquals(doubles[doubles.length - 1 - i], doublesBack[i + 2], "double " + i);
        }

        // Empty ranges, the view's end included, are in bounds.
        assertDoesNotThrow(() -> v.get(v.byteSize(), new byte[0], 0, 0));
        assertDoesNotThrow(() -> v.put(v.byteSize(), new long[2], 2, 0));
        assertDoesNotThrow(() -> v.copy(v.byteSize(), 0, 0));
    }

    @Test
    void copyWithinAViewIsAMemmoveInBothDirections() {
        Reservation r = committed(3);
        long start = page - 40; // the copies cross a page boundary
        MemoryView v = r.view(start, page);
        pattern(r, start, 100);
        v.copy(0, 8, 64); // forward and overlapping: a naive byte loop would repeat the first 8 bytes
        for (int i = 0; i < 100; i++) {
            int expected = i < 8 ? i + 1 : i < 72 ? i - 7 : i + 1;
            assertEquals((byte) expected, r.getByte(start + i), "forward, byte " + i);
        }
        pattern(r, start, 100);
        v.copy(8, 0, 64); // backward and overlapping
        for (int i = 0; i < 100; i++) {
            int expected = i < 64 ? i + 9 : i + 1;
            assertEquals((byte) expected, r.getByte(start + i), "backward, byte " + i);
        }
        pattern(r, start, 100);
        v.copy(0, page - 16, 16); // disjoint, to the view's end
        for (int i = 0; i < 16; i++) {
            assertEquals((byte) (i + 1), r.getByte(start + page - 16 + i), "disjoint, byte " + i);
        }
        v.copy(5, 5, 10);
        v.copy(0, 1, 0);
        for (int i = 0; i < 100; i++) {
            assertEquals((byte) (i + 1), r.getByte(start + i), "byte " + i);
        }
    }

    /** Writes 1, 2, 3... to the {@code n} bytes from {@code offset}. */
    private static void pattern(Reservation r, long offset, int n) {
        for (int i = 0; i < n; i++) {
            r.putByte(offset + i, (byte) (i + 1));
        }
    }

    /** A view accessor of {@code width} bytes at an offset. */
    private static final class Accessor {
        final String name;
        final int width;
        final LongConsumer access;

        Accessor(String name, int width, LongConsumer access) {
            this.name = name;
            this.width = width;
            this.access = access;
        }
    }

    private static List<Accessor> accessors(MemoryView v) {
        byte[] ones = new byte[4];
        Arrays.fill(ones, (byte) 1);
        return List.of(
                new Accessor("getByte", 1, o -> v.getByte(o)),
                new Accessor("putByte", 1, o -> v.putByte(o, (byte) 1)),
                new Accessor("getInt", 4, o -> v.getInt(o)),
                new Accessor("putInt", 4, o -> v.putInt(o, -1)),
                new Accessor("getLong", 8, o -> v.getLong(o)),
                new Accessor("putLong", 8, o -> v.putLong(o, -1)),
                new Accessor("getDouble", 8, o -> v.getDouble(o)),
                new Accessor("putDouble", 8, o -> v.putDouble(o, -1.5)),
                new Accessor("get byte[]", 4, o -> v.get(o, new byte[6], 1, 4)),
                new Accessor("put byte[]", 4, o -> v.put(o, ones, 0, 4)),
                new Accessor("get int[]", 8, o -> v.get(o, new int[3], 1, 2)),
                new Accessor("put int[]", 8, o -> v.put(o, new int[]{-1, -1, -1}, 1, 2)),
                new Accessor("get long[]", 16, o -> v.get(o, new long[3], 1, 2)),
                new Accessor("put long[]", 16, o -> v.put(o, new long[]{-1, -1, -1}, 0, 2)),
                new Accessor("get double[]", 16, o -> v.get(o, new double[2], 0, 2)),
                new Accessor("put double[]", 16, o -> v.put(o, new double[]{-1.5, -1.5}, 0, 2)),
                new Accessor("copy from", 4, o -> v.copy(o, 0, 4)),
                new Accessor("copy to", 4, o -> v.copy(0, o, 4)));
    }

    @Test
    void viewAccessesAreCheckedAgainstTheViewAndRefusalsTouchNothing() {
        Reservation r = committed(3);
        long start = page + 5;
        int size = 100;
        MemoryView v = r.view(start, size);
        // Every page around the view is committed, so only the view's own checks can refuse these accesses.
        r.fill(0, 3 * page, (byte) 0x5A);
        r.fill(start, size, (byte) 0x11);
        for (Accessor a : accessors(v)) {
            long lastValid = size - a.width;
            assertDoesNotThrow(() -> a.access.accept(0), a.name);
            assertDoesNotThrow(() -> a.access.accept(lastValid), a.name);
            for (long bad : new long[]{lastValid + 1, size, -1, -a.width, Long.MAX_VALUE, Long.MAX_VALUE - a.width + 2,
                    Long.MIN_VALUE}) {
                assertThrows(IndexOutOfBoundsException.class, () -> a.access.accept(bad), a.name + " at " + bad);
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> v.copy(0, 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.copy(0, 0, size + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.copy(1, 0, size));
        assertThrows(IndexOutOfBoundsException.class, () -> v.copy(0, 1, size));

        // Array ranges: a refused get leaves the array alone, a refused put the memory.
        byte[] sevens = new byte[4];
        Arrays.fill(sevens, (byte) 7);
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(0, sevens, 2, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(0, sevens, -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(0, sevens, 0, -1));
        assertArrayEquals(new byte[]{7, 7, 7, 7}, sevens);
        int[] sevenInts = {SEVENS_INT, SEVENS_INT, SEVENS_INT, SEVENS_INT};
        long[] sevenLongs = {SEVENS_LONG, SEVENS_LONG};
        double[] sevenDoubles = {SEVENS_DOUBLE, SEVENS_DOUBLE};
        assertThrows(IndexOutOfBoundsException.class, () -> v.put(0, sevens, 1, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> v.put(0, sevenInts, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> v.put(0, sevenInts, 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(0, new int[4], Integer.MAX_VALUE, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(0, new long[2], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> v.put(0, sevenLongs, 1, Integer.MAX_VALUE));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(0, new double[2], 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> v.put(0, sevenDoubles, -1, 1));
        // Counts that fit the array but not the view.
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(size - 8, new long[4], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> v.put(size - 8, sevenLongs, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> v.put(size - 12, sevenInts, 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> v.put(size - 15, sevenDoubles, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> v.put(size - 3, sevens, 0, 4));
        assertThrows(NullPointerException.class, () -> v.get(0, (byte[]) null, 0, 1));
        assertThrows(NullPointerException.class, () -> v.put(0, (long[]) null, 0, 1));

        byte[] all = new byte[(int) (3 * page)];
        r.get(0, all, 0, all.length);
        for (int i = 0; i < all.length; i++) {
            if (i < start || i >= start + size) {
                assertEquals((byte) 0x5A, all[i], "byte " + i + " outside the view was written");
            } else {
                assertTrue(all[i] != 7 && all[i] != 0x5A, "byte " + i + " of the view was written by a refused access"
                        + " (" + all[i] + ")");
            }
        }
    }

    @Test
    void aViewNeedsEveryPageOfItsRangeCommittedReadWrite() {
        Reservation r = reserve(8 * page);
        PageAccessException never = assertThrows(PageAccessException.class, () -> r.view(0, 1));
        assertTrue(never.getMessage().contains("not committed"), never.getMessage());
        r.commit(0, 4 * page);
        PageAccessException onePast = assertThrows(PageAccessException.class, () -> r.view(page + 3, 3 * page - 2));
        assertEquals(4 * page, onePast.pageOffset());
        assertEquals(3 * page, r.view(page, 3 * page).byteSize());

        r.protect(2 * page, page, Protection.READ_ONLY);
        PageAccessException readOnly = assertThrows(PageAccessException.class, () -> r.view(2 * page - 1, 2));
        assertEquals(2 * page, readOnly.pageOffset());
        assertTrue(readOnly.getMessage().contains("READ_ONLY"), readOnly.getMessage());
        assertThrows(PageAccessException.class, () -> r.view(3 * page - 1, 1));
        r.protect(2 * page, page, Protection.NONE);
        PageAccessException none = assertThrows(PageAccessException.class, () -> r.view(2 * page + 100, 8));
        assertTrue(none.getMessage().contains("NONE"), none.getMessage());
        r.decommit(3 * page, page);
        PageAccessException decommitted = assertThrows(PageAccessException.class, () -> r.view(0, 4 * page));
        assertEquals(2 * page, decommitted.pageOffset(), "the first page refused");
        assertThrows(PageAccessException.class, () -> r.view(3 * page, page));

        MemoryView around = r.view(0, 2 * page); // the pages before are as they were
        around.putInt(2 * page - 4, 5);
        assertEquals(5, r.getInt(2 * page - 4));
        r.protect(2 * page, page, Protection.READ_WRITE);
        assertEquals(3 * page, r.view(0, 3 * page).byteSize());
    }

    @Test
    void aViewOutsideTheReservationOrOfAReleasedOneIsRefused() {
        Reservation r = committed(2);
        long size = r.size();
        assertThrows(IndexOutOfBoundsException.class, () -> r.view(-1, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> r.view(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> r.view(size - 7, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> r.view(1, size));
        assertThrows(IndexOutOfBoundsException.class, () -> r.view(size + 1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> r.view(Long.MAX_VALUE, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> r.view(8, Long.MAX_VALUE));
        assertThrows(IndexOutOfBoundsException.class, () -> r.view(Long.MIN_VALUE, 8));
        assertEquals(size, r.view(0, size).byteSize());
        r.release();
        IllegalStateException released = assertThrows(IllegalStateException.class, () -> r.view(0, 8));
        assertTrue(released.getMessage().contains("released"), released.getMessage());
        assertThrows(IllegalStateException.class, () -> r.view(0, 0));
    }

    /**
     * Every accessor of {@code v} (found by reflection, so that one added later is covered too) throws
     * IllegalStateException, not a PageAccessException, and writes no array it was given.
     */
    private static void assertEveryAccessFails(MemoryView v) throws Exception {
        assertTrue(v.isRevoked());
        Set<String> allowed = Set.of("byteSize", "isRevoked");
        int covered = 0;
        for (Method method : MemoryView.class.getMethods()) {
            if (method.getDeclaringClass() != MemoryView.class || allowed.contains(method.getName())
                    || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Object[] args = viewArguments(method);
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> method.invoke(v, args), method.toString());
            Throwable cause = thrown.getCause();
            assertInstanceOf(IllegalStateException.class, cause, method.toString());
            assertFalse(cause instanceof PageAccessException, method + ": " + cause);
            assertTrue(cause.getMessage() != null && cause.getMessage().contains("revoked"), method + ": " + cause);
            assertArrayEquals(viewArguments(method), args, method + " wrote its array");
            covered++;
        }
        assertTrue(covered >= 17, "only " + covered + " methods were tried");
        assertTrue(v.isRevoked());
    }

    /** Arguments valid for {@code method} on a live view of 16 bytes or more; a new array each time, equal ones. */
    private static Object[] viewArguments(Method method) {
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            args[i] = type == long.class ? (Object) (i == 0 ? 0L : 8L) // copy(0, 8, 8); putLong's value 8
                    : type == int.class ? (Object) (i == 2 ? 0 : 2) // array index 0, count 2
                    : type == byte.class ? (Object) (byte) 0x77
                    : type == double.class ? (Object) 1.5d
                    : type == byte[].class ? new byte[]{0x77, 0x77, 0x77, 0x77}
                    : type == int[].class ? new int[]{-1, -1, -1}
                    : type == long[].class ? new long[]{-1, -1, -1}
                    : type == double[].class ? new double[]{-1.5, -1.5, -1.5}
                    : null;
            assertNotNull(args[i], method + ": no argument for " + type);
        }
        return args;
    }

    @Test
    void aDecommitOfAnyPageRevokesEveryViewAndTheirAccessesTouchNothing() throws Exception {
        Reservation r = committed(4);
        MemoryView v = r.view(8, page);
        MemoryView other = r.view(2 * page, 64);
        pattern(r, 8, (int) page);
        r.decommit(3 * page, page); // outside both views
        assertTrue(v.isRevoked());
        assertTrue(other.isRevoked());
        assertEveryAccessFails(v);
        assertEveryAccessFails(other);
        for (int i = 0; i < page; i++) {
            assertEquals((byte) (i + 1), r.getByte(8 + i), "a revoked view wrote byte " + i);
        }

        MemoryView again = r.view(8, page);
        assertFalse(again.isRevoked());
        assertTrue(v.isRevoked(), "a new view revived an old one");
        assertEquals(6, again.getByte(5));
        again.putLong(16, 77);
        assertEquals(77, r.getLong(24));
        // A refused paging call takes nothing away: page 3 is not committed.
        assertThrows(PageAccessException.class, () -> r.protect(2 * page, 2 * page, Protection.READ_ONLY));
        assertFalse(again.isRevoked());
        r.decommit(2 * page, page); // the next revoke reaches the new view too
        assertEveryAccessFails(again);
        assertEquals(77, r.getLong(24));
    }

    @Test
    void aProtectRevokesTheViewsOnlyWhenItTakesRightsAway() throws Exception {
        Reservation r = committed(4);
        MemoryView v = r.view(0, page);
        v.putLong(0, 42);
        r.protect(page, 2 * page, Protection.READ_WRITE); // READ_WRITE already: nothing taken away
        assertFalse(v.isRevoked());
        assertEquals(42, v.getLong(0));
        r.protect(3 * page, page, Protection.READ_ONLY);
        assertEveryAccessFails(v);
        assertEquals(42, r.getLong(0));

        MemoryView w = r.view(0, page);
        r.protect(3 * page, page, Protection.READ_ONLY); // READ_ONLY already
        assertFalse(w.isRevoked());
        r.protect(3 * page, page, Protection.READ_WRITE); // gives rights
        assertFalse(w.isRevoked());
        w.putLong(8, 43);
        assertEquals(43, r.getLong(8));
        r.protect(3 * page, page, Protection.NONE);
        assertEveryAccessFails(w);
        assertEquals(43, r.getLong(8));
    }

    @Test
    void releaseRevokesEveryView() throws Exception {
        Reservation r = committed(2);
        MemoryView v = r.view(0, page);
        MemoryView w = r.view(3, 2 * page - 3);
        MemoryView empty = r.view(2 * page, 0);
        v.putInt(0, 1);
        r.release();
        assertEveryAccessFails(v); // the range is unmapped: an access that reached memory would crash the JVM
        assertEveryAccessFails(w);
        assertTrue(empty.isRevoked());
        assertThrows(IllegalStateException.class, () -> empty.get(0, new byte[0], 0, 0));
        assertEquals(page, v.byteSize());
    }

    @Test
    void aRevokedViewOfDecommittedPagesThrowsInsteadOfTouchingThem() throws Exception {
        Reservation r = committed(2);
        MemoryView v = r.view(0, 2 * page);
        v.putLong(page, 1);
        r.decommit(0, 2 * page); // PROT_NONE now: an access that reached memory would crash the JVM
        assertEveryAccessFails(v);
        r.commit(0, page);
        r.protect(0, page, Protection.NONE);
        assertEveryAccessFails(v);
        r.commit(0, 2 * page);
        assertEveryAccessFails(v); // a commit does not bring a view back
        assertEquals(0, r.view(0, 2 * page).getLong(page));
    }

    @Test
    void commitsDoNotRevokeAView() {
        Reservation r = reserve(8 * page);
        r.commit(page, page);
        MemoryView v = r.view(page, page);
        v.putLong(0, 7);
        r.commit(2 * page, 4 * page); // pages beyond the view
        r.commit(0, 2 * page); // pages before it, and its own again
        r.decommit(6 * page, 2 * page); // pages never committed: the decommit takes nothing away
        assertEquals(6 * page, r.committedBytes());
        assertFalse(v.isRevoked());
        assertEquals(7, v.getLong(0));
        v.putLong(8, 8);
        assertEquals(8, r.getLong(page + 8));
        MemoryView wide = r.view(0, 6 * page); // across pages committed at different times
        assertEquals(7, wide.getLong(page));
        wide.putLong(6 * page - 8, 9);
        assertEquals(9, r.getLong(6 * page - 8));
    }

    @Test
    void aZeroLengthViewNeedsNoCommittedPageAndIsRevokedLikeAnyOther() throws Exception {
        Reservation r = reserve(2 * page);
        MemoryView atStart = r.view(0, 0);
        MemoryView atEnd = r.view(r.size(), 0);
        r.commit(0, page);
        MemoryView inside = r.view(page / 2, 0);
        for (MemoryView v : List.of(atStart, atEnd, inside)) {
            assertEquals(0, v.byteSize());
            assertFalse(v.isRevoked());
            for (Accessor a : accessors(v)) {
                assertThrows(IndexOutOfBoundsException.class, () -> a.access.accept(0), a.name);
            }
            assertDoesNotThrow(() -> v.get(0, new byte[0], 0, 0));
            assertDoesNotThrow(() -> v.put(0, new long[2], 2, 0));
            assertDoesNotThrow(() -> v.copy(0, 0, 0));
        }
        r.decommit(0, page);
        for (MemoryView v : List.of(atStart, atEnd, inside)) {
            assertTrue(v.isRevoked());
            assertThrows(IllegalStateException.class, () -> v.get(0, new byte[0], 0, 0));
            assertThrows(IllegalStateException.class, () -> v.put(0, new double[1], 1, 0));
            assertThrows(IllegalStateException.class, () -> v.copy(0, 0, 0));
        }
    }

    @Test
    void aViewIsUsedOnAnyThreadAndRevokesMadeOnOneAreSeenOnAnother() throws Exception {
        Reservation r = committed(3);
        r.putLong(0, 1); // this thread owns the reservation: its own accesses need no fence, the views' do
        MemoryView v = r.view(0, page);
        assertNull(thrownOn(() -> v.putLong(8, 99)));
        assertEquals(99, r.getLong(8));
        r.decommit(2 * page, page);
        Throwable revoked = thrownOn(() -> v.getLong(8));
        assertInstanceOf(IllegalStateException.class, revoked);
        assertFalse(revoked instanceof PageAccessException, revoked.toString());

        MemoryView w = r.view(0, page);
        assertNull(thrownOn(() -> r.protect(page, page, Protection.READ_ONLY)));
        assertThrows(IllegalStateException.class, () -> w.putLong(8, 1));
        MemoryView x = r.view(0, page);
        assertNull(thrownOn(r::release));
        assertTrue(x.isRevoked());
        assertThrows(IllegalStateException.class, () -> x.getLong(8));
    }

    /** Runs {@code body} on a new thread and returns what it threw, or null. */
    private static Throwable thrownOn(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        thread.start();
        thread.join();
        return thrown.get();
    }

    /**
     * As {@link #aReservationNobodyHoldsStaysMappedUntilItsAccessReturns}, for views: a structure may hold only a
     * view, and a view that is unreachable once its bulk access began must keep its reservation mapped until it ends.
     */
    @Test
    void aViewNobodyHoldsKeepsItsReservationMappedUntilItsAccessReturns() throws InterruptedException {
        try (QuietLogs quiet = QuietLogs.mmsb()) {
            accessUnheldViews();
        }
    }

    private void accessUnheldViews() throws InterruptedException {
        byte[] bytes = new byte[UNHELD_BYTES];
        long[] longs = new long[UNHELD_BYTES / Long.BYTES];
        double[] doubles = new double[UNHELD_BYTES / Double.BYTES];
        // Only compiled code lets a reference die before its method ends, so compile the accesses first.
        for (int i = 0; i < 3000; i++) {
            try (Reservation r = backend.reserve(2 * page)) {
                r.commit(0, 2 * page);
                bulkViewAccess(i, r.view(0, 2 * page), bytes, longs, doubles, (int) (2 * page));
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread collector = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
                LockSupport.parkNanos(1_000_000);
            }
        });
        long leaksBefore = AbstractReservation.reclaimedLeaks();
        collector.start();
        int rounds = 0;
        try {
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < deadline) {
                bytes[0] = 1;
                bytes[UNHELD_BYTES - 1] = 1;
                longs[0] = 1;
                longs[longs.length - 1] = 1;
                bulkViewAccess(rounds, unheldView(), bytes, longs, doubles, UNHELD_BYTES);
                if (rounds % VIEW_BULK_ACCESSES == 0) { // gets from fresh memory: the whole array was overwritten
                    assertEquals(0, bytes[0] | bytes[UNHELD_BYTES - 1], "round " + rounds);
                } else if (rounds % VIEW_BULK_ACCESSES == 2) {
                    assertEquals(0, longs[0] | longs[longs.length - 1], "round " + rounds);
                }
                rounds++;
            }
        } finally {
            stop.set(true);
            collector.join();
        }
        assertTrue(AbstractReservation.reclaimedLeaks() > leaksBefore, "the Cleaner reclaimed none of the "
                + rounds + " unheld reservations while their views were used, so the test proved nothing");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (AbstractReservation.reclaimedLeaks() - leaksBefore < rounds && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
    }

    /** A view of a committed reservation of {@link #UNHELD_BYTES}, which nothing but the view refers to. */
    private MemoryView unheldView() {
        Reservation r = backend.reserve(UNHELD_BYTES);
        r.commit(0, UNHELD_BYTES);
        return r.view(0, UNHELD_BYTES);
    }

    /** One of {@value #VIEW_BULK_ACCESSES} bulk accesses of {@code n} bytes through {@code v}, picked by round. */
    private static void bulkViewAccess(int round, MemoryView v, byte[] bytes, long[] longs, double[] doubles,
                                       int n) {
        switch (round % VIEW_BULK_ACCESSES) {
            case 0:
                v.get(0, bytes, 0, n);
                break;
            case 1:
                v.put(0, bytes, 0, n);
                break;
            case 2:
                v.get(0, longs, 0, n / Long.BYTES);
                break;
            case 3:
                v.put(0, doubles, 0, n / Double.BYTES);
                break;
            default:
                v.copy(0, n / 2, n / 2);
                break;
        }
    }

    // ---- diagnostics --------------------------------------------------------------------------------------------

    @Test
    void everyPagingOperationIsAJfrEvent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mmsb.jfr");
        long reservationId;
        try (Recording recording = new Recording()) {
            recording.enable(MemoryOperationEvent.NAME);
            recording.start();
            Reservation r = backend.reserve(4 * page);
            reservationId = ((AbstractReservation) r).id();
            r.commit(page, 2 * page);
            r.protect(page, page, Protection.READ_ONLY);
            r.decommit(page, 2 * page);
            assertThrows(IllegalArgumentException.class, () -> r.commit(1, page));
            r.release();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(MemoryOperationEvent.NAME))
                .filter(e -> e.getLong("reservationId") == reservationId)
                .collect(Collectors.toList());
        List<String> operations = events.stream().map(e -> e.getString("operation")).collect(Collectors.toList());
        assertEquals(List.of("reserve", "commit", "protect(READ_ONLY)", "decommit", "commit", "release"), operations);
        RecordedEvent commit = events.get(1);
        assertEquals(backend.name(), commit.getString("backend"));
        assertEquals(page, commit.getLong("offset"));
        assertEquals(2 * page, commit.getLong("length"));
        assertEquals(1, commit.getLong("page"));
        assertEquals(events.get(0).getLong("address") + page, commit.getLong("address"));
        assertEquals("ok", commit.getString("outcome"));
        assertNotNull(commit.getDuration());
        assertTrue(events.get(0).getDuration().toNanos() > 0, "reserve has a duration");
        RecordedEvent refused = events.get(4);
        assertEquals(1, refused.getLong("offset"));
        assertTrue(refused.getString("outcome").startsWith("java.lang.IllegalArgumentException: commit: offset=1"),
                refused.getString("outcome"));
        assertEquals(page * 4, events.get(5).getLong("length"));
    }

    /** JMC shows a field in hex when its content type is {@code jdk.jfr.MemoryAddress}: every address field has it. */
    @Test
    void addressFieldsAreMemoryAddressesInTheRecording(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mmsb.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(MemoryOperationEvent.NAME);
            recording.enable(PageOperationEvent.NAME);
            recording.start();
            try (PageAllocator allocator = new PageAllocator(backend)) {
                allocator.allocate(1, page);
                allocator.commit(1);
                allocator.write(1, 0, new byte[] {1}, 0, 1);
                allocator.free(1);
            }
            backend.reserve(page).release();
            recording.stop();
            recording.dump(file);
        }
        Map<String, EventType> types = new HashMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            types.putIfAbsent(event.getEventType().getName(), event.getEventType());
        }
        for (String name : List.of(MemoryOperationEvent.NAME, PageOperationEvent.NAME)) {
            EventType type = types.get(name);
            assertNotNull(type, name + " was not recorded; recorded: " + types.keySet());
            List<ValueDescriptor> addresses = type.getFields().stream()
                    .filter(f -> f.getName().toLowerCase(Locale.ROOT).contains("address"))
                    .collect(Collectors.toList());
            assertFalse(addresses.isEmpty(), name + " has no address field");
            for (ValueDescriptor field : addresses) {
                assertNotNull(field.getAnnotation(MemoryAddress.class), name + "." + field.getName());
                assertEquals(MemoryAddress.class.getName(), field.getContentType(), name + "." + field.getName());
            }
        }
    }

    @Test
    void refusalsAreLoggedAtDebugAndOsFailuresAtWarning() {
        Reservation r = reserve(4 * page);
        long id = ((AbstractReservation) r).id();
        List<String> refusals;
        List<String> failures;
        try (CapturedLogs logs = CapturedLogs.mmsb()) {
            assertThrows(IllegalArgumentException.class, () -> r.commit(1, 2 * page));
            assertThrows(PageAccessException.class, () -> r.protect(0, page, Protection.NONE));
            assertThrows(IllegalArgumentException.class, () -> backend.reserve(-3 * page));
            assertThrows(NativeMemoryException.class, () -> backend.reserve(1L << 60));
            refusals = logs.messages(Level.FINE);
            failures = logs.messages(Level.WARNING);
        }
        // Digits are not grouped ("length=8,192"), so the logs read like the exceptions.
        assertTrue(refusals.contains("commit backend=" + backend.name() + " reservation=" + id + " page=0 address=0x"
                + Long.toHexString(((AbstractReservation) r).address() + 1) + " offset=1 length=" + 2 * page
                + " outcome=java.lang.IllegalArgumentException: commit: offset=1 length=" + 2 * page
                + " must be multiples of the page size " + page), refusals.toString());
        assertTrue(refusals.stream().anyMatch(m -> m.startsWith("protect(NONE) ") && m.contains("PageAccessException")),
                refusals.toString());
        assertTrue(refusals.stream().anyMatch(m -> m.startsWith("reserve ") && m.contains("length=" + -3 * page)),
                refusals.toString());
        assertTrue(failures.stream().anyMatch(m -> m.startsWith("reserve ") && m.contains("length=" + (1L << 60))
                && m.contains("NativeMemoryException")), failures.toString());
        assertTrue(failures.stream().noneMatch(m -> m.contains("IllegalArgumentException")
                || m.contains("PageAccessException")), failures.toString());
    }

    // ---- grow -----------------------------------------------------------------------------------------------------

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
