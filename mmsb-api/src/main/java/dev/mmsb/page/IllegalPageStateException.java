package dev.mmsb.page;

/** An operation that the page's current state does not allow: says which page, which state, and what was tried. */
public final class IllegalPageStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final long pageId;
    private final PageState state;

    IllegalPageStateException(long pageId, PageState state, String operation, String needs) {
        super(operation + " on page " + pageId + " refused: page is " + state + ", " + operation + " needs " + needs);
        this.pageId = pageId;
        this.state = state;
    }

    public long pageId() {
        return pageId;
    }

    public PageState state() {
        return state;
    }
}
