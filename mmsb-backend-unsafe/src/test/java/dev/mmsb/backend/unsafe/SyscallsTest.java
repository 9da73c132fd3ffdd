package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.NativeMemoryException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures of the raw syscalls carry errno; the unaligned address 1 makes each fail without touching anything. */
class SyscallsTest {
    private static final int EINVAL = 22;
    private static final int ENOMEM = 12;

    @Test
    void pageSizeIsAPowerOfTwo() {
        long page = Syscalls.pageSize();
        assertTrue(page >= 4096 && Long.bitCount(page) == 1, "page size " + page);
    }

    @Test
    void munmapOfAnUnalignedAddressReportsEinval() {
        NativeMemoryException e = assertThrows(NativeMemoryException.class, () -> Syscalls.unmap(1, 4096));
        assertFailure(e, "munmap", EINVAL);
        assertEquals(1, e.address());
        assertEquals(4096, e.length());
    }

    @Test
    void madviseOfAnUnalignedAddressReportsEinval() {
        NativeMemoryException e = assertThrows(NativeMemoryException.class, () -> Syscalls.dontNeed(1, 4096));
        assertFailure(e, "madvise(MADV_DONTNEED)", EINVAL);
    }

    @Test
    void adviceWrapperReturnsTheKernelsErrnoInsteadOfThrowing() {
        assertEquals(EINVAL, Syscalls.advise(1, 4096, 14)); // MADV_HUGEPAGE, unaligned
        long address = Syscalls.map(2 * 4096);
        try {
            assertEquals(EINVAL, Syscalls.advise(address, 4096, 9_999)); // no such advice
            assertEquals(0, Syscalls.advise(address, 2 * 4096, 14));
            assertEquals("Invalid argument", Syscalls.strerror(EINVAL));
        } finally {
            Syscalls.unmap(address, 2 * 4096);
        }
    }

    @Test
    void alignedMapKeepsExactlyTheAlignedRange() {
        long alignment = 2L << 20;
        long length = 3 * alignment + 4096;
        long address = Syscalls.mapAligned(length, alignment);
        assertEquals(0, address % alignment);
        Syscalls.unmap(address, length);
    }

    @Test
    void mprotectNamesTheProtection() {
        assertFailure(assertThrows(NativeMemoryException.class,
                () -> Syscalls.protect(1, 4096, Syscalls.PROT_READ | Syscalls.PROT_WRITE)),
                "mprotect(PROT_READ|PROT_WRITE)", EINVAL);
        assertFailure(assertThrows(NativeMemoryException.class, () -> Syscalls.protect(1, 4096, Syscalls.PROT_READ)),
                "mprotect(PROT_READ)", EINVAL);
        assertFailure(assertThrows(NativeMemoryException.class, () -> Syscalls.protect(1, 4096, Syscalls.PROT_NONE)),
                "mprotect(PROT_NONE)", EINVAL);
    }

    @Test
    void mmapBeyondTheAddressSpaceReportsEnomem() {
        assertFailure(assertThrows(NativeMemoryException.class, () -> Syscalls.map(1L << 60)), "mmap", ENOMEM);
    }

    @Test
    void mapAndUnmapSucceed() {
        long address = Syscalls.map(1 << 20);
        assertEquals(0, address & (Syscalls.pageSize() - 1));
        Syscalls.unmap(address, 1 << 20);
    }

    private static void assertFailure(NativeMemoryException e, String operation, int errno) {
        assertEquals(operation, e.operation());
        assertEquals(errno, e.errno(), e.getMessage());
        assertTrue(e.getMessage().startsWith(operation + " failed"), e.getMessage());
        assertTrue(e.getMessage().contains("errno=" + errno + " ("), e.getMessage());
        assertTrue(!e.getMessage().contains("()"), "strerror text missing: " + e.getMessage());
    }
}
