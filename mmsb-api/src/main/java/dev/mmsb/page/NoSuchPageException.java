package dev.mmsb.page;

import java.util.NoSuchElementException;

/** No live page has this id: never allocated, or freed. */
public final class NoSuchPageException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** The id no live page has. */
    private final long pageId;

    NoSuchPageException(long pageId) {
        super("no page with id " + pageId);
        this.pageId = pageId;
    }

    /** {@return the id no live page has} */
    public long pageId() {
        return pageId;
    }
}
