package dev.mmsb.codec;

/** Codecs for the boxed primitives, in native byte order. Each refuses null with a NullPointerException. */
public final class Codecs {
    public static final ElementCodec<Byte> BYTE = ElementCodec.of(1, e -> e.getByte(0), (e, v) -> e.putByte(0, v));
    public static final ElementCodec<Short> SHORT = ElementCodec.of(2, e -> e.getShort(0), (e, v) -> e.putShort(0, v));
    public static final ElementCodec<Character> CHAR =
            ElementCodec.of(2, e -> e.getChar(0), (e, v) -> e.putChar(0, v));
    public static final ElementCodec<Integer> INT = ElementCodec.of(4, e -> e.getInt(0), (e, v) -> e.putInt(0, v));
    public static final ElementCodec<Long> LONG = ElementCodec.of(8, e -> e.getLong(0), (e, v) -> e.putLong(0, v));
    public static final ElementCodec<Float> FLOAT = ElementCodec.of(4, e -> e.getFloat(0), (e, v) -> e.putFloat(0, v));
    public static final ElementCodec<Double> DOUBLE =
            ElementCodec.of(8, e -> e.getDouble(0), (e, v) -> e.putDouble(0, v));
    public static final ElementCodec<Boolean> BOOLEAN =
            ElementCodec.of(1, e -> e.getByte(0) != 0, (e, v) -> e.putByte(0, (byte) (v ? 1 : 0)));

    private Codecs() {
    }
}
