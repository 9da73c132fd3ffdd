package dev.mmsb.backend.panama;

import dev.mmsb.memory.NativeMemoryException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls under the Panama backend, as {@code java.lang.foreign} downcalls. Each call that can fail captures
 * {@code errno} on the call itself and turns a failure into a {@link NativeMemoryException}.
 *
 * <p>Constants are Linux's for x86-64 and AArch64; other architectures are refused by
 * {@link PanamaBackendProvider}. Loading this class makes the downcall handles, which
 * are restricted methods: it fails with {@link IllegalCallerException} when native access is denied.
 */
final class LinuxSyscalls {
    static final int PROT_NONE = 0;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_NORESERVE = 0x4000;
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    static final int MREMAP_MAYMOVE = 1;
    static final int MREMAP_FIXED = 2;
    static final int MADV_DONTNEED = 4;
    static final int SC_PAGESIZE = 30;
    static final long MAP_FAILED = -1L;

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /**
     * One capture segment per thread, reused by every call on it: errno must be captured by the call that failed, so
     * every call needs one, and allocating it per call would cost more than some of the calls.
     */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private static final MethodHandle MMAP;
    private static final MethodHandle MPROTECT;
    private static final MethodHandle MADVISE;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MREMAP;
    private static final MethodHandle SYSCONF;
    private static final MethodHandle STRERROR;
    static final int ENOMEM = 12;
    /**
     * strerror(ENOMEM), read once: an ENOMEM can mean the process is out of memory mappings, and then reading a C
     * string for the first time (which loads classes) could need one.
     */
    private static final String ENOMEM_TEXT;

    static {
        Linker linker = Linker.nativeLinker();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        MMAP = downcall(linker, "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_LONG), errno);
        MPROTECT = downcall(linker, "mprotect", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
        // madvise itself: glibc's posix_madvise(POSIX_MADV_DONTNEED) does nothing.
        MADVISE = downcall(linker, "madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
        MUNMAP = downcall(linker, "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), errno);
        // mremap is variadic: the new address is its fifth, variadic, argument.
        MREMAP = downcall(linker, "mremap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT,
                ADDRESS), errno, Linker.Option.firstVariadicArg(4));
        SYSCONF = downcall(linker, "sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT), errno);
        STRERROR = downcall(linker, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        ENOMEM_TEXT = strerror(ENOMEM);
    }

    private LinuxSyscalls() {
    }

    @SuppressWarnings("restricted") // the reason this backend needs --enable-native-access
    private static MethodHandle downcall(Linker linker, String name, FunctionDescriptor descriptor,
                                         Linker.Option... options) {
        MemorySegment symbol = linker.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no symbol " + name));
        return linker.downcallHandle(symbol, descriptor, options);
    }

    /** The page size from {@code sysconf(_SC_PAGESIZE)}. */
    static long pageSize() {
        MemorySegment capture = CAPTURE.get();
        long result;
        try {
            result = (long) SYSCONF.invokeExact(capture, SC_PAGESIZE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result <= 0) {
            throw failure("sysconf(_SC_PAGESIZE)", 0, 0, capture);
        }
        return result;
    }

    /**
     * Maps {@code size} bytes {@code PROT_NONE}, {@code MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE}: address space
     * only, nothing touched or accounted.
     *
     * @return the start address
     */
    static long reserve(long size) {
        MemorySegment capture = CAPTURE.get();
        MemorySegment result;
        try {
            result = (MemorySegment) MMAP.invokeExact(capture, MemorySegment.NULL, size, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result.address() == MAP_FAILED) {
            throw failure("mmap", 0, size, capture);
        }
        return result.address();
    }

    /**
     * Maps {@code size} bytes {@code PROT_NONE} at exactly {@code address} if nothing is mapped there
     * ({@code MAP_FIXED_NOREPLACE}, Linux 4.17+; an older kernel takes the address as a hint, and a mapping elsewhere
     * is undone). Returns false when the range is taken.
     */
    static boolean reserveAt(long address, long size) {
        MemorySegment capture = CAPTURE.get();
        MemorySegment result;
        try {
            result = (MemorySegment) MMAP.invokeExact(capture, MemorySegment.ofAddress(address), size, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result.address() == MAP_FAILED) {
            int errno = (int) ERRNO.get(capture, 0L);
            if (errno == 17 /* EEXIST */) {
                return false;
            }
            throw new NativeMemoryException("mmap(MAP_FIXED_NOREPLACE)", address, size, errno, strerror(errno));
        }
        if (result.address() != address) {
            munmap(result.address(), size);
            return false;
        }
        return true;
    }

    /** {@code mremap(from, length, length, MREMAP_MAYMOVE | MREMAP_FIXED, to)}: moves one mapping's pages. */
    static void move(long from, long length, long to) {
        MemorySegment capture = CAPTURE.get();
        MemorySegment result;
        try {
            result = (MemorySegment) MREMAP.invokeExact(capture, MemorySegment.ofAddress(from), length, length,
                    MREMAP_MAYMOVE | MREMAP_FIXED, MemorySegment.ofAddress(to));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result.address() == MAP_FAILED) {
            throw failure("mremap(to 0x" + Long.toHexString(to) + ")", from, length, capture);
        }
    }

    /**
     * Like {@link #reserve(long)}, but a reservation of at least {@code alignment} bytes starts on an
     * {@code alignment} boundary (huge pages need it): maps {@code size + alignment} and unmaps the unaligned head and
     * the tail, leaving exactly {@code [start, start + size)} mapped. If the larger mapping fails (address space nearly
     * full), maps {@code size} unaligned instead.
     */
    static long reserveAligned(long size, long alignment) {
        if (size < alignment || size > Long.MAX_VALUE - alignment) {
            return reserve(size);
        }
        long raw;
        try {
            raw = reserve(size + alignment);
        } catch (NativeMemoryException e) {
            return reserve(size);
        }
        long start = (raw + alignment - 1) & -alignment;
        long end = raw + size + alignment;
        long mappedFrom = raw;
        try {
            if (start > raw) {
                munmap(raw, start - raw);
            }
            mappedFrom = start;
            if (end > start + size) {
                munmap(start + size, end - start - size);
            }
        } catch (RuntimeException | Error e) {
            try {
                munmap(mappedFrom, end - mappedFrom);
            } catch (RuntimeException | Error suppressed) {
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
    static int madvise(long address, long length, int advice) {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) MADVISE.invokeExact(capture, MemorySegment.ofAddress(address), length, advice);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return result == 0 ? 0 : (int) ERRNO.get(capture, 0L);
    }

    /** {@code mprotect(address, length, prot)}; {@code prot} is a combination of {@code PROT_*}. */
    static void mprotect(long address, long length, int prot) {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) MPROTECT.invokeExact(capture, MemorySegment.ofAddress(address), length, prot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result != 0) {
            throw failure("mprotect(" + protName(prot) + ")", address, length, capture);
        }
    }

    /** {@code madvise(address, length, MADV_DONTNEED)}: drops the pages; private anonymous memory reads 0 after. */
    static void dontNeed(long address, long length) {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) MADVISE.invokeExact(capture, MemorySegment.ofAddress(address), length, MADV_DONTNEED);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result != 0) {
            throw failure("madvise(MADV_DONTNEED)", address, length, capture);
        }
    }

    static void munmap(long address, long length) {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) MUNMAP.invokeExact(capture, MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result != 0) {
            throw failure("munmap", address, length, capture);
        }
    }

    /** The C library's text for {@code errno}, e.g. "Invalid argument". */
    @SuppressWarnings("restricted")
    static String strerror(int errno) {
        MemorySegment text;
        try {
            text = (MemorySegment) STRERROR.invokeExact(errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        // glibc's messages are short; the bound only keeps a broken pointer from reading far.
        return text.equals(MemorySegment.NULL) ? "errno " + errno : text.reinterpret(1024).getString(0);
    }

    static String protName(int prot) {
        if (prot == PROT_NONE) {
            return "PROT_NONE";
        }
        String name = (prot & PROT_READ) != 0 ? "PROT_READ" : "";
        if ((prot & PROT_WRITE) != 0) {
            name = name.isEmpty() ? "PROT_WRITE" : name + "|PROT_WRITE";
        }
        return name;
    }

    private static NativeMemoryException failure(String operation, long address, long length, MemorySegment capture) {
        int errno = (int) ERRNO.get(capture, 0L);
        return new NativeMemoryException(operation, address, length, errno,
                errno == ENOMEM ? ENOMEM_TEXT : strerror(errno));
    }

    /** Downcalls throw nothing checked; anything else is an Error or RuntimeException to pass on unchanged. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
