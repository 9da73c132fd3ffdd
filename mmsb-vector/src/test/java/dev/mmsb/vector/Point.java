package dev.mmsb.vector;

import dev.mmsb.codec.ElementCodec;

/** A 12-byte record: its size does not divide the page size, so some elements straddle two pages. */
record Point(int x, long y) {
    static final ElementCodec<Point> CODEC = ElementCodec.of(12,
            e -> new Point(e.getInt(0), e.getLong(4)),
            (e, p) -> {
                e.putInt(0, p.x());
                e.putLong(4, p.y());
            });

    /** A point that encodes {@code v} twice, so that a torn or misplaced element is noticed. */
    static Point of(long v) {
        return new Point((int) v ^ 0x5A5A5A5A, v);
    }

    /** The value {@link #of} encoded; fails if the two copies disagree. */
    long value() {
        if (x != ((int) y ^ 0x5A5A5A5A)) {
            throw new AssertionError("torn element " + this);
        }
        return y;
    }
}
