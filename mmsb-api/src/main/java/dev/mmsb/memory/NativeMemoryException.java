package dev.mmsb.memory;

/** A syscall under a paging operation failed. Carries what was asked and what the OS answered. */
public final class NativeMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final long address;
    private final long length;
    private final int errno;

    public NativeMemoryException(String operation, long address, long length, int errno, String errnoText) {
        super(operation + " failed on [0x" + Long.toHexString(address) + ", 0x" + Long.toHexString(address + length)
                + ") length=" + length + ": errno=" + errno + " (" + errnoText + ")");
        this.operation = operation;
        this.address = address;
        this.length = length;
        this.errno = errno;
    }

    /** The syscall, e.g. {@code "mmap"} or {@code "madvise(MADV_DONTNEED)"}. */
    public String operation() {
        return operation;
    }

    public long address() {
        return address;
    }

    public long length() {
        return length;
    }

    public int errno() {
        return errno;
    }
}
