package dev.mmsb.backend.unsafe;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The libc functions under the paging operations, bound by JNA direct mapping (LP64 Linux: {@code size_t},
 * {@code off_t} and pointers are {@code long}). Unchecked: callers test the result and read errno with
 * {@link Native#getLastError()}, which JNA records right after every call. Loading this class loads JNA's native
 * library and throws a {@link LinkageError} if that fails.
 */
final class Libc {
    static {
        Native.register(Libc.class, Platform.C_LIBRARY_NAME);
    }

    private Libc() {
    }

    /** Returns the mapping's address, or {@code MAP_FAILED} (-1). */
    static native long mmap(long address, long length, int prot, int flags, int fd, long offset);

    /** Returns 0, or -1 with errno set. */
    static native int mprotect(long address, long length, int prot);

    /** Returns 0, or -1 with errno set. Not {@code posix_madvise}: glibc makes its DONTNEED a no-op. */
    static native int madvise(long address, long length, int advice);

    /** Returns 0, or -1 with errno set. */
    static native int munmap(long address, long length);

    /**
     * Returns the new address, or {@code MAP_FAILED} (-1). C declares it variadic; the fifth argument, read only
     * with {@code MREMAP_FIXED}, is passed as the LP64 ABIs pass a variadic pointer, in the same register.
     */
    static native long mremap(long oldAddress, long oldLength, long newLength, int flags, long newAddress);

    static native long sysconf(int name);

    static native String strerror(int errno);
}
