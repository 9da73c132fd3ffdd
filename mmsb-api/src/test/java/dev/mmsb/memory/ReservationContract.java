package dev.mmsb.memory;

import dev.mmsb.diag.MemoryOperationEvent;
import dev.mmsb.memory.limits.MappingLimit;
import dev.mmsb.memory.spi.AbstractReservation;
import dev.mmsb.testing.CapturedLogs;
import dev.mmsb.testing.MemoryLock;
import dev.mmsb.testing.ProcSelf;
import dev.mmsb.testing.QuietLogs;
import jdk.jfr.Recording;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
        assertTrue(e.getMessage().contains("maxCapacity"), e.getMessage());
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
}
