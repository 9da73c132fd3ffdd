package dev.mmsb.memory;

/**
 * An access touched a page that does not allow it: not committed, decommitted, or protected against it. Thrown before
 * the access, so memory is never touched.
 */
public final class PageAccessException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Where the refused access started. */
    private final long offset;
    /** The first page of the access that refused it. */
    private final long pageOffset;

    /**
     * A refused access.
     *
     * @param message    what was refused and why
     * @param offset     where the access started
     * @param pageOffset offset of the first page of the access that refused it
     */
    public PageAccessException(String message, long offset, long pageOffset) {
        super(message);
        this.offset = offset;
        this.pageOffset = pageOffset;
    }

    /** {@return the offset the refused access started at.} */
    public long offset() {
        return offset;
    }

    /** {@return offset of the first page in the access that refused it.} */
    public long pageOffset() {
        return pageOffset;
    }
}
