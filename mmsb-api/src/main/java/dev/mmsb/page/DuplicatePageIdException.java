package dev.mmsb.page;

/** {@link PageAllocator#allocate} was given an id that a live page already has. */
public final class DuplicatePageIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The id that was taken. */
    private final long pageId;

    DuplicatePageIdException(long pageId) {
        super("page id " + pageId + " is already allocated");
        this.pageId = pageId;
    }

    /** {@return the id that was taken} */
    public long pageId() {
        return pageId;
    }
}
