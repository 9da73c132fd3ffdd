package dev.mmsb.page;

/** An operation that the page's current state does not allow: says which page, which state, and what was tried. */
public final class IllegalPageStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The page's id. */
    private final long pageId;
    /** The state that refused the operation. */
    private final PageState state;

    IllegalPageStateException(long pageId, PageState state, String operation, String needs) {
        super(operation + " on page " + pageId + " refused: page is " + state + ", " + operation + " needs " + needs);
        this.pageId = pageId;
        this.state = state;
    }

    /** {@return the page's id} */
    public long pageId() {
        return pageId;
    }

    /** {@return the state that refused the operation} */
    public PageState state() {
        return state;
    }
}
