package dev.mmsb.page;

import java.util.NoSuchElementException;

/** No live page has this id: never allocated, or freed. */
public final class NoSuchPageException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    private final long pageId;

    NoSuchPageException(long pageId) {
        super("no page with id " + pageId);
        this.pageId = pageId;
    }

    public long pageId() {
        return pageId;
    }
}
