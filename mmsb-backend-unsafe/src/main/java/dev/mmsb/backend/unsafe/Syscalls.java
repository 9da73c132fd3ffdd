package dev.mmsb.backend.unsafe;

import com.sun.jna.Native;
import dev.mmsb.memory.NativeMemoryException;

/**
 * The paging syscalls with their failures turned into {@link NativeMemoryException}s that carry errno. Linux
 * constants for x86-64 and AArch64; arguments are passed through unchecked.
 */
final class Syscalls {
    static final int PROT_NONE = 0;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_NORESERVE = 0x4000;
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    static final int MREMAP_MAYMOVE = 1;
    static final int MREMAP_FIXED = 2;
    private static final int EEXIST = 17;
    static final int MADV_DONTNEED = 4;
    private static final int SC_PAGESIZE = 30;
    private static final long MAP_FAILED = -1;
    static final int ENOMEM = 12;
    /**
     * strerror(ENOMEM), read once: an ENOMEM can mean the process is out of memory mappings, and then JNA's first
     * conversion of a C string (which loads classes) could need one.
     */
    private static final String ENOMEM_TEXT = Libc.strerror(ENOMEM);

    private Syscalls() {
    }

    /** {@code sysconf(_SC_PAGESIZE)}; -1 if the OS does not say (the backend then refuses to start). */
    static long pageSize() {
        return Libc.sysconf(SC_PAGESIZE);
    }

    /** Maps {@code length} bytes {@code PROT_NONE}, private, anonymous, without reserving swap; returns the address. */
    static long map(long length) {
        long address = Libc.mmap(0, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (address == MAP_FAILED) {
            throw failure("mmap", 0, length);
        }
        return address;
    }

    /**
     * Maps {@code length} bytes {@code PROT_NONE} at exactly {@code address} if nothing is mapped there
     * ({@code MAP_FIXED_NOREPLACE}, Linux 4.17+; an older kernel takes the address as a hint, and a mapping elsewhere
     * is undone). Returns false when the range is taken.
     */
    static boolean mapAt(long address, long length) {
        long result = Libc.mmap(address, length, PROT_NONE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (result == MAP_FAILED) {
            int errno = Native.getLastError();
            if (errno == EEXIST) {
                return false;
            }
            throw new NativeMemoryException("mmap(MAP_FIXED_NOREPLACE)", address, length, errno,
                    Libc.strerror(errno));
        }
        if (result != address) {
            unmap(result, length);
            return false;
        }
        return true;
    }

    /** {@code mremap(from, length, length, MREMAP_MAYMOVE | MREMAP_FIXED, to)}: moves one mapping's pages. */
    static void move(long from, long length, long to) {
        if (Libc.mremap(from, length, length, MREMAP_MAYMOVE | MREMAP_FIXED, to) == MAP_FAILED) {
            throw failure("mremap(to 0x" + Long.toHexString(to) + ")", from, length);
        }
    }

    /**
     * Like {@link #map(long)}, but a reservation of at least {@code alignment} bytes starts on an {@code alignment}
     * boundary (huge pages need it): maps {@code length + alignment} and unmaps the unaligned head and the tail,
     * leaving exactly {@code [start, start + length)} mapped. If the larger mapping fails (address space nearly full),
     * maps {@code length} unaligned instead.
     */
    static long mapAligned(long length, long alignment) {
        if (length < alignment || length > Long.MAX_VALUE - alignment) {
            return map(length);
        }
        long raw;
        try {
            raw = map(length + alignment);
        } catch (NativeMemoryException e) {
            return map(length);
        }
        long start = (raw + alignment - 1) & -alignment;
        long end = raw + length + alignment;
        long mappedFrom = raw;
        try {
            if (start > raw) {
                unmap(raw, start - raw);
            }
            mappedFrom = start;
            if (end > start + length) {
                unmap(start + length, end - start - length);
            }
        } catch (RuntimeException e) {
            try {
                unmap(mappedFrom, end - mappedFrom);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return start;
    }

    /**
     * {@code madvise(address, length, advice)} for advice whose failure is not an error to MMSB (huge pages,
     * populate): returns 0 or the errno, and throws nothing for a failed call.
     */
    static int advise(long address, long length, int advice) {
        return Libc.madvise(address, length, advice) == 0 ? 0 : Native.getLastError();
    }

    static String strerror(int errno) {
        return Libc.strerror(errno);
    }

    /** {@code mprotect} with {@code prot}, a combination of {@code PROT_*}. */
    static void protect(long address, long length, int prot) {
        if (Libc.mprotect(address, length, prot) != 0) {
            throw failure("mprotect(" + describe(prot) + ")", address, length);
        }
    }

    /** {@code madvise(MADV_DONTNEED)}: drops the pages; private anonymous memory reads as zeros afterwards. */
    static void dontNeed(long address, long length) {
        if (Libc.madvise(address, length, MADV_DONTNEED) != 0) {
            throw failure("madvise(MADV_DONTNEED)", address, length);
        }
    }

    static void unmap(long address, long length) {
        if (Libc.munmap(address, length) != 0) {
            throw failure("munmap", address, length);
        }
    }

    /** Must run right after the failed call: any other native call may overwrite the recorded errno. */
    private static NativeMemoryException failure(String operation, long address, long length) {
        int errno = Native.getLastError();
        return new NativeMemoryException(operation, address, length, errno,
                errno == ENOMEM ? ENOMEM_TEXT : Libc.strerror(errno));
    }

    private static String describe(int prot) {
        switch (prot) {
            case PROT_NONE:
                return "PROT_NONE";
            case PROT_READ:
                return "PROT_READ";
            case PROT_READ | PROT_WRITE:
                return "PROT_READ|PROT_WRITE";
            default:
                return "0x" + Integer.toHexString(prot);
        }
    }
}
