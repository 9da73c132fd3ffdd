package dev.mmsb.memory;

/** Access rights of committed pages, as given to {@link Reservation#protect}. */
public enum Protection {
    /** Reads and writes allowed: the state {@link Reservation#commit} leaves a range in. */
    READ_WRITE(true, true),
    /** Reads allowed, writes refused. */
    READ_ONLY(true, false),
    /** Neither reads nor writes; the memory stays committed. */
    NONE(false, false);

    private final boolean readable;
    private final boolean writable;

    Protection(boolean readable, boolean writable) {
        this.readable = readable;
        this.writable = writable;
    }

    /** {@return whether pages with this protection can be read} */
    public boolean readable() {
        return readable;
    }

    /** {@return whether pages with this protection can be written} */
    public boolean writable() {
        return writable;
    }
}
