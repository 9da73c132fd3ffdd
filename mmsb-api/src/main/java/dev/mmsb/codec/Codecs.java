package dev.mmsb.codec;

/** Codecs for the boxed primitives, in native byte order. Each refuses null with a NullPointerException. */
public final class Codecs {
    /** A byte in 1 byte. */
    public static final ElementCodec<Byte> BYTE = ElementCodec.of(1, (m, o) -> m.getByte(o), (m, o, v) -> m.putByte(o, v));
    /** A short in 2 bytes. */
    public static final ElementCodec<Short> SHORT =
            ElementCodec.of(2, (m, o) -> m.getShort(o), (m, o, v) -> m.putShort(o, v));
    /** A char in 2 bytes. */
    public static final ElementCodec<Character> CHAR =
            ElementCodec.of(2, (m, o) -> (char) m.getShort(o), (m, o, v) -> m.putShort(o, (short) v.charValue()));
    /** An int in 4 bytes. */
    public static final ElementCodec<Integer> INT =
            ElementCodec.of(4, (m, o) -> m.getInt(o), (m, o, v) -> m.putInt(o, v));
    /** A long in 8 bytes. */
    public static final ElementCodec<Long> LONG =
            ElementCodec.of(8, (m, o) -> m.getLong(o), (m, o, v) -> m.putLong(o, v));
    /** A float in 4 bytes. */
    public static final ElementCodec<Float> FLOAT =
            ElementCodec.of(4, (m, o) -> m.getFloat(o), (m, o, v) -> m.putFloat(o, v));
    /** A double in 8 bytes. */
    public static final ElementCodec<Double> DOUBLE =
            ElementCodec.of(8, (m, o) -> m.getDouble(o), (m, o, v) -> m.putDouble(o, v));
    /** A boolean in 1 byte: 1 for true, 0 for false; any non-zero byte reads as true. */
    public static final ElementCodec<Boolean> BOOLEAN =
            ElementCodec.of(1, (m, o) -> m.getByte(o) != 0, (m, o, v) -> m.putByte(o, (byte) (v ? 1 : 0)));

    private Codecs() {
    }
}
