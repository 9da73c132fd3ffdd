package dev.mmsb.bench.floor;

import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * The JNA floor ({@code syscall-jna}): the syscalls through JNA direct mapping, as the Unsafe backend makes them, and
 * plain {@code sun.misc.Unsafe} stores for the first touch (through a constant method handle, which inlines like a
 * direct call and keeps javac's warnings about {@code sun.misc} out of the build). Direct mapping adds JNI's per-call
 * overhead, a few tens of ns, which the Unsafe backend pays too and a Panama downcall mostly does not: this is the
 * Unsafe backend's own floor, not the cheapest one. Linux constants for x86-64 and AArch64.
 */
public final class JnaSyscalls implements Floor {
    private static final int PROT_NONE = 0;
    private static final int PROT_READ_WRITE = 1 | 2;
    private static final int MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final int SC_PAGESIZE = 30;
    private static final MethodHandle PUT_INT = unsafePutInt();

    static {
        Native.register(JnaSyscalls.class, Platform.C_LIBRARY_NAME);
    }

    private static native long mmap(long address, long length, int prot, int flags, int fd, long offset);

    private static native int mprotect(long address, long length, int prot);

    private static native int madvise(long address, long length, int advice);

    private static native int munmap(long address, long length);

    private static native long sysconf(int name);

    @Override
    public long pageSize() {
        return sysconf(SC_PAGESIZE);
    }

    @Override
    public long reserve(long length) {
        long address = mmap(0, length, PROT_NONE, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0);
        if (address == -1) {
            throw failure("mmap");
        }
        return address;
    }

    @Override
    public void commit(long address, long length) {
        if (mprotect(address, length, PROT_READ_WRITE) != 0) {
            throw failure("mprotect");
        }
    }

    @Override
    public void advise(long address, long length, int advice) {
        if (madvise(address, length, advice) != 0) {
            throw failure("madvise(" + advice + ")");
        }
    }

    @Override
    public void decommit(long address, long length) {
        if (madvise(address, length, MADV_DONTNEED) != 0) {
            throw failure("madvise");
        }
        if (mprotect(address, length, PROT_NONE) != 0) {
            throw failure("mprotect");
        }
    }

    @Override
    public void release(long address, long length) {
        if (munmap(address, length) != 0) {
            throw failure("munmap");
        }
    }

    @Override
    public void putInt(long address, int value) {
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
