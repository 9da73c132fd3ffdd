package dev.mmsb.memory;

/**
 * An access touched a page that does not allow it: not committed, decommitted, or protected against it. Thrown before
 * the access, so memory is never touched.
 */
public final class PageAccessException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final long pageOffset;

    public PageAccessException(String message, long offset, long pageOffset) {
        super(message);
        this.offset = offset;
        this.pageOffset = pageOffset;
    }

    /** The offset the refused access started at. */
    public long offset() {
        return offset;
    }

    /** Offset of the first page in the access that refused it. */
    public long pageOffset() {
        return pageOffset;
    }
}
