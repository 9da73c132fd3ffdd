package dev.mmsb.backend.unsafe;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.mmsb.testing.MemoryLock;

/** {@code mlock}/{@code munlock} by JNA direct mapping, as {@link Libc} binds the paging calls. Tests only. */
final class JnaMemoryLock implements MemoryLock {
    static {
        Native.register(JnaMemoryLock.class, Platform.C_LIBRARY_NAME);
    }

    private static native int mlock(long address, long length);

    private static native int munlock(long address, long length);

    @Override
    public int lock(long address, long length) {
        return mlock(address, length) == 0 ? 0 : Native.getLastError();
    }

    @Override
    public int unlock(long address, long length) {
        return munlock(address, length) == 0 ? 0 : Native.getLastError();
    }
}
