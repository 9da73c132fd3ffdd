package dev.mmsb.memory;

/**
 * A syscall under a paging operation failed, or (the subclass {@link MappingLimitException}) MMSB refused to make one
 * because it would have taken the process too close to {@code vm.max_map_count}. Carries what was asked and what the
 * OS answered, and for {@code ENOMEM} a {@linkplain #hint() hint} at what likely ran out and how to fix it.
 *
 * <p>The message is built with a {@link StringBuilder}, not string concatenation: this exception is built when the
 * process may be out of memory mappings, and the first run of a concatenation site bootstraps it, which loads and
 * defines classes and so may need a mapping the process no longer has.
 */
public class NativeMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The syscall. */
    private final String operation;
    /** Start address of the range. */
    private final long address;
    /** Bytes in the range. */
    private final long length;
    /** What the OS answered. */
    private final int errno;
    /** The C library's text for {@link #errno}. */
    private final String errnoText;
    /** What likely ran out, or null. */
    private final String hint;

    /**
     * A failed syscall, with no hint.
     *
     * @param operation the syscall, e.g. {@code "mmap"}
     * @param address   start address of the range
     * @param length    bytes in the range
     * @param errno     what the OS answered
     * @param errnoText the C library's text for {@code errno}
     */
    public NativeMemoryException(String operation, long address, long length, int errno, String errnoText) {
        this(operation, address, length, errno, errnoText, null);
    }

    /**
     * A failed syscall, with a hint.
     *
     * @param operation the syscall, e.g. {@code "mmap"}
     * @param address   start address of the range
     * @param length    bytes in the range
     * @param errno     what the OS answered
     * @param errnoText the C library's text for {@code errno}
     * @param hint      what likely ran out and what to do about it, appended to the message; may be null
     */
    public NativeMemoryException(String operation, long address, long length, int errno, String errnoText,
                                 String hint) {
        this(message(operation, address, length, errno, errnoText, hint), operation, address, length, errno,
                errnoText, hint);
    }

    /** For {@link MappingLimitException}, whose message is its own. */
    NativeMemoryException(String message, String operation, long address, long length, int errno, String errnoText,
                          String hint) {
        super(message);
        this.operation = operation;
        this.address = address;
        this.length = length;
        this.errno = errno;
        this.errnoText = errnoText;
        this.hint = hint;
    }

    private static String message(String operation, long address, long length, int errno, String errnoText,
                                  String hint) {
        StringBuilder text = new StringBuilder(160).append(operation).append(" failed on [0x")
                .append(Long.toHexString(address)).append(", 0x").append(Long.toHexString(address + length))
                .append(") length=").append(length).append(": errno=").append(errno).append(" (").append(errnoText)
                .append(')');
        if (hint != null) {
            text.append(". ").append(hint);
        }
        return text.toString();
    }

    /**
     * The same failure with {@code hint} added to the message, and this exception's stack trace; this exception
     * itself if it has a hint already.
     *
     * @param hint what likely ran out and what to do about it; null changes nothing
     * @return the hinted exception, or this one
     */
    public NativeMemoryException withHint(String hint) {
        if (this.hint != null || hint == null) {
            return this;
        }
        NativeMemoryException hinted = new NativeMemoryException(operation, address, length, errno, errnoText, hint);
        hinted.setStackTrace(getStackTrace());
        for (Throwable suppressed : getSuppressed()) {
            hinted.addSuppressed(suppressed);
        }
        return hinted;
    }

    /** {@return the syscall, e.g. {@code "mmap"} or {@code "madvise(MADV_DONTNEED)"}.} */
    public String operation() {
        return operation;
    }

    /** {@return start address of the range the syscall was given} */
    public long address() {
        return address;
    }

    /** {@return bytes in the range the syscall was given} */
    public long length() {
        return length;
    }

    /** {@return what the OS answered, e.g. 12 for {@code ENOMEM}} */
    public int errno() {
        return errno;
    }

    /** {@return the C library's text for {@link #errno()}.} */
    public String errnoText() {
        return errnoText;
    }

    /** {@return what likely ran out and what to do about it, or null when MMSB has nothing to add to the errno.} */
    public String hint() {
        return hint;
    }
}
