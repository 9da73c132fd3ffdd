package dev.mmsb.codec;

/** Codecs for the boxed primitives, in native byte order. Each refuses null with a NullPointerException. */
public final class Codecs {
    /** One byte. */
    public static final ElementCodec<Byte> BYTE = ElementCodec.of(1, e -> e.getByte(0), (e, v) -> e.putByte(0, v));
    /** Two bytes, native byte order. */
    public static final ElementCodec<Short> SHORT = ElementCodec.of(2, e -> e.getShort(0), (e, v) -> e.putShort(0, v));
    /** Two bytes, native byte order: the UTF-16 code unit. */
    public static final ElementCodec<Character> CHAR =
            ElementCodec.of(2, e -> e.getChar(0), (e, v) -> e.putChar(0, v));
    /** Four bytes, native byte order. */
    public static final ElementCodec<Integer> INT = ElementCodec.of(4, e -> e.getInt(0), (e, v) -> e.putInt(0, v));
    /** Eight bytes, native byte order. */
    public static final ElementCodec<Long> LONG = ElementCodec.of(8, e -> e.getLong(0), (e, v) -> e.putLong(0, v));
    /** Four bytes, native byte order: the IEEE 754 binary32 value. */
    public static final ElementCodec<Float> FLOAT = ElementCodec.of(4, e -> e.getFloat(0), (e, v) -> e.putFloat(0, v));
    /** Eight bytes, native byte order: the IEEE 754 binary64 value. */
    public static final ElementCodec<Double> DOUBLE =
            ElementCodec.of(8, e -> e.getDouble(0), (e, v) -> e.putDouble(0, v));
    /** One byte: {@code 1} for true, {@code 0} for false; reads any non-zero byte as true. */
    public static final ElementCodec<Boolean> BOOLEAN =
            ElementCodec.of(1, e -> e.getByte(0) != 0, (e, v) -> e.putByte(0, (byte) (v ? 1 : 0)));

    private Codecs() {
    }
}
