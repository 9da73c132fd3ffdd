package dev.mmsb.bench.floor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The Panama floor ({@code syscall-panama}), the cheapest direct way from Java: raw {@code java.lang.foreign}
 * downcalls to libc, with {@code errno} captured on every call into a per-thread segment as the Panama backend does,
 * and nothing else — no argument checks, no page map, no arena, no diagnostics. Addresses are passed and returned as
 * {@code long}s (the same register as a pointer on the 64-bit Linux ABIs), so not even a {@code MemorySegment} is
 * made per call; the first touch is a store through a global-scope segment over the whole address space, which has
 * no liveness check. Compiled for JDK 25 like the backend (src/main/java25); {@link Floor#create} loads it by name.
 * Linux constants for x86-64 and AArch64.
 */
public final class PanamaSyscalls implements Floor {
    private static final int PROT_NONE = 0;
    private static final int PROT_READ_WRITE = 1 | 2;
    private static final int MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final int SC_PAGESIZE = 30;

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));
    private static final MemorySegment EVERYTHING = everything();

    private static final MethodHandle MMAP;
    private static final MethodHandle MPROTECT;
    private static final MethodHandle MADVISE;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle SYSCONF;

    static {
        Linker linker = Linker.nativeLinker();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        MMAP = downcall(linker, "mmap", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_LONG), errno);
        MPROTECT = downcall(linker, "mprotect", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT),
                errno);
        MADVISE = downcall(linker, "madvise", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), errno);
        MUNMAP = downcall(linker, "munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), errno);
        SYSCONF = downcall(linker, "sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT), errno);
    }

    @SuppressWarnings("restricted")
    private static MethodHandle downcall(Linker linker, String name, FunctionDescriptor descriptor,
                                         Linker.Option... options) {
        MemorySegment symbol = linker.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no symbol " + name));
        return linker.downcallHandle(symbol, descriptor, options);
    }

    @SuppressWarnings("restricted")
    private static MemorySegment everything() {
        return MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    }

    @Override
    public long pageSize() {
        MemorySegment capture = CAPTURE.get();
        long result;
        try {
            result = (long) SYSCONF.invokeExact(capture, SC_PAGESIZE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result <= 0) {
            throw failure("sysconf", capture);
        }
        return result;
    }

    @Override
    public long reserve(long length) {
        MemorySegment capture = CAPTURE.get();
        long address;
        try {
            address = (long) MMAP.invokeExact(capture, 0L, length, PROT_NONE, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (address == -1) {
            throw failure("mmap", capture);
        }
        return address;
    }

    @Override
    public void commit(long address, long length) {
        mprotect(address, length, PROT_READ_WRITE);
    }

    @Override
    public void decommit(long address, long length) {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) MADVISE.invokeExact(capture, address, length, MADV_DONTNEED);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result != 0) {
            throw failure("madvise", capture);
        }
        mprotect(address, length, PROT_NONE);
    }

    @Override
    public void release(long address, long length) {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) MUNMAP.invokeExact(capture, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result != 0) {
            throw failure("munmap", capture);
        }
    }

    @Override
    public void putInt(long address, int value) {
        EVERYTHING.set(ValueLayout.JAVA_INT_UNALIGNED, address, value);
    }

    /** {@code madvise(address, length, advice)}, e.g. MADV_HUGEPAGE (14) or MADV_POPULATE_WRITE (23). */
    @Override
    public void advise(long address, long length, int advice) {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) MADVISE.invokeExact(capture, address, length, advice);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result != 0) {
            throw failure("madvise(" + advice + ")", capture);
        }
    }

    private static void mprotect(long address, long length, int prot) {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) MPROTECT.invokeExact(capture, address, length, prot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result != 0) {
            throw failure("mprotect", capture);
        }
    }

    private static IllegalStateException failure(String call, MemorySegment capture) {
        return new IllegalStateException(call + " failed, errno " + (int) ERRNO.get(capture, 0L));
    }

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
