package dev.mmsb.testing;

/**
 * {@code mlock(2)} and {@code munlock(2)}, called the way the backend under test calls libc. Tests lock pages to make a
 * real syscall fail: {@code madvise(MADV_DONTNEED)} refuses locked pages with EINVAL.
 */
public interface MemoryLock {
    /** 0, or the errno {@code mlock} failed with (EPERM or ENOMEM without CAP_IPC_LOCK or enough RLIMIT_MEMLOCK). */
    int lock(long address, long length);

    /** 0, or the errno that {@code munlock} failed with. */
    int unlock(long address, long length);
}
