package dev.mmsb.backend.unsafe;

import sun.misc.Unsafe;

import java.lang.reflect.Field;

/**
 * Holds {@code sun.misc.Unsafe}, which never leaves this package, and the bulk operations built on it. Bulk operations
 * go in chunks of {@value #CHUNK} bytes because one {@code copyMemory} or {@code setMemory} call does not reach a
 * safepoint, so a huge one would stall every GC pause behind it (the JDK does the same: {@code UNSAFE_COPY_THRESHOLD}).
 *
 * <p>Loading this class throws {@link UnsupportedOperationException} (wrapped in an
 * {@link ExceptionInInitializerError}) if {@code theUnsafe} cannot be read.
 */
final class UnsafeAccess {
    static final Unsafe UNSAFE = load();
    static final long BYTE_ARRAY_BASE = Unsafe.ARRAY_BYTE_BASE_OFFSET;
    static final long INT_ARRAY_BASE = Unsafe.ARRAY_INT_BASE_OFFSET;
    static final long LONG_ARRAY_BASE = Unsafe.ARRAY_LONG_BASE_OFFSET;
    static final long DOUBLE_ARRAY_BASE = Unsafe.ARRAY_DOUBLE_BASE_OFFSET;
    static final long CHUNK = 1L << 20;

    private UnsafeAccess() {
    }

    private static Unsafe load() {
        try {
            Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (Unsafe) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedOperationException("cannot read sun.misc.Unsafe.theUnsafe: " + e, e);
        }
    }

    /** Nothing: calling it initialises this class, which reads {@code theUnsafe} and calls no memory-access method. */
    static void available() {
    }

    /**
     * Touches memory once through Unsafe, so that a JVM that refuses Unsafe memory access
     * ({@code --sun-misc-unsafe-memory-access=deny}) says so now with an {@link UnsupportedOperationException}, not on
     * the first access to a reservation.
     */
    static void probe() {
        UNSAFE.getByte(new byte[1], BYTE_ARRAY_BASE);
    }

    /**
     * Copies {@code bytes} bytes like {@code memmove}: overlapping ranges in the same base are copied correctly.
     * A null base means an absolute address in {@code offset}.
     */
    static void copy(Object srcBase, long srcOffset, Object dstBase, long dstOffset, long bytes) {
        if (srcBase == dstBase && dstOffset > srcOffset && dstOffset - srcOffset < bytes) {
            // The destination overlaps the source's tail: go back to front so no chunk reads bytes already written.
            for (long end = bytes; end > 0; ) {
                long n = Math.min(CHUNK, end);
                end -= n;
                UNSAFE.copyMemory(srcBase, srcOffset + end, dstBase, dstOffset + end, n);
            }
        } else {
            for (long done = 0; done < bytes; ) {
                long n = Math.min(CHUNK, bytes - done);
                UNSAFE.copyMemory(srcBase, srcOffset + done, dstBase, dstOffset + done, n);
                done += n;
            }
        }
    }

    /** Sets {@code bytes} bytes from the absolute {@code address} to {@code value}. */
    static void fill(long address, long bytes, byte value) {
        for (long done = 0; done < bytes; ) {
            long n = Math.min(CHUNK, bytes - done);
            UNSAFE.setMemory(address + done, n, value);
            done += n;
        }
    }
}
