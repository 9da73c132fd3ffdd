package dev.mmsb.bench.floor;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * The floor: {@code mmap}/{@code mprotect}/{@code madvise}/{@code munmap} called directly through JNA direct mapping
 * (the bench compiles for JDK 17, so no Panama downcalls here), and plain {@code sun.misc.Unsafe} stores for the first
 * touch (through a constant method handle, which inlines like a direct call and keeps javac's warnings about
 * {@code sun.misc} out of the build). No checks, no bookkeeping: what a backend would cost if it did nothing but the
 * syscalls. Direct mapping adds JNI's per-call overhead, a few tens of ns, which the Unsafe backend pays too and a
 * Panama downcall mostly does not.
 * Linux constants for x86-64 and AArch64; any failure is an {@link IllegalStateException} with errno.
 */
public final class DirectSyscalls {
    public static final int PROT_NONE = 0;
    public static final int PROT_READ_WRITE = 1 | 2;
    private static final int MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final int SC_PAGESIZE = 30;
    private static final MethodHandle PUT_INT = unsafePutInt();

    static {
        Native.register(DirectSyscalls.class, Platform.C_LIBRARY_NAME);
    }

    private DirectSyscalls() {
    }

    private static native long mmap(long address, long length, int prot, int flags, int fd, long offset);

    private static native int mprotect(long address, long length, int prot);

    private static native int madvise(long address, long length, int advice);

    private static native int munmap(long address, long length);

    private static native long sysconf(int name);

    public static long pageSize() {
        return sysconf(SC_PAGESIZE);
    }

    /** Reserves {@code length} bytes {@code PROT_NONE}, as the backends do; returns the address. */
    public static long reserve(long length) {
        long address = mmap(0, length, PROT_NONE, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0);
        if (address == -1) {
            throw failure("mmap");
        }
        return address;
    }

    /** {@code mprotect(PROT_READ|PROT_WRITE)}: what a commit is. */
    public static void commit(long address, long length) {
        if (mprotect(address, length, PROT_READ_WRITE) != 0) {
            throw failure("mprotect");
        }
    }

    /** {@code madvise(MADV_DONTNEED)} then {@code mprotect(PROT_NONE)}: what a decommit is. */
    public static void decommit(long address, long length) {
        if (madvise(address, length, MADV_DONTNEED) != 0) {
            throw failure("madvise");
        }
        if (mprotect(address, length, PROT_NONE) != 0) {
            throw failure("mprotect");
        }
    }

    public static void release(long address, long length) {
        if (munmap(address, length) != 0) {
            throw failure("munmap");
        }
    }

    /** An unchecked store: the first one to a page is the page fault. */
    public static void putInt(long address, int value) {
        try {
            PUT_INT.invokeExact(address, value);
        } catch (Throwable e) {
            throw new IllegalStateException("Unsafe.putInt failed", e);
        }
    }

    private static IllegalStateException failure(String call) {
        return new IllegalStateException(call + " failed, errno " + Native.getLastError());
    }

    /** {@code theUnsafe.putInt(long, int)}, bound to the instance. */
    private static MethodHandle unsafePutInt() {
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return MethodHandles.lookup().findVirtual(type, "putInt",
                    MethodType.methodType(void.class, long.class, int.class)).bindTo(field.get(null));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
