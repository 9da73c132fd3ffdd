package dev.mmsb.backend.panama;

import dev.mmsb.memory.NativeMemoryException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The failure paths the Reservation API cannot reach: its own checks stop bad arguments first. */
class LinuxSyscallsTest {
    private static final int EINVAL = 22;

    @Test
    void pageSizeIsAPowerOfTwo() {
        long page = LinuxSyscalls.pageSize();
        assertTrue(page >= 4096 && Long.bitCount(page) == 1, "page size " + page);
    }

    @Test
    void munmapOfAnUnalignedAddressReportsEinval() {
        long page = LinuxSyscalls.pageSize();
        long address = LinuxSyscalls.reserve(2 * page);
        try {
            NativeMemoryException e = assertThrows(NativeMemoryException.class,
                    () -> LinuxSyscalls.munmap(address + 1, page));
            assertEquals("munmap", e.operation());
            assertEquals(EINVAL, e.errno());
            assertEquals(address + 1, e.address());
            assertEquals(page, e.length());
            assertTrue(e.getMessage().contains("errno=22 (Invalid argument)"), e.getMessage());
        } finally {
            LinuxSyscalls.munmap(address, 2 * page);
        }
    }

    @Test
    void madviseAndMprotectOfAnUnalignedAddressReportEinval() {
        long page = LinuxSyscalls.pageSize();
        long address = LinuxSyscalls.reserve(2 * page);
        try {
            NativeMemoryException madvise = assertThrows(NativeMemoryException.class,
                    () -> LinuxSyscalls.dontNeed(address + 8, page));
            assertEquals("madvise(MADV_DONTNEED)", madvise.operation());
            assertEquals(EINVAL, madvise.errno());
            assertTrue(madvise.getMessage().contains("errno=22"), madvise.getMessage());

            NativeMemoryException mprotect = assertThrows(NativeMemoryException.class, () -> LinuxSyscalls.mprotect(
                    address + 8, page, LinuxSyscalls.PROT_READ | LinuxSyscalls.PROT_WRITE));
            assertEquals("mprotect(PROT_READ|PROT_WRITE)", mprotect.operation());
            assertEquals(EINVAL, mprotect.errno());
        } finally {
            LinuxSyscalls.munmap(address, 2 * page);
        }
    }

    @Test
    void adviceWrapperReturnsTheKernelsErrnoInsteadOfThrowing() {
        long page = LinuxSyscalls.pageSize();
        long address = LinuxSyscalls.reserve(2 * page);
        try {
            assertEquals(EINVAL, LinuxSyscalls.madvise(address + 8, page, 14)); // MADV_HUGEPAGE, unaligned
            assertEquals(EINVAL, LinuxSyscalls.madvise(address, page, 9_999)); // no such advice
            assertEquals(0, LinuxSyscalls.madvise(address, 2 * page, 14));
            assertEquals("Invalid argument", LinuxSyscalls.strerror(EINVAL));
        } finally {
            LinuxSyscalls.munmap(address, 2 * page);
        }
    }

    @Test
    void alignedReserveKeepsExactlyTheAlignedRange() {
        long page = LinuxSyscalls.pageSize();
        long alignment = 2L << 20;
        long address = LinuxSyscalls.reserveAligned(3 * alignment + page, alignment);
        try {
            assertEquals(0, address % alignment);
            assertTrue(dev.mmsb.testing.ProcSelf.isMapped(address + 3 * alignment));
        } finally {
            LinuxSyscalls.munmap(address, 3 * alignment + page);
        }
        long small = LinuxSyscalls.reserveAligned(page, alignment); // too small to align: mapped as is
        LinuxSyscalls.munmap(small, page);
    }

    @Test
    void errnoIsTheFailedCallsOwnEvenAfterOtherCallsOnOtherThreads() throws Exception {
        long page = LinuxSyscalls.pageSize();
        long address = LinuxSyscalls.reserve(page);
        try {
            // ENOMEM on another thread must not leak into this thread's capture.
            Thread other = new Thread(() -> assertThrows(NativeMemoryException.class,
                    () -> LinuxSyscalls.reserve(1L << 60)));
            other.start();
            other.join();
            NativeMemoryException e = assertThrows(NativeMemoryException.class,
                    () -> LinuxSyscalls.munmap(address + 1, page));
            assertEquals(EINVAL, e.errno());
        } finally {
            LinuxSyscalls.munmap(address, page);
        }
    }

    @Test
    void protNamesSayWhatWasAsked() {
        assertEquals("PROT_NONE", LinuxSyscalls.protName(LinuxSyscalls.PROT_NONE));
        assertEquals("PROT_READ", LinuxSyscalls.protName(LinuxSyscalls.PROT_READ));
        assertEquals("PROT_READ|PROT_WRITE",
                LinuxSyscalls.protName(LinuxSyscalls.PROT_READ | LinuxSyscalls.PROT_WRITE));
    }

    @Test
    void strerrorNamesTheError() {
        assertEquals("Invalid argument", LinuxSyscalls.strerror(EINVAL));
        assertEquals("Cannot allocate memory", LinuxSyscalls.strerror(12));
    }
}
